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
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { client, type Identity } from './clients';
import { allPages, type Outcome, type ReadOptions, read } from './read';

/** Assumed-role sessions last 15 minutes (the minimum); a session is renewed 5 minutes before it ends. */
const SESSION_SECONDS = 900;
const RENEW_BEFORE_MS = 5 * 60_000;
export const SESSION_NAME = 'sagemaker-access-doctor';

// Kept across invocations: one AssumeRole per account per quarter hour, not per event.
const sessions = new Map<string, AwsCredentialIdentity>();

/** The organization's accounts are listed again after this long (contract: at most 15 minutes). */
const ORGANIZATION_ACCOUNTS_TTL_MS = 15 * 60_000;
const organizationAccounts = new Map<string, { at: number; accounts: Promise<Outcome<Set<string>>> }>();

/** Forgets the cached sessions and organization accounts (tests). */
export function resetSessions(): void {
  sessions.clear();
  organizationAccounts.clear();
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
    let cached = organizationAccounts.get(base.key);
    if (!cached || Date.now() - cached.at > ORGANIZATION_ACCOUNTS_TTL_MS) {
      const organizations = client('organizations', region, base);
      cached = {
        at: Date.now(),
        accounts: read('organizations:ListAccounts', this.options.read, async (abortSignal) => {
          const accounts = await allPages(
            paginateListAccounts({ client: organizations }, {}, { abortSignal }),
            (page) => page.Accounts,
          );
          return new Set(accounts.flatMap((account) => (account.Id ? [account.Id] : [])));
        }),
      };
      organizationAccounts.set(base.key, cached);
    }
    this.organization = await cached.accounts;
    if (!this.organization.ok) organizationAccounts.delete(base.key);
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
    await this.loadOrganization();
    const refusal = this.refusal(account);
    if (refusal !== undefined) return { ok: false, code: 'NotInOrganization', why: refusal };
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
