/**
 * Reads, parses and validates a snapshot file (docs/formats/snapshot.md).
 *
 * The structure is checked by schemas/snapshot.schema.json (schema.ts); this module checks
 * what a schema cannot say (an ARN's account is the account that lists it), then reads the
 * validated JSON into the typed `Snapshot`: keys the format does not name are dropped, `null`
 * is read as the empty list where both say the same thing (no SCPs, no grants, no endpoints),
 * and the two spellings AWS's APIs give of an SCP or a bucket encryption rule become one.
 * Policy documents are kept as written (object, JSON string or URL-encoded JSON): the engine's
 * `compilePolicy` parses them. Absent keys stay absent ("not known"); `null` stays `null`.
 */
import { readFileSync } from 'node:fs';
import type { KmsGrant } from '../../engine/types';
import { parseArn, parseKmsArn, parseRoleArn, partitionOfRegion, type RoleArn } from '../../arn';
import { InputError } from '../../errors';
import type { BucketEncryption, Description, S3ObjectEvidence, SubnetEvidence } from '../evidence';
import { has, isObject, MAX_JSON_DEPTH, tooDeep, type JsonObject } from '../../json';
import { describeValue, formatPath, type JsonPath } from './fields';
import { formatPosition, syntaxErrorPosition, valuePosition, withoutBom } from './json-text';
import { schemaProblem, type SnapshotProblem } from './schema';
import {
  ORGANIZATION_UNREADABLE,
  SAGEMAKER_SECTIONS,
  SNAPSHOT_VERSION,
  type AccountSnapshot,
  type AttachedPermissionsBoundary,
  type AttachedPolicy,
  type BucketSnapshot,
  type Ec2Snapshot,
  type IamSnapshot,
  type KmsKeySnapshot,
  type ManagedPolicyDetail,
  type OrganizationPolicy,
  type OrganizationSnapshot,
  type PolicyVersion,
  type RepositorySnapshot,
  type RoleDetail,
  type RoleInlinePolicy,
  type RoleTag,
  type SageMakerSnapshot,
  type Snapshot,
  type VpcEndpointSnapshot,
} from './types';

/** `alias/NAME`, or an alias ARN `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME`. */
function namesAlias(name: string): boolean {
  if (name.startsWith('alias/')) return true;
  const arn = parseArn(name);
  return arn?.service === 'kms' && arn.resource.startsWith('alias/');
}

/**
 * Reads `file` (or takes its `text`, already read: standard input) and validates it as a snapshot;
 * any problem is an `InputError` naming the file.
 */
