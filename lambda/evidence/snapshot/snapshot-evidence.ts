/**
 * The evidence interface over a snapshot file (docs/formats/snapshot.md).
 *
 * A key absent from the snapshot answers `unknown` with the reason in words a reader can act
 * on ("account 222222222222 is not in the snapshot"); a key set to `null` answers
 * `known(null)`. Nothing here evaluates policies: documents are handed on as written.
 */
import {
  ecrRepositoryArn,
  isAwsManagedPolicyArn,
  type KmsArn,
  kmsArn,
  parseKmsArn,
  parseRoleArn,
  parseSageMakerArn,
} from '../../arn';
import type { KmsGrant } from '../../engine/types';
import {
  known,
  unknown,
  type BucketEvidence,
  type Description,
  type Evidence,
  type KeyEvidence,
  type Known,
  type NamedPolicy,
  type OrganizationEvidence,
  type RepositoryEvidence,
  type RoleEvidence,
  type S3ObjectEvidence,
  type SubnetEvidence,
  type VpcEndpointEvidence,
} from '../evidence';
import { JOB_KINDS, jobKind, jobKindOfArnType, type JobKind } from '../../job-kinds';
import { has } from '../../json';
import { evidencePath, ORGANIZATION_UNREADABLE } from './types';
import type {
  AccountSnapshot,
  AttachedPolicy,
  KmsKeySnapshot,
  ManagedPolicyDetail,
  OrganizationPolicy,
  RoleDetail,
  SageMakerSection,
  Snapshot,
} from './types';

/** The own value of `record[key]`, so that names such as `constructor` are data, not prototype. */
function lookup<T>(record: Record<string, T>, key: string): T | undefined {
  return has(record, key) ? record[key] : undefined;
}

/** `known(value)` when the snapshot has the key, else `unknown(why)`. */
function field<T>(value: T | undefined, why: string): Known<T> {
  return value === undefined ? unknown(why) : known(value);
}

/** Answers the diagnosis's questions from a validated snapshot (see `load.ts`). */
export class SnapshotEvidence implements Evidence {
  public readonly partition: string;
  public readonly region: string;

  public constructor(private readonly snapshot: Snapshot) {
    this.partition = snapshot.partition;
    this.region = snapshot.region;
  }

  /**
   * Why a piece at `path` of an account could not be read, as `--record` wrote it
   * (`unreadableReasons`), else `fallback`. A piece whose account is not known (a bucket whose
   * owner could not be found) has its reason in whichever account recorded it.
   */
  private because(accountId: string | undefined, path: string, fallback: string): string {
    const own = accountId === undefined ? undefined : lookup(this.snapshot.accounts, accountId)?.unreadableReasons;
    const reason =
      (own && lookup(own, path)) ??
      Object.values(this.snapshot.accounts)
        .map((account) => account.unreadableReasons && lookup(account.unreadableReasons, path))
        .find((why) => why !== undefined);
    return reason ?? fallback;
  }

  /** Whether `--record` wrote a reason for the piece at `path` of the account. */
  private hasReason(accountId: string, path: string): boolean {
    const reasons = lookup(this.snapshot.accounts, accountId)?.unreadableReasons;
    return reasons !== undefined && has(reasons, path);
  }

  public holdsAccount(account: string): boolean {
    return has(this.snapshot.accounts, account);
  }

  public async describeJob(account: string, kind: JobKind, name: string): Promise<Known<Description | null>> {
    const { section, label } = jobKind(kind);
    return this.description(account, section, label, name);
  }

  public async describeJobByArn(arn: string): Promise<Known<{ kind: JobKind; description: Description } | null>> {
    const wanted = arn.toLowerCase();
    for (const account of Object.values(this.snapshot.accounts)) {
      for (const kind of JOB_KINDS) {
        const { section, arnField } = jobKind(kind);
        for (const description of Object.values(account.sagemaker?.[section] ?? {})) {
          if (description === null) continue;
          const candidate = description[arnField];
          if (typeof candidate === 'string' && candidate.toLowerCase() === wanted) return known({ kind, description });
        }
      }
    }
    return this.describeJobByArnName(arn);
  }

