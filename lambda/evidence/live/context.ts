/**
 * What every reader of one diagnosis shares: where it reads (partition, region, the caller's
 * account and the way into other accounts), its time bound, and the recorder.
 */
import type { AccountAccess } from './accounts';
import type { ReadOptions } from './read';
import type { Recorder } from './recorder';

export interface LiveContext {
  readonly partition: string;
  readonly region: string;
  readonly access: AccountAccess;
  readonly read: ReadOptions;
  readonly recorder: Recorder;
  /** Object-level reads (ListObjectsV2, HeadObject, GetObjectAcl) are turned on. */
  readonly objectLevelReads: boolean;
  /**
   * Accounts that the job's own description names (role, keys, images): where a bucket of
   * another account is looked for, with the cross-account role.
   */
  readonly candidateAccounts: Set<string>;
}
