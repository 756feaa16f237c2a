/**
 * Which credentials read a given account: the caller's own for its own account; in another
 * account, a role of the given name assumed there with STS, or nothing (the evidence of that
 * account is then unknown, with the reason).
 *
 * A role is assumed only in an account known to be the organization's (its accounts listed by
 * `organizations:ListAccounts`, https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html),
 * or, where the organization cannot be listed, one that an ARN of the job's description names.
 * Never in an account guessed from digits in a bucket name or from an image's registry host:
 * those are often AWS's own accounts (the SageMaker algorithm registries), where no role of
 * ours exists (docs/lambda.md).
 */
import { roleArn } from '../../arn';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { client, type Identity } from './clients';
import { InstanceCache, resetInstanceCaches } from './instance-cache';
import { allPages, type Outcome, type ReadOptions, read } from './read';

/** Assumed-role sessions last 15 minutes (the minimum AssumeRole allows). */
const SESSION_SECONDS = 900;
/**
 * A session is used for 10 of its 15 minutes: one AssumeRole per account per 10 minutes and
 * instance, not per event, and never a session that ends during a diagnosis. A refusal
 * (no role there, or a trust policy that does not name ours) is remembered as long: asking
 * again in a burst would give the same answer. A throttled or timed-out call is not remembered.
 */
const SESSION_USE_MS = 10 * 60_000;
const SESSION_NAME = 'sagemaker-access-doctor';

const sessions = new InstanceCache<Outcome<AwsCredentialIdentity>>(SESSION_USE_MS);

/** The organization's accounts are listed again after this long (contract: at most 15 minutes). */
const ORGANIZATION_ACCOUNTS_TTL_MS = 15 * 60_000;
const organizationAccounts = new InstanceCache<Outcome<Set<string>>>(ORGANIZATION_ACCOUNTS_TTL_MS);

/** Forgets the cached sessions, organization accounts and every other instance cache (tests). */
export function resetSessions(): void {
  resetInstanceCaches();
}

export interface AccountAccessOptions {
  base: Identity;
  ownAccount: string;
  partition: string;
  region: string;
  crossAccountRoleName?: string;
  read: ReadOptions;
  /**
   * Accounts that ARNs of the job's description name (its role, keys): where the organization
   * cannot be listed, the only other accounts read.
   */
  namedAccounts: ReadonlySet<string>;
}

export class AccountAccess {
  private organization?: Outcome<Set<string>>;

  public constructor(private readonly options: AccountAccessOptions) {}

  /**
   * Lists the organization's accounts (once per container and quarter hour), when a
   * cross-account role is configured; `readable` is exact once this resolved.
   */
  public async loadOrganization(): Promise<void> {
    const { base, region } = this.options;
    if (!this.hasCrossAccountRole || this.organization) return;
    this.organization = await organizationAccounts.get(
      base.key,
      () => {
        const organizations = client('organizations', region, base);
        return read('organizations:ListAccounts', this.options.read, async (abortSignal) => {
          const accounts = await allPages(
            paginateListAccounts({ client: organizations }, {}, { abortSignal }),
            (page) => page.Accounts,
          );
          return new Set(accounts.flatMap((account) => (account.Id ? [account.Id] : [])));
        });
      },
      (outcome) => outcome.ok,
    );
  }

  /** Why another account may not be read, or undefined when it may. */
  private refusal(account: string): string | undefined {
    const organization = this.organization;
    if (organization?.ok) {
      return organization.value.has(account)
        ? undefined
        : `account ${account} is not an account of the organization (organizations:ListAccounts): no role is assumed there`;
    }
    if (this.options.namedAccounts.has(account)) return undefined;
    return `account ${account} is named by no ARN of the job, and the organization's accounts could not be listed to tell whether it is one of them (${organization?.why ?? 'organizations:ListAccounts not called'}): no role is assumed there`;
  }

  /** How many accounts the organization has, once they were listed (loadOrganization). */
  public organizationSize(): number | undefined {
    return this.organization?.ok ? this.organization.value.size : undefined;
  }

  /** Whether `account` can be read: the caller's own, or one of the organization's through the role. */
  public readable(account: string): boolean {
    return account === this.ownAccount || (this.hasCrossAccountRole && this.refusal(account) === undefined);
  }

  /** Other accounts where a resource of unknown owner (a bucket) may be looked for. */
  public async otherAccounts(): Promise<string[]> {
    await this.loadOrganization();
    const organization = this.organization;
    const accounts = organization?.ok ? organization.value : this.options.namedAccounts;
    return [...accounts].filter((account) => account !== this.ownAccount).sort();
  }

  public get ownAccount(): string {
    return this.options.ownAccount;
  }

  /** What answers read through these accounts depend on (caller and role name): a cache key. */
  public get scope(): string {
    return `${this.options.base.key}\u0000${this.options.crossAccountRoleName ?? ''}`;
  }

  /** Whether other accounts can be read at all (a role name to assume there is set). */
  public get hasCrossAccountRole(): boolean {
    return this.options.crossAccountRoleName !== undefined;
  }

  /** The role assumed in `account` to read it. */
  public roleArn(account: string): string | undefined {
    const name = this.options.crossAccountRoleName;
    return name === undefined ? undefined : roleArn(this.options.partition, account, name);
  }

  /** The identity that reads `account`, or why there is none. */
  public async identity(account: string): Promise<Outcome<Identity>> {
    const { base, ownAccount } = this.options;
    if (account === ownAccount) return { ok: true, value: base };
    const roleArn = this.roleArn(account);
    if (roleArn === undefined) {
      return {
        ok: false,
        code: 'NoCrossAccountRole',
        why: `account ${account} is not the caller's account ${ownAccount} and no cross-account role name is configured to read it`,
      };
    }
    await this.loadOrganization();
    const refusal = this.refusal(account);
    if (refusal !== undefined) return { ok: false, code: 'NotInOrganization', why: refusal };
    const credentials = await sessions.get(
      `${base.key}\u0000${roleArn}`,
      () => this.assumeRole(roleArn),
      (outcome) => outcome.ok || !outcome.transient,
    );
    return credentials.ok ? { ok: true, value: sessionIdentity(roleArn, credentials.value) } : credentials;
  }

  private async assumeRole(roleArn: string): Promise<Outcome<AwsCredentialIdentity>> {
    const sts = client('sts', this.options.region, this.options.base);
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
    return {
      ok: true,
      value: {
        accessKeyId: issued.AccessKeyId,
        secretAccessKey: issued.SecretAccessKey,
        sessionToken: issued.SessionToken,
        expiration: issued.Expiration ?? new Date(Date.now() + SESSION_SECONDS * 1000),
      },
    };
  }
}

// The expiration is part of the key: a renewed session gets new clients, never stale credentials.
const sessionIdentity = (roleArn: string, credentials: AwsCredentialIdentity): Identity => ({
  key: `role:${roleArn}:${credentials.expiration?.getTime() ?? 0}`,
  credentials,
});