  /**
   * A job the snapshot lists without its `*Arn` field (or as `null`), found by the kind and name
   * in the ARN. SageMaker ARNs may write the name in lower case, so names compare without case.
   */
  private describeJobByArnName(arn: string): Known<{ kind: JobKind; description: Description } | null> {
    const parts = parseSageMakerArn(arn);
    if (!parts) return unknown(`'${arn}' is not a SageMaker job ARN`);
    const { account: accountId, resourceType: arnType, name } = parts;
    const account = lookup(this.snapshot.accounts, accountId);
    if (account === undefined) return unknown(`account ${accountId} is not in the snapshot`);
    const kind = jobKindOfArnType(arnType);
    const descriptions = kind === undefined ? undefined : account.sagemaker?.[jobKind(kind).section];
    for (const [key, description] of Object.entries(descriptions ?? {})) {
      if (kind === undefined || key.toLowerCase() !== name.toLowerCase()) continue;
      if (description === null) return known(null);
      if (!has(description, jobKind(kind).arnField)) return known({ kind, description });
    }
    return unknown(`no job in the snapshot has the ARN '${arn}'`);
  }

  public async describeModel(account: string, name: string): Promise<Known<Description | null>> {
    return this.description(account, 'models', 'model', name);
  }

  public async describeEndpointConfig(account: string, name: string): Promise<Known<Description | null>> {
    return this.description(account, 'endpointConfigs', 'endpoint configuration', name);
  }

  public async describePipeline(account: string, name: string): Promise<Known<Description | null>> {
    return this.description(account, 'pipelines', 'pipeline', name);
  }

  public async describePipelineExecution(account: string, executionArn: string): Promise<Known<Description | null>> {
    return this.description(account, 'pipelineExecutions', 'pipeline execution', executionArn);
  }

  private description(
    accountId: string,
    section: SageMakerSection,
    noun: string,
    name: string,
  ): Known<Description | null> {
    const account = this.account(accountId);
    if (!account.known) return account;
    const path = evidencePath('sagemaker', section, name);
    if (this.hasReason(accountId, path)) return unknown(this.because(accountId, path, ''));
    const sagemaker = account.value.sagemaker;
    if (sagemaker === undefined) return unknown(`the snapshot has no 'sagemaker' section for account ${accountId}`);
    const descriptions = sagemaker[section];
    if (descriptions === undefined) return unknown(`the snapshot has no sagemaker.${section} for account ${accountId}`);
    return field(
      lookup(descriptions, name),
      `${noun} '${name}' is not in the snapshot's sagemaker.${section} of account ${accountId}`,
    );
  }

  public async role(arn: string): Promise<Known<RoleEvidence | null>> {
    const parts = parseRoleArn(arn);
    if (!parts) return unknown(`'${arn}' is not an IAM role ARN`);
    const { account: accountId, roleName } = parts;
    const path = evidencePath('iam', 'RoleDetailList', roleName);
    const account = this.account(accountId);
    if (!account.known) return unknown(this.because(accountId, path, account.why));
    const iam = account.value.iam;
    if (iam?.RoleDetailList === undefined && this.hasReason(accountId, path))
      return unknown(this.because(accountId, path, ''));
    if (iam === undefined) return unknown(`the snapshot has no IAM details of account ${accountId} (key 'iam' absent)`);
    if (iam.RoleDetailList === undefined)
      return unknown(`the snapshot's IAM details of account ${accountId} have no RoleDetailList`);
    // IAM role names are unique in an account without regard to case, and a role ARN may be
    // written without the role's path: the name alone finds the role
    // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html, RoleName).
    const wanted = roleName.toLowerCase();
    const role = iam.RoleDetailList.find((candidate) => candidate.RoleName.toLowerCase() === wanted);
    return known(role === undefined ? null : this.roleEvidence(role, accountId, account.value));
  }

