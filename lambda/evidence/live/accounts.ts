/**
 * Which credentials read a given account: the caller's own for its own account; in another
 * account, a role of the given name assumed there with STS, or nothing (the evidence of that
 * account is then unknown, with the reason).
 */
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { client, type Identity } from './clients';
import { type Outcome, type ReadOptions, read } from './read';

/** Assumed-role sessions last 15 minutes (the minimum); a session is renewed 5 minutes before it ends. */
const SESSION_SECONDS = 900;
const RENEW_BEFORE_MS = 5 * 60_000;
export const SESSION_NAME = 'sagemaker-access-doctor';

// Kept across invocations: one AssumeRole per account per quarter hour, not per event.
const sessions = new Map<string, AwsCredentialIdentity>();

/** Forgets the cached sessions (tests). */
export function resetSessions(): void {
  sessions.clear();
}

export interface AccountAccessOptions {
  base: Identity;
  ownAccount: string;
  partition: string;
  region: string;
  crossAccountRoleName?: string;
  read: ReadOptions;
}

export class AccountAccess {
  public constructor(private readonly options: AccountAccessOptions) {}

  public get ownAccount(): string {
    return this.options.ownAccount;
  }

  /** Whether other accounts can be read at all (a role name to assume there is set). */
  public get hasCrossAccountRole(): boolean {
    return this.options.crossAccountRoleName !== undefined;
  }

  /** The role assumed in `account` to read it. */
  public roleArn(account: string): string | undefined {
    const name = this.options.crossAccountRoleName;
    return name === undefined ? undefined : `arn:${this.options.partition}:iam::${account}:role/${name}`;
  }

  /** The identity that reads `account`, or why there is none. */
  public async identity(account: string): Promise<Outcome<Identity>> {
    const { base, ownAccount, region } = this.options;
    if (account === ownAccount) return { ok: true, value: base };
    const roleArn = this.roleArn(account);
    if (roleArn === undefined) {
      return {
        ok: false,
        code: 'NoCrossAccountRole',
        why: `account ${account} is not the caller's account ${ownAccount} and no cross-account role name is configured to read it`,
      };
    }
    const key = `${base.key}\u0000${roleArn}`;
    const cached = sessions.get(key);
    if (cached?.expiration && cached.expiration.getTime() - Date.now() > RENEW_BEFORE_MS) {
      return { ok: true, value: sessionIdentity(roleArn, cached) };
    }
    const sts = client('sts', region, base);
    const outcome = await read(`sts:AssumeRole into ${roleArn}`, this.options.read, (abortSignal) =>
      sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME, DurationSeconds: SESSION_SECONDS }),
        { abortSignal },
      ),
    );
    if (!outcome.ok) return outcome;
    const issued = outcome.value.Credentials;
    if (!issued?.AccessKeyId || !issued.SecretAccessKey) {
      return { ok: false, code: 'NoCredentials', why: `sts:AssumeRole into ${roleArn} returned no credentials` };
    }
    const credentials: AwsCredentialIdentity = {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretAccessKey,
      sessionToken: issued.SessionToken,
      expiration: issued.Expiration ?? new Date(Date.now() + SESSION_SECONDS * 1000),
    };
    sessions.set(key, credentials);
    return { ok: true, value: sessionIdentity(roleArn, credentials) };
  }
}

// The expiration is part of the key: a renewed session gets new clients, never stale credentials.
const sessionIdentity = (roleArn: string, credentials: AwsCredentialIdentity): Identity => ({
  key: `role:${roleArn}:${credentials.expiration?.getTime() ?? 0}`,
  credentials,
});