export function loadSnapshot(file: string, text = readText(file)): Snapshot {
  return readSnapshot(parseJson(text, file), file, withoutBom(text));
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${file}: cannot read the snapshot file (${messageOf(error)}); check the path given to --snapshot`,
    );
  }
}

/**
 * Parses JSON text, reporting a syntax error with its line and column. A leading byte order
 * mark (which some editors write) is skipped.
 */
export function parseJson(text: string, file: string): unknown {
  const body = withoutBom(text);
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    const message = messageOf(error);
    const position = syntaxErrorPosition(body, message);
    const where = position === undefined ? '' : ` at ${formatPosition(position)}`;
    const reason = message.replace(/ in JSON at position \d+.*$/s, '');
    throw new InputError(`${file}: invalid JSON${where} (${reason}); fix the JSON syntax`.replace(/\s+/g, ' '));
  }
  const deep = tooDeep(value);
  if (deep !== undefined) throw new InputError(`${file}: ${deepProblem(deep)}`);
  return value;
}

/** What is wrong with a value that nests deeper than MAX_JSON_DEPTH, and the fix. */
const deepProblem = (path: string): string =>
  `${path} nests deeper than ${MAX_JSON_DEPTH} levels, which no AWS document or description does; fix or remove that value`;

/** The message of a thrown value (errors from Node's `fs` are not `instanceof Error` under Jest). */
function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error);
}

/** Validates parsed JSON as a snapshot of version 1 and returns its typed, normalised form. */
export function parseSnapshot(json: unknown, file: string): Snapshot {
  return readSnapshot(json, file, undefined);
}

/** `text`, when known, places a problem at its line and column. */
function readSnapshot(json: unknown, file: string, text: string | undefined): Snapshot {
  const problem =
    versionProblem(json) ??
    schemaProblem(json) ??
    partitionProblem(json as RawSnapshot) ??
    accountProblem(json as RawSnapshot) ??
    descriptionProblem(json as RawSnapshot);
  if (problem !== undefined) throw new InputError(messageFor(problem, file, text));
  return normalise(json as RawSnapshot);
}

/** `FILE:LINE:COLUMN: PATH: PROBLEM; FIX` (`FILE: PATH: ...` without the text), on one line. */
function messageFor(problem: SnapshotProblem, file: string, text: string | undefined): string {
  const position = text === undefined ? undefined : valuePosition(text, problem.path, problem.atKey ? 'key' : 'value');
  const where = position === undefined ? file : `${file}:${position.line}:${position.column}`;
  return `${where}: ${formatPath(problem.path)}: ${problem.problem}; ${problem.fix}`.replace(/\s+/g, ' ');
}

/** Another version is told first: its other differences are not problems of this one. */
function versionProblem(json: unknown): SnapshotProblem | undefined {
  if (!isObject(json)) return undefined;
  if (!has(json, 'snapshotVersion')) {
    return {
      path: ['snapshotVersion'],
      problem: 'missing, so this is not a snapshot of version 1',
      fix: 'add "snapshotVersion": 1 to a snapshot in the format of version 1',
    };
  }
  if (json.snapshotVersion === SNAPSHOT_VERSION) return undefined;
  return {
    path: ['snapshotVersion'],
    problem: `this is a snapshot of another version (${JSON.stringify(json.snapshotVersion)}); only snapshotVersion 1 is read`,
    fix: 'record the snapshot again with this version of sagemaker-access-doctor (diagnose --record)',
  };
}

/** Roles and keys belong to the account that lists them; keys are named by ARN or id, not alias. */
function accountProblem(snapshot: RawSnapshot): SnapshotProblem | undefined {
  for (const [account, value] of Object.entries(snapshot.accounts)) {
    const path = ['accounts', account];
    for (const [index, role] of (value.iam?.RoleDetailList ?? []).entries()) {
      const owner = parseRoleArn(role.Arn)?.account;
      if (owner !== account) {
        return {
          path: [...path, 'iam', 'RoleDetailList', index, 'Arn'],
          problem: `the role is of account ${owner} but listed under account ${account}`,
          fix: `move it to accounts.${owner}.iam.RoleDetailList`,
        };
      }
    }
    for (const name of Object.keys(value.kms?.keys ?? {})) {
      const problem = keyNameProblem(name, account);
      if (problem !== undefined) return { path: [...path, 'kms', 'keys', name], atKey: true, ...problem };
    }
  }
  return undefined;
}

/**
 * The partition of a snapshot is one: the one its region is in, and the one of every ARN it holds
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). A `partition` that
 * disagrees would make every ARN the diagnosis writes name another partition than the policies.
 */
function partitionProblem(snapshot: RawSnapshot): SnapshotProblem | undefined {
  const ofRegion = partitionOfRegion(snapshot.region);
  const partition = snapshot.partition ?? ofRegion;
  if (partition !== ofRegion) {
    return {
      path: ['partition'],
      problem: `"${partition}" is not the partition of region ${snapshot.region} ("${ofRegion}")`,
      fix: `set "partition": "${ofRegion}" (or leave it out: it follows the region), or the region of the account in ${partition}`,
    };
  }
  for (const [account, value] of Object.entries(snapshot.accounts)) {
    const arns: [JsonPath, unknown][] = [
      ...(value.iam?.RoleDetailList ?? []).map((role, index): [JsonPath, unknown] => [
        ['accounts', account, 'iam', 'RoleDetailList', index, 'Arn'],
        role.Arn,
      ]),
      ...Object.keys(value.kms?.keys ?? {}).map((name): [JsonPath, unknown] => [
        ['accounts', account, 'kms', 'keys', name],
        name,
      ]),
      ...Object.entries(value.sagemaker ?? {}).flatMap(([section, descriptions]) =>
        Object.entries(descriptions ?? {}).flatMap(([name, description]) =>
          Object.entries(description ?? {})
            .filter(([key]) => key.endsWith('Arn'))
            .map(([key, arn]): [JsonPath, unknown] => [['accounts', account, 'sagemaker', section, name, key], arn]),
        ),
      ),
    ];
    for (const [path, arn] of arns) {
      const found = typeof arn === 'string' ? parseArn(arn)?.partition : undefined;
      if (found === undefined || found === partition) continue;
      return {
        path,
        atKey: path[path.length - 2] === 'keys',
        problem: `an ARN of partition "${found}" in a snapshot of partition "${partition}"`,
        fix: `write it as arn:${partition}:..., or set "partition" and "region" to those of the account`,
      };
    }
  }
  return undefined;
}

/**
 * The lists of the Describe* outputs that the job model reads (channels, inputs, outputs, training
 * job definitions, containers, variants), by section: `*` stands for each entry of a list. Read
 * leniently, one of them written as an object would silently drop the job's accesses in it.
 */
const DESCRIPTION_LISTS: Readonly<Partial<Record<string, readonly (readonly string[])[]>>> = {
  trainingJobs: [['InputDataConfig'], ['DebugRuleConfigurations'], ['ProfilerRuleConfigurations']],
  processingJobs: [['ProcessingInputs'], ['ProcessingOutputConfig', 'Outputs']],
  tuningJobs: [
    ['TrainingJobDefinitions'],
    ['TrainingJobDefinition', 'InputDataConfig'],
    ['TrainingJobDefinitions', '*', 'InputDataConfig'],
  ],
  models: [['Containers']],
  endpointConfigs: [['ProductionVariants']],
  endpoints: [['ProductionVariants']],
};

/** Each value at `path` under `value`, with its path (`*`: every entry of a list). */
function valuesAt(value: unknown, path: readonly string[], at: JsonPath): [JsonPath, unknown][] {
  if (path.length === 0) return [[at, value]];
  const [head, ...rest] = path;
  if (head === '*')
    return Array.isArray(value) ? value.flatMap((item, index) => valuesAt(item, rest, [...at, index])) : [];
  return isObject(value) && has(value, head) ? valuesAt(value[head], rest, [...at, head]) : [];
}

/** A list of a Describe* output written as something else (docs/formats/snapshot.md). */
function descriptionProblem(snapshot: RawSnapshot): SnapshotProblem | undefined {
  for (const [account, value] of Object.entries(snapshot.accounts)) {
    for (const [section, descriptions] of Object.entries(value.sagemaker ?? {})) {
      for (const [name, description] of Object.entries(descriptions ?? {})) {
        for (const path of DESCRIPTION_LISTS[section] ?? []) {
          const base = ['accounts', account, 'sagemaker', section, name];
          for (const [at, found] of valuesAt(description, path, base)) {
            if (found === null || Array.isArray(found)) continue;
            return {
              path: at,
              problem: `expected a list (as the Describe* API gives it), got ${describeValue(found)}`,
              fix: 'write it as a list of its entries ([{...}])',
            };
          }
        }
      }
    }
  }
  return undefined;
}

function keyNameProblem(name: string, account: string): Omit<SnapshotProblem, 'path'> | undefined {
  if (namesAlias(name)) {
    return {
      problem: 'keys are named by key ARN or key id, not by alias',
      fix: 'name the key by its ARN or id and list the alias in its "aliases"',
    };
  }
  if (!name.startsWith('arn:')) return undefined;
  const key = parseKmsArn(name);
  const owner = key?.type === 'key' ? key.account : undefined;
  if (owner === undefined) {
    return {
      problem: 'not a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID)',
      fix: 'name the key by its key ARN or key id',
    };
  }
  if (owner === account) return undefined;
  return {
    problem: `the key is of account ${owner} but listed under account ${account}`,
    fix: `move it to accounts.${owner}.kms.keys`,
  };
}

/*
 * The snapshot as the schema admits it: the types below say only what normalise() reads.
 */
type Raw = JsonObject;
interface RawSnapshot {
  partition?: string;
  region: string;
  accounts: Record<string, RawAccount>;
}
interface RawAccount {
  organization?: Raw | null | typeof ORGANIZATION_UNREADABLE;
  iam?: { RoleDetailList?: RawRole[]; Policies?: Raw[] };
  s3?: { buckets?: Record<string, Raw | null> };
  kms?: { keys?: Record<string, Raw | null> };
  ec2?: Raw & { vpcEndpoints?: Raw[] | null; subnets?: Raw[] | null };
  ecr?: { repositories?: Record<string, Raw | null> };
  sagemaker?: Record<string, Record<string, Description | null> | null>;
  unreadableReasons?: Record<string, string>;
}
type RawRole = Raw & { Arn: string; PermissionsBoundary?: Raw | null };

function normalise(snapshot: RawSnapshot): Snapshot {
  return {
    snapshotVersion: SNAPSHOT_VERSION,
    partition: snapshot.partition ?? partitionOfRegion(snapshot.region),
    region: snapshot.region,
    accounts: mapValues(snapshot.accounts, readAccount),
  };
}

function readAccount(account: RawAccount): AccountSnapshot {
  const result: AccountSnapshot = {};
  const { organization, iam, s3, kms, ec2, ecr, sagemaker } = account;
  if (has(account as Raw, 'organization')) {
    result.organization = isObject(organization) ? readOrganization(organization) : (organization ?? null);
  }
  if (iam !== undefined) result.iam = readIam(iam);
  if (s3 !== undefined) result.s3 = s3.buckets ? { buckets: mapValues(s3.buckets, readBucket) } : {};
  if (kms !== undefined) result.kms = kms.keys ? { keys: mapValues(kms.keys, readKey) } : {};
  if (ec2 !== undefined) result.ec2 = readEc2(ec2);
  if (ecr !== undefined) {
    result.ecr = ecr.repositories
      ? { repositories: mapValues(ecr.repositories, (entry) => entry && pick<RepositorySnapshot>(entry, ['policy'])) }
      : {};
  }
  if (sagemaker !== undefined) result.sagemaker = readSageMaker(sagemaker);
  if (account.unreadableReasons !== undefined)
    result.unreadableReasons = mapValues(account.unreadableReasons, (why) => why);
  return result;
}

function readIam(iam: NonNullable<RawAccount['iam']>): IamSnapshot {
  const result: IamSnapshot = {};
  if (iam.RoleDetailList) result.RoleDetailList = iam.RoleDetailList.map(readRole);
  if (iam.Policies) {
    result.Policies = iam.Policies.map((policy) => {
      const detail = pick<ManagedPolicyDetail>(policy, ['PolicyName', 'Arn', 'DefaultVersionId']);
      const versions = policy.PolicyVersionList as Raw[] | undefined;
      if (versions) {
        detail.PolicyVersionList = versions.map((version) =>
          pick<PolicyVersion>(version, ['VersionId', 'Document', 'IsDefaultVersion']),
        );
      }
      return detail;
    });
  }
  return result;
}

function readEc2(ec2: NonNullable<RawAccount['ec2']>): Ec2Snapshot {
  const result: Ec2Snapshot = {};
  const endpointKeys = ['VpcEndpointId', 'VpcId', 'ServiceName', 'VpcEndpointType', 'PolicyDocument'] as const;
  if (has(ec2, 'vpcEndpoints')) {
    result.vpcEndpoints = (ec2.vpcEndpoints ?? []).map((entry) => pick<VpcEndpointSnapshot>(entry, endpointKeys));
  }
  if (has(ec2, 'subnets')) {
    result.subnets = (ec2.subnets ?? []).map((entry) => pick<SubnetEvidence>(entry, ['SubnetId', 'VpcId']));
  }
  return result;
}

function readOrganization(organization: Raw): OrganizationSnapshot {
  const result: OrganizationSnapshot = { id: organization.id as string };
  for (const kind of ['scps', 'rcps'] as const) {
    if (!has(organization, kind)) continue;
    const levels = (organization[kind] ?? []) as unknown[][];
    result[kind] = levels.map((level) => level.map(readOrganizationPolicy));
  }
  return result;
}

/**
 * A bare document, or a policy as AWS Organizations returns it: `DescribePolicy` gives
 * `{"Policy": {"PolicySummary": {"Name", "Arn", ...}, "Content": "..."}}`
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Policy.html).
 */
function readOrganizationPolicy(value: unknown): OrganizationPolicy {
  if (isObject(value) && isObject(value.Policy)) return readOrganizationPolicy(value.Policy);
  if (!isObject(value) || !has(value, 'Content')) return { Content: value };
  const summary = isObject(value.PolicySummary) ? value.PolicySummary : {};
  const policy: OrganizationPolicy = { Content: value.Content };
  for (const key of ['Name', 'Arn'] as const) {
    const name = value[key] ?? summary[key];
    if (typeof name === 'string') policy[key] = name;
  }
  return policy;
}

function readRole(role: RawRole): RoleDetail {
  const result = pick<RoleDetail>(role, ['Path', 'RoleName', 'RoleId', 'Arn', 'AssumeRolePolicyDocument']);
  // IAM always gives RoleName; a hand-written snapshot may leave it to the ARN.
  result.RoleName ??= (parseRoleArn(role.Arn) as RoleArn).roleName;
  const list = (key: string): Raw[] | undefined => (Array.isArray(role[key]) ? (role[key] as Raw[]) : undefined);
  const inline = list('RolePolicyList');
  if (inline)
    result.RolePolicyList = inline.map((entry) => pick<RoleInlinePolicy>(entry, ['PolicyName', 'PolicyDocument']));
  const attached = list('AttachedManagedPolicies');
  if (attached)
    result.AttachedManagedPolicies = attached.map((entry) => pick<AttachedPolicy>(entry, ['PolicyName', 'PolicyArn']));
  if (has(role, 'PermissionsBoundary')) {
    const boundary = role.PermissionsBoundary ?? null;
    result.PermissionsBoundary =
      boundary && pick<AttachedPermissionsBoundary>(boundary, ['PermissionsBoundaryArn', 'PermissionsBoundaryType']);
  }
  const tags = list('Tags');
  if (tags) result.Tags = tags.map((tag) => pick<RoleTag>(tag, ['Key', 'Value']));
  if (Array.isArray(role.unreadable)) result.unreadable = [...(role.unreadable as string[])];
  return result;
}

function readBucket(bucket: Raw | null): BucketSnapshot | null {
  if (bucket === null) return null;
  const result = pick<BucketSnapshot>(bucket, ['region', 'policy', 'objectOwnership']);
  if (has(bucket, 'encryption'))
    result.encryption = isObject(bucket.encryption) ? readEncryption(bucket.encryption) : null;
  // `null` reads as "Requester Pays is not configured", which is the bucket's default.
  if (has(bucket, 'requesterPays')) result.requesterPays = bucket.requesterPays === true;
  if (has(bucket, 'objects')) {
    const objects = (bucket.objects ?? {}) as Record<string, Raw>;
    result.objects = mapValues(objects, (object) => {
      const read = pick<S3ObjectEvidence>(object, ['ServerSideEncryption', 'SSEKMSKeyId', 'ownerAccount']);
      if (isObject(object.tags)) read.tags = mapValues(object.tags as Record<string, string>, (tag) => tag);
      return read;
    });
  }
  return result;
}

/**
 * The default encryption rule, flat (`{"SSEAlgorithm", "KMSMasterKeyID", "BucketKeyEnabled"}`)
 * or as S3's `GetBucketEncryption` rule writes it (`ApplyServerSideEncryptionByDefault` plus
 * `BucketKeyEnabled`, https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionRule.html).
 */
function readEncryption(rule: Raw): BucketEncryption {
  const byDefault = isObject(rule.ApplyServerSideEncryptionByDefault) ? rule.ApplyServerSideEncryptionByDefault : rule;
  const result: BucketEncryption = { SSEAlgorithm: byDefault.SSEAlgorithm as string };
  if (typeof byDefault.KMSMasterKeyID === 'string') result.KMSMasterKeyID = byDefault.KMSMasterKeyID;
  if (typeof rule.BucketKeyEnabled === 'boolean') result.BucketKeyEnabled = rule.BucketKeyEnabled;
  return result;
}

function readKey(key: Raw | null): KmsKeySnapshot | null {
  if (key === null) return null;
  const result = pick<KmsKeySnapshot>(key, ['KeyManager', 'KeyState', 'policy']);
  if (has(key, 'aliases')) result.aliases = [...((key.aliases ?? []) as string[])];
  if (has(key, 'grants')) result.grants = ((key.grants ?? []) as Raw[]).map(readGrant);
  return result;
}

/** A grant as KMS `ListGrants` returns it (the fields the decision uses). */
function readGrant(grant: Raw): KmsGrant {
  const result = pick<KmsGrant>(grant, ['GrantId', 'GranteePrincipal']);
  result.Operations = [...(grant.Operations as string[])];
  if (isObject(grant.Constraints)) {
    result.Constraints = pick<NonNullable<KmsGrant['Constraints']>>(grant.Constraints, [
      'EncryptionContextSubset',
      'EncryptionContextEquals',
    ]);
  }
  return result;
}

function readSageMaker(sagemaker: NonNullable<RawAccount['sagemaker']>): SageMakerSnapshot {
  const result: SageMakerSnapshot = {};
  for (const section of SAGEMAKER_SECTIONS) {
    if (has(sagemaker, section)) result[section] = mapValues(sagemaker[section] ?? {}, (entry) => entry);
  }
  return result;
}

/** The keys of `source` among `keys` that it holds, values as they are (the schema checked them). */
function pick<T extends object>(source: object, keys: readonly (keyof T & string)[]): T {
  const from = source as Raw;
  const result: Raw = {};
  for (const key of keys) if (has(from, key)) result[key] = from[key];
  return result as T;
}

/** A map read entry by entry; a key named `__proto__` stays an own entry. */
function mapValues<T, U>(map: Record<string, T>, read: (value: T, key: string) => U): Record<string, U> {
  const result: Record<string, U> = {};
  for (const [key, value] of Object.entries(map)) {
    Object.defineProperty(result, key, {
      value: read(value, key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