  private roleEvidence(role: RoleDetail, accountId: string, account: AccountSnapshot): RoleEvidence {
    const name = role.RoleName;
    // A field the snapshot marks unreadable is not known, whatever the role holds under it.
    const unreadable = new Set(role.unreadable ?? []);
    const readable = <K extends keyof RoleDetail>(key: K): RoleDetail[K] | undefined =>
      unreadable.has(key) ? undefined : role[key];
    const base = evidencePath('iam', 'RoleDetailList', name);
    const why = (what: string, key: string): string =>
      this.because(
        accountId,
        evidencePath(base, key),
        unreadable.has(key)
          ? `the snapshot says the ${what} of role '${name}' could not be read ('${key}' unreadable)`
          : `the snapshot ${key.endsWith('List') || key.endsWith('Policies') ? 'lists' : 'has'} no ${what} of role '${name}' (key '${key}' absent)`,
      );
    // Inline policies read one by one: those that could not be read are named in the reasons,
    // and the list holds the others (docs/formats/snapshot.md).
    const unreadInline = Object.keys(account.unreadableReasons ?? {})
      .filter((path) => path.startsWith(`${base}/RolePolicyList/`))
      .map((path) => path.slice(`${base}/RolePolicyList/`.length));
    const partlyRead =
      unreadable.has('RolePolicyList') &&
      role.RolePolicyList !== undefined &&
      unreadInline.length > 0 &&
      !this.hasReason(accountId, evidencePath(base, 'RolePolicyList'));
    const tags = readable('Tags');
    const evidence: RoleEvidence = {
      arn: role.Arn,
      roleName: name,
      path: role.Path ?? parseRoleArn(role.Arn)?.path ?? '/',
      account: accountId,
      assumeRolePolicy: field(readable('AssumeRolePolicyDocument'), why('trust policy', 'AssumeRolePolicyDocument')),
      inlinePolicies: partlyRead
        ? [
            ...(role.RolePolicyList ?? []).map((policy) => ({
              name: policy.PolicyName,
              document: known(policy.PolicyDocument),
            })),
            ...unreadInline.map((policyName) => ({
              name: policyName,
              document: unknown(this.because(accountId, evidencePath(base, 'RolePolicyList', policyName), '')),
            })),
          ]
        : listed(
            readable('RolePolicyList'),
            `inline policies of ${name}`,
            why('inline policies', 'RolePolicyList'),
            (policy) => ({ name: policy.PolicyName, document: known(policy.PolicyDocument) }),
          ),
      attachedPolicies: listed(
        readable('AttachedManagedPolicies'),
        `managed policies of ${name}`,
        why('managed policies', 'AttachedManagedPolicies'),
        (attached) => this.managedPolicy(attached, accountId, account),
      ),
      permissionsBoundary: unreadable.has('PermissionsBoundary')
        ? {
            name: `permissions boundary of ${name}`,
            document: unknown(why('permissions boundary', 'PermissionsBoundary')),
          }
        : role.PermissionsBoundary === undefined || role.PermissionsBoundary === null
          ? null
          : this.managedPolicy({ PolicyArn: role.PermissionsBoundary.PermissionsBoundaryArn }, accountId, account),
    };
    if (tags !== undefined) evidence.tags = known(Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])));
    else if (unreadable.has('Tags')) evidence.tags = unknown(why('tags', 'Tags'));
    return evidence;
  }

  /**
   * A managed policy by ARN, with its default version's document. AWS managed policies appear
   * in the `Policies` of the account that attaches them (docs/formats/snapshot.md), so any
   * account's copy serves; customer managed ones belong to the role's account.
   */
  private managedPolicy(attached: AttachedPolicy, accountId: string, account: AccountSnapshot): NamedPolicy {
    const arn = attached.PolicyArn;
    const awsManaged = isAwsManagedPolicyArn(arn);
    const holders = awsManaged ? [account, ...Object.values(this.snapshot.accounts)] : [account];
    const policy = holders.flatMap((holder) => holder.iam?.Policies ?? []).find((candidate) => candidate.Arn === arn);
    const name = attached.PolicyName ?? policy?.PolicyName ?? arn.slice(arn.lastIndexOf('/') + 1);
    if (policy === undefined) {
      const why = this.because(
        accountId,
        evidencePath('iam', 'Policies', arn),
        account.iam?.Policies === undefined
          ? `the snapshot has no IAM Policies list of account ${accountId}, so the document of ${arn} is not known`
          : `the managed policy ${arn} is not in the Policies of account ${accountId} in the snapshot`,
      );
      return { name, arn, document: unknown(why) };
    }
    return { name, arn, document: defaultVersionDocument(policy) };
  }

  public async bucket(name: string, prefixes: string[]): Promise<Known<BucketEvidence | null>> {
    for (const [accountId, account] of Object.entries(this.snapshot.accounts)) {
      const buckets = account.s3?.buckets;
      if (buckets === undefined || !has(buckets, name)) continue;
      const bucket = buckets[name];
      if (bucket === null) return known(null);
      const absent = (what: string, key: string): string =>
        this.because(
          accountId,
          evidencePath('s3', 'buckets', name, key),
          `the snapshot has no ${what} for '${name}' (key '${key}' absent)`,
        );
      return known({
        name,
        account: accountId,
        region: field(bucket.region, absent('region', 'region')),
        policy: field(bucket.policy, absent('bucket policy', 'policy')),
        encryption: field(bucket.encryption, absent('default encryption', 'encryption')),
        objectOwnership: field(bucket.objectOwnership, absent('object ownership setting', 'objectOwnership')),
        requesterPays: field(bucket.requesterPays, absent('Requester Pays setting', 'requesterPays')),
        objects: field(
          bucket.objects && objectsUnder(bucket.objects, prefixes),
          this.because(
            accountId,
            evidencePath('s3', 'buckets', name, 'objects'),
            `the snapshot lists no objects of bucket '${name}' (key 'objects' absent)`,
          ),
        ),
      });
    }
    return unknown(
      this.because(undefined, evidencePath('s3', 'buckets', name), `bucket '${name}' is in no account of the snapshot`),
    );
  }

  public async key(ref: string, account: string): Promise<Known<KeyEvidence | null>> {
    const target = this.keyTarget(ref, account);
    const path = evidencePath('kms', 'keys', ref);
    const holder = this.account(target.account);
    if (!holder.known) return unknown(this.because(target.account, path, holder.why));
    const keys = holder.value.kms?.keys;
    if (keys === undefined)
      return unknown(
        this.because(
          target.account,
          path,
          `the snapshot has no KMS keys of account ${target.account} (key 'kms.keys' absent)`,
        ),
      );
    for (const [name, entry] of Object.entries(keys)) {
      const arn = name.startsWith('arn:') ? name : kmsArn(this.partition, this.region, target.account, `key/${name}`);
      if (!target.matches(arn, entry)) continue;
      const reasons = (field: string, fallback: string) =>
        this.because(target.account, evidencePath('kms', 'keys', arn, field), fallback);
      return known(entry === null ? null : keyEvidence(arn, target.account, entry, reasons));
    }
    return unknown(this.because(target.account, path, target.missing));
  }

  /**
   * How `ref` names a key. A key id or alias name resolves in `account` and the snapshot's
   * region; an ARN names its own account and region
   * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id).
   */
  private keyTarget(
    ref: string,
    account: string,
  ): { account: string; matches: (arn: string, entry: KmsKeySnapshot | null) => boolean; missing: string } {
    const byAlias = (owner: string, region: string, alias: string): ReturnType<SnapshotEvidence['keyTarget']> => ({
      account: owner,
      matches: (arn, entry) =>
        keyArnOf(arn)?.region === region && (entry?.aliases ?? []).some((candidate) => aliasName(candidate) === alias),
      missing: `no key of account ${owner} in the snapshot has the alias '${alias}'`,
    });
    const aliasArn = aliasArnOf(ref);
    if (aliasArn) return byAlias(aliasArn.account, aliasArn.region, aliasArn.resource);
    if (ref.startsWith('alias/')) return byAlias(account, this.region, ref);
    const keyArn = keyArnOf(ref);
    const arn = keyArn ? ref : kmsArn(this.partition, this.region, account, `key/${ref}`);
    const owner = keyArn ? keyArn.account : account;
    return {
      account: owner,
      matches: (candidate) => candidate === arn,
      missing: `the key ${arn} is not in the snapshot's kms.keys of account ${owner}`,
    };
  }

  public async organization(accountId: string): Promise<Known<OrganizationEvidence | null>> {
    const account = this.account(accountId);
    if (!account.known) return account;
    const organization = account.value.organization;
    // An account without an organization key is in no organization (docs/formats.md, snapshot).
    if (organization === undefined || organization === null) return known(null);
    if (organization === ORGANIZATION_UNREADABLE)
      return unknown(
        this.because(
          accountId,
          'organization',
          `the snapshot says the organization of account ${accountId} could not be read`,
        ),
      );
    const levels = (kind: 'SCP' | 'RCP', value: OrganizationPolicy[][] | undefined): Known<NamedPolicy[][]> =>
      value === undefined
        ? unknown(
            this.because(
              accountId,
              evidencePath('organization', `${kind.toLowerCase()}s`),
              `the snapshot has no ${kind}s of the organization of account ${accountId} (key '${kind.toLowerCase()}s' absent)`,
            ),
          )
        : known(
            value.map((level, levelIndex) =>
              level.map((policy, index) =>
                namedOrganizationPolicy(policy, `${kind} at level ${levelIndex + 1} #${index + 1}`),
              ),
            ),
          );
    return known({
      id: organization.id,
      scps: levels('SCP', organization.scps),
      rcps: levels('RCP', organization.rcps),
    });
  }

  public async vpcEndpoints(accountId: string): Promise<Known<VpcEndpointEvidence[]>> {
    const account = this.account(accountId);
    if (!account.known) return account;
    const ec2 = account.value.ec2;
    const path = evidencePath('ec2', 'vpcEndpoints');
    if (ec2?.vpcEndpoints === undefined && this.hasReason(accountId, path))
      return unknown(this.because(accountId, path, ''));
    if (ec2 === undefined) return unknown(`the snapshot has no 'ec2' section for account ${accountId}`);
    // An endpoint without a policy document has the default policy, which allows full access
    // (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
    const endpoints = ec2.vpcEndpoints?.map((endpoint) => ({
      ...endpoint,
      PolicyDocument: endpoint.PolicyDocument ?? null,
    }));
    return field(endpoints, `the snapshot has no VPC endpoints of account ${accountId} (key 'vpcEndpoints' absent)`);
  }

  public async subnets(accountId: string): Promise<Known<SubnetEvidence[]>> {
    const account = this.account(accountId);
    if (!account.known) return account;
    const ec2 = account.value.ec2;
    const path = evidencePath('ec2', 'subnets');
    if (ec2?.subnets === undefined && this.hasReason(accountId, path))
      return unknown(this.because(accountId, path, ''));
    if (ec2 === undefined) return unknown(`the snapshot has no 'ec2' section for account ${accountId}`);
    return field(ec2.subnets, `the snapshot has no subnets of account ${accountId} (key 'subnets' absent)`);
  }

  public async repository(accountId: string, region: string, name: string): Promise<Known<RepositoryEvidence | null>> {
    const account = this.account(accountId);
    const path = evidencePath('ecr', 'repositories', name);
    // An account --record could not read at all keeps its reason under the caller's account.
    if (!account.known) return unknown(this.because(accountId, path, account.why));
    // The snapshot's `ecr.repositories` are those of its one region.
    if (region !== this.region)
      return unknown(`the snapshot holds region ${this.region} only, not the repository '${name}' in ${region}`);
    const repositories = account.value.ecr?.repositories;
    if ((repositories === undefined || !has(repositories, name)) && this.hasReason(accountId, path))
      return unknown(this.because(accountId, path, ''));
    if (repositories === undefined)
      return unknown(`the snapshot has no ECR repositories of account ${accountId} (key 'ecr.repositories' absent)`);
    if (!has(repositories, name))
      return unknown(`repository '${name}' is not in the snapshot's ecr.repositories of account ${accountId}`);
    const repository = repositories[name];
    if (repository === null) return known(null);
    return known({
      arn: ecrRepositoryArn(this.partition, region, accountId, name),
      policy: field(
        repository.policy,
        this.because(
          accountId,
          evidencePath(path, 'policy'),
          `the snapshot has no repository policy for '${name}' (key 'policy' absent)`,
        ),
      ),
    });
  }

  private account(accountId: string): Known<AccountSnapshot> {
    return field(lookup(this.snapshot.accounts, accountId), `account ${accountId} is not in the snapshot`);
  }
}

/** `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` */
function keyArnOf(text: string): KmsArn | undefined {
  const arn = parseKmsArn(text);
  return arn?.type === 'key' ? arn : undefined;
}

/** `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME` */
function aliasArnOf(text: string): KmsArn | undefined {
  const arn = parseKmsArn(text);
  return arn?.type === 'alias' ? arn : undefined;
}

/**
 * The default version's document: the version that `DefaultVersionId` names or that is marked
 * `IsDefaultVersion` (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html);
 * a list of one version is that version.
 */
function defaultVersionDocument(policy: ManagedPolicyDetail): Known<unknown> {
  const versions = policy.PolicyVersionList;
  if (versions === undefined)
    return unknown(`the snapshot lists the managed policy ${policy.Arn} without its PolicyVersionList`);
  const version =
    versions.find(
      (candidate) => policy.DefaultVersionId !== undefined && candidate.VersionId === policy.DefaultVersionId,
    ) ??
    versions.find((candidate) => candidate.IsDefaultVersion === true) ??
    (versions.length === 1 ? versions[0] : undefined);
  return field(
    version?.Document,
    `the snapshot has no document of the default version of the managed policy ${policy.Arn}`,
  );
}

/** The objects under any of `prefixes` (all of them when no prefix is given). */
function objectsUnder(objects: Record<string, S3ObjectEvidence>, prefixes: string[]): Record<string, S3ObjectEvidence> {
  if (prefixes.length === 0) return objects;
  return Object.fromEntries(
    Object.entries(objects).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix))),
  );
}

function keyEvidence(
  arn: string,
  account: string,
  key: KmsKeySnapshot,
  because: (field: string, fallback: string) => string,
): KeyEvidence {
  const absent = (what: string, field: string): string =>
    because(field, `the snapshot has no ${what} of the key ${arn} (key '${field}' absent)`);
  return {
    arn,
    account,
    keyManager: field(key.KeyManager, absent('KeyManager', 'KeyManager')),
    keyState: field(key.KeyState, absent('KeyState', 'KeyState')),
    aliases: (key.aliases ?? []).map(aliasName),
    policy: field(key.policy, absent('key policy', 'policy')),
    grants: field<KmsGrant[]>(key.grants, absent('grants', 'grants')),
  };
}

/** `alias/x` from an alias name or an alias ARN. */
function aliasName(alias: string): string {
  return aliasArnOf(alias)?.resource ?? alias;
}

function namedOrganizationPolicy(policy: OrganizationPolicy, fallbackName: string): NamedPolicy {
  const named: NamedPolicy = { name: policy.Name ?? fallbackName, document: known(policy.Content) };
  if (policy.Arn !== undefined) named.arn = policy.Arn;
  return named;
}

/**
 * A role's policy list, or, when the snapshot lacks the list, one placeholder whose document is
 * unknown (RoleEvidence has no Known wrapper for the lists themselves).
 */
function listed<T>(
  list: T[] | undefined,
  placeholder: string,
  why: string,
  each: (item: T) => NamedPolicy,
): NamedPolicy[] {
  if (list !== undefined) return list.map(each);
  return [{ name: placeholder, document: unknown(why), unlisted: true }];
}
