/**
 * Reads, parses and validates a snapshot file (contract.md section 3).
 *
 * Only the structure the diagnosis relies on is checked; keys the contract does not name are
 * ignored (and dropped from the result). Policy documents are kept as written (object, JSON
 * string or URL-encoded JSON): the engine's `compilePolicy` parses them. Absent keys stay
 * absent ("not known"); `null` stays `null` ("known not to exist"), except where `null` and an
 * empty list say the same thing (no SCPs, no grants, no endpoints), which are read as the list.
 */
import { readFileSync } from 'node:fs';
import type { KmsGrant } from '../../engine/types';
import type { BucketEncryption, Description, S3ObjectEvidence, SubnetEvidence } from '../evidence';
import { FieldReader, has, isObject, type JsonObject, type JsonPath } from './fields';
import { lineAndColumn, syntaxErrorOffset } from './json-position';
import {
  KEY_MANAGERS,
  ORGANIZATION_UNREADABLE,
  SAGEMAKER_SECTIONS,
  SNAPSHOT_VERSION,
  type AccountSnapshot,
  type AttachedPolicy,
  type BucketSnapshot,
  type Ec2Snapshot,
  type EcrSnapshot,
  type IamSnapshot,
  type KeyManager,
  type KmsKeySnapshot,
  type KmsSnapshot,
  type ManagedPolicyDetail,
  type OrganizationPolicy,
  type OrganizationSnapshot,
  type PolicyVersion,
  type RoleDetail,
  type RoleTag,
  type RoleInlinePolicy,
  type S3Snapshot,
  type SageMakerSnapshot,
  type Snapshot,
  type VpcEndpointSnapshot,
} from './types';

const ACCOUNT_ID = /^\d{12}$/;
/** `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` */
const ROLE_ARN = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
/** `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` */
const KEY_ARN = /^arn:[^:]+:kms:[^:]+:(\d{12}):key\/.+$/;

/** Reads `file` and validates it as a snapshot; any problem is an `InputError` naming the file. */
export function loadSnapshot(file: string): Snapshot {
  return parseSnapshot(parseJson(readText(file), file), file);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reader: FieldReader = new FieldReader(file);
    return reader.failFile(`cannot read the snapshot file (${messageOf(error)})`, 'check the path given to --snapshot');
  }
}

/**
 * Parses JSON text, reporting a syntax error with its line and column. A leading byte order
 * mark (which some editors write) is skipped.
 */
export function parseJson(text: string, file: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const offset = syntaxErrorOffset(body);
    const where = offset === undefined ? '' : ` at ${lineAndColumn(body, offset)}`;
    const reason = messageOf(error).replace(/ in JSON at position \d+.*$/s, '');
    const reader: FieldReader = new FieldReader(file);
    return reader.failFile(`invalid JSON${where} (${reason})`, 'fix the JSON syntax');
  }
}

/** The message of a thrown value (errors from Node's `fs` are not `instanceof Error` under Jest). */
function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error);
}

/** Validates parsed JSON as a snapshot of version 1 and returns its typed, normalised form. */
export function parseSnapshot(json: unknown, file: string): Snapshot {
  const reader = new FieldReader(file);
  const root = reader.object(
    json,
    [],
    'a JSON object (a snapshot)',
    'give a snapshot file as described in the contract, section 3',
  );
  if (!has(root, 'snapshotVersion')) {
    reader.fail(
      ['snapshotVersion'],
      'missing, so this is not a snapshot of version 1',
      'add "snapshotVersion": 1 to a snapshot in the format of version 1',
    );
  }
  if (root.snapshotVersion !== SNAPSHOT_VERSION) {
    reader.fail(
      ['snapshotVersion'],
      `this is a snapshot of another version (${JSON.stringify(root.snapshotVersion)}); only snapshotVersion 1 is read`,
      'record the snapshot again with this version of sagemaker-access-doctor (diagnose --record)',
    );
  }
  const partition =
    reader.optional(root, 'partition', [], (value, path) =>
      nonEmpty(reader, value, path, 'a partition such as "aws"'),
    ) ?? 'aws';
  const region = reader.required(
    root,
    'region',
    [],
    (value, path) => nonEmpty(reader, value, path, 'a region such as "us-east-1"'),
    'add the region of the jobs, e.g. "region": "us-east-1"',
  );
  const accounts = reader.required(
    root,
    'accounts',
    [],
    (value, path) =>
      reader.map(
        value,
        path,
        (account, accountPath, id) => readAccount(reader, account, accountPath, id),
        'an object of accounts by 12-digit account id',
      ),
    'add "accounts": { "ACCOUNT_ID": { ... } }',
  );
  return { snapshotVersion: SNAPSHOT_VERSION, partition, region, accounts };
}

function nonEmpty(reader: FieldReader, value: unknown, path: JsonPath, expected: string): string {
  const text = reader.string(value, path, expected, `set ${expected}`);
  return text === '' ? reader.wrongType(path, expected, value, `set ${expected}`) : text;
}

function readAccount(reader: FieldReader, value: unknown, path: JsonPath, id: string): AccountSnapshot {
  if (!ACCOUNT_ID.test(id))
    reader.fail(path, 'an account id must be 12 digits', 'name each account by its 12-digit id, e.g. "111111111111"');
  const account = reader.object(
    value,
    path,
    'an object (the account snapshot)',
    "give an object with the account's sections (iam, s3, kms, ...)",
  );
  const result: AccountSnapshot = {};
  if (has(account, 'organization'))
    result.organization =
      account.organization === null || account.organization === ORGANIZATION_UNREADABLE
        ? account.organization
        : readOrganization(reader, account.organization, [...path, 'organization']);
  assign(
    result,
    'iam',
    reader.optional(account, 'iam', path, (v, p) => readIam(reader, v, p, id)),
  );
  assign(
    result,
    's3',
    reader.optional(account, 's3', path, (v, p) => readS3(reader, v, p)),
  );
  assign(
    result,
    'kms',
    reader.optional(account, 'kms', path, (v, p) => readKms(reader, v, p, id)),
  );
  assign(
    result,
    'ec2',
    reader.optional(account, 'ec2', path, (v, p) => readEc2(reader, v, p)),
  );
  assign(
    result,
    'ecr',
    reader.optional(account, 'ecr', path, (v, p) => readEcr(reader, v, p)),
  );
  assign(
    result,
    'sagemaker',
    reader.optional(account, 'sagemaker', path, (v, p) => readSageMaker(reader, v, p)),
  );
  return result;
}

/** Sets `target[key]` only when `value` is defined, so that absent keys stay absent. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function readOrganization(reader: FieldReader, value: unknown, path: JsonPath): OrganizationSnapshot {
  const organization = reader.object(
    value,
    path,
    'an object with the organization id and its SCP / RCP levels, null or "unreadable"',
    'give {"id": "o-...", "scps": [...]}, or remove the key when the account is in no organization',
  );
  const id = reader.required(
    organization,
    'id',
    path,
    (v, p) => reader.string(v, p, 'the organization id ("o-...")'),
    'add the organization id, e.g. "id": "o-exampleorgid"',
  );
  const result: OrganizationSnapshot = { id };
  assign(
    result,
    'scps',
    reader.optional(organization, 'scps', path, (v, p) => readLevels(reader, v, p)),
  );
  assign(
    result,
    'rcps',
    reader.optional(organization, 'rcps', path, (v, p) => readLevels(reader, v, p)),
  );
  return result;
}

const LEVELS = 'an array of levels, root first, each an array of policy documents';

function readLevels(reader: FieldReader, value: unknown, path: JsonPath): OrganizationPolicy[][] {
  if (value === null) return [];
  return reader.array(
    value,
    path,
    (level, levelPath) =>
      reader.array(level, levelPath, (entry, entryPath) => readOrganizationPolicy(reader, entry, entryPath), LEVELS),
    LEVELS,
  );
}

/**
 * A bare document, or a policy as AWS Organizations returns it: `DescribePolicy` gives
 * `{"Policy": {"PolicySummary": {"Name", "Arn", ...}, "Content": "..."}}`
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Policy.html).
 */
function readOrganizationPolicy(reader: FieldReader, value: unknown, path: JsonPath): OrganizationPolicy {
  if (isObject(value) && has(value, 'Policy') && isObject(value.Policy))
    return readOrganizationPolicy(reader, value.Policy, [...path, 'Policy']);
  if (!isObject(value) || !has(value, 'Content'))
    return { Content: reader.document(value, path, 'give the policy document, or {"Name": ..., "Content": document}') };
  const summary = has(value, 'PolicySummary') ? reader.object(value.PolicySummary, [...path, 'PolicySummary']) : {};
  const policy: OrganizationPolicy = { Content: reader.document(value.Content, [...path, 'Content']) };
  assign(policy, 'Name', readNameField(reader, value, summary, 'Name', path));
  assign(policy, 'Arn', readNameField(reader, value, summary, 'Arn', path));
  return policy;
}

function readNameField(
  reader: FieldReader,
  wrapper: JsonObject,
  summary: JsonObject,
  key: string,
  path: JsonPath,
): string | undefined {
  return (
    reader.optional(wrapper, key, path, (v, p) => reader.string(v, p)) ??
    reader.optional(summary, key, [...path, 'PolicySummary'], (v, p) => reader.string(v, p))
  );
}

/** The parts of `GetAccountAuthorizationDetails` the diagnosis reads (as the AWS CLI prints it). */
function readIam(reader: FieldReader, value: unknown, path: JsonPath, account: string): IamSnapshot {
  const iam = reader.object(value, path, 'an object (GetAccountAuthorizationDetails output)');
  const result: IamSnapshot = {};
  assign(
    result,
    'RoleDetailList',
    reader.optional(iam, 'RoleDetailList', path, (v, p) =>
      reader.array(v, p, (role, rolePath) => readRole(reader, role, rolePath, account)),
    ),
  );
  assign(
    result,
    'Policies',
    reader.optional(iam, 'Policies', path, (v, p) =>
      reader.array(v, p, (policy, policyPath) => readManagedPolicy(reader, policy, policyPath)),
    ),
  );
  return result;
}

function readRole(reader: FieldReader, value: unknown, path: JsonPath, account: string): RoleDetail {
  const role = reader.object(value, path, 'an object (a RoleDetail)');
  const arn = reader.required(
    role,
    'Arn',
    path,
    (v, p) => reader.string(v, p, 'a role ARN'),
    'add the role ARN, e.g. "Arn": "arn:aws:iam::111111111111:role/MyRole"',
  );
  const parts = ROLE_ARN.exec(arn);
  if (!parts)
    reader.wrongType(
      [...path, 'Arn'],
      'a role ARN (arn:aws:iam::ACCOUNT:role/NAME)',
      arn,
      'give the role ARN as IAM prints it',
    );
  if (parts[1] !== account)
    reader.fail(
      [...path, 'Arn'],
      `the role is of account ${parts[1]} but listed under account ${account}`,
      `move it to accounts.${parts[1]}.iam.RoleDetailList`,
    );
  const result: RoleDetail = {
    RoleName: reader.optional(role, 'RoleName', path, (v, p) => reader.string(v, p)) ?? parts[2],
    Arn: arn,
  };
  assign(
    result,
    'Path',
    reader.optional(role, 'Path', path, (v, p) => reader.string(v, p)),
  );
  assign(
    result,
    'RoleId',
    reader.optional(role, 'RoleId', path, (v, p) => reader.string(v, p)),
  );
  assign(
    result,
    'AssumeRolePolicyDocument',
    reader.optional(role, 'AssumeRolePolicyDocument', path, (v, p) => reader.document(v, p)),
  );
  assign(
    result,
    'RolePolicyList',
    reader.optional(role, 'RolePolicyList', path, (v, p) =>
      reader.array(v, p, (policy, policyPath) => readInlinePolicy(reader, policy, policyPath)),
    ),
  );
  assign(
    result,
    'AttachedManagedPolicies',
    reader.optional(role, 'AttachedManagedPolicies', path, (v, p) =>
      reader.array(v, p, (policy, policyPath) => readAttachedPolicy(reader, policy, policyPath)),
    ),
  );
  assign(
    result,
    'Tags',
    reader.optional(role, 'Tags', path, (v, p) => reader.array(v, p, (tag, tagPath) => readTag(reader, tag, tagPath))),
  );
  assign(
    result,
    'unreadable',
    reader.optional(role, 'unreadable', path, (v, p) =>
      reader.array(
        v,
        p,
        (field, fieldPath) => reader.string(field, fieldPath, 'a field name (e.g. "RolePolicyList")'),
        'an array of the field names that could not be read',
      ),
    ),
  );
  if (has(role, 'PermissionsBoundary')) {
    const boundaryPath = [...path, 'PermissionsBoundary'];
    const boundary =
      role.PermissionsBoundary === null
        ? null
        : reader.object(role.PermissionsBoundary, boundaryPath, 'an object with PermissionsBoundaryArn, or null');
    result.PermissionsBoundary =
      boundary === null
        ? null
        : {
            PermissionsBoundaryArn: reader.required(
              boundary,
              'PermissionsBoundaryArn',
              boundaryPath,
              (v, p) => reader.string(v, p, 'a managed policy ARN'),
              'add the boundary policy ARN',
            ),
            ...optionalString(reader, boundary, 'PermissionsBoundaryType', boundaryPath),
          };
  }
  return result;
}

function readTag(reader: FieldReader, value: unknown, path: JsonPath): RoleTag {
  const tag = reader.object(value, path, 'a tag ({"Key": "...", "Value": "..."})');
  return {
    Key: reader.required(tag, 'Key', path, (v, p) => reader.string(v, p), 'add the tag key'),
    Value: reader.required(tag, 'Value', path, (v, p) => reader.string(v, p), 'add the tag value ("" for none)'),
  };
}

function optionalString<K extends string>(
  reader: FieldReader,
  object: JsonObject,
  key: K,
  path: JsonPath,
): Partial<Record<K, string>> {
  const value = reader.optional(object, key, path, (v, p) => reader.string(v, p));
  return value === undefined ? {} : ({ [key]: value } as Partial<Record<K, string>>);
}

function readInlinePolicy(reader: FieldReader, value: unknown, path: JsonPath): RoleInlinePolicy {
  const policy = reader.object(value, path, 'an object with PolicyName and PolicyDocument');
  return {
    PolicyName: reader.required(
      policy,
      'PolicyName',
      path,
      (v, p) => reader.string(v, p),
      'add the inline policy name',
    ),
    PolicyDocument: reader.required(
      policy,
      'PolicyDocument',
      path,
      (v, p) => reader.document(v, p, 'give the inline policy document'),
      'add the inline policy document',
    ),
  };
}

function readAttachedPolicy(reader: FieldReader, value: unknown, path: JsonPath): AttachedPolicy {
  const policy = reader.object(value, path, 'an object with PolicyArn');
  return {
    ...optionalString(reader, policy, 'PolicyName', path),
    PolicyArn: reader.required(
      policy,
      'PolicyArn',
      path,
      (v, p) => reader.string(v, p, 'a managed policy ARN'),
      'add the attached policy ARN',
    ),
  };
}

function readManagedPolicy(reader: FieldReader, value: unknown, path: JsonPath): ManagedPolicyDetail {
  const policy = reader.object(value, path, 'an object (a ManagedPolicyDetail)');
  const result: ManagedPolicyDetail = {
    ...optionalString(reader, policy, 'PolicyName', path),
    Arn: reader.required(
      policy,
      'Arn',
      path,
      (v, p) => reader.string(v, p, 'a managed policy ARN'),
      'add the policy ARN, e.g. "Arn": "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"',
    ),
    ...optionalString(reader, policy, 'DefaultVersionId', path),
  };
  assign(
    result,
    'PolicyVersionList',
    reader.optional(policy, 'PolicyVersionList', path, (v, p) =>
      reader.array(v, p, (version, versionPath) => readPolicyVersion(reader, version, versionPath)),
    ),
  );
  return result;
}

function readPolicyVersion(reader: FieldReader, value: unknown, path: JsonPath): PolicyVersion {
  const version = reader.object(value, path, 'an object (a PolicyVersion)');
  const result: PolicyVersion = { ...optionalString(reader, version, 'VersionId', path) };
  assign(
    result,
    'Document',
    reader.optional(version, 'Document', path, (v, p) => reader.document(v, p)),
  );
  assign(
    result,
    'IsDefaultVersion',
    reader.optional(version, 'IsDefaultVersion', path, (v, p) => reader.boolean(v, p)),
  );
  return result;
}

function readS3(reader: FieldReader, value: unknown, path: JsonPath): S3Snapshot {
  const s3 = reader.object(value, path);
  const result: S3Snapshot = {};
  assign(
    result,
    'buckets',
    reader.optional(s3, 'buckets', path, (v, p) =>
      reader.map(
        v,
        p,
        (bucket, bucketPath) => (bucket === null ? null : readBucket(reader, bucket, bucketPath)),
        'an object of buckets by name',
      ),
    ),
  );
  return result;
}

function readBucket(reader: FieldReader, value: unknown, path: JsonPath): BucketSnapshot {
  const bucket = reader.object(value, path, 'an object (the bucket), or null when the bucket does not exist');
  const result: BucketSnapshot = { ...optionalString(reader, bucket, 'region', path) };
  if (has(bucket, 'policy')) result.policy = reader.documentOrNull(bucket.policy, [...path, 'policy']);
  if (has(bucket, 'encryption'))
    result.encryption =
      bucket.encryption === null ? null : readEncryption(reader, bucket.encryption, [...path, 'encryption']);
  if (has(bucket, 'objectOwnership')) {
    result.objectOwnership =
      bucket.objectOwnership === null
        ? null
        : reader.string(
            bucket.objectOwnership,
            [...path, 'objectOwnership'],
            'BucketOwnerEnforced, BucketOwnerPreferred, ObjectWriter or null',
          );
  }
  // `null` reads as "Requester Pays is not configured", which is the bucket's default.
  if (has(bucket, 'requesterPays'))
    result.requesterPays =
      bucket.requesterPays === null ? false : reader.boolean(bucket.requesterPays, [...path, 'requesterPays']);
  if (has(bucket, 'objects'))
    result.objects =
      bucket.objects === null
        ? {}
        : reader.map(
            bucket.objects,
            [...path, 'objects'],
            (object, objectPath) => readObject(reader, object, objectPath),
            'an object of objects by key',
          );
  return result;
}

/**
 * The default encryption rule, flat (`{"SSEAlgorithm", "KMSMasterKeyID", "BucketKeyEnabled"}`)
 * or as S3's `GetBucketEncryption` rule writes it (`ApplyServerSideEncryptionByDefault` plus
 * `BucketKeyEnabled`, https://docs.aws.amazon.com/AmazonS3/latest/API/API_ServerSideEncryptionRule.html).
 */
function readEncryption(reader: FieldReader, value: unknown, path: JsonPath): BucketEncryption {
  const rule = reader.object(
    value,
    path,
    'an object with SSEAlgorithm, or null when no default encryption is configured',
  );
  const byDefaultPath = has(rule, 'ApplyServerSideEncryptionByDefault')
    ? [...path, 'ApplyServerSideEncryptionByDefault']
    : path;
  const byDefault = has(rule, 'ApplyServerSideEncryptionByDefault')
    ? reader.object(rule.ApplyServerSideEncryptionByDefault, byDefaultPath)
    : rule;
  const result: BucketEncryption = {
    SSEAlgorithm: reader.required(
      byDefault,
      'SSEAlgorithm',
      byDefaultPath,
      (v, p) => reader.string(v, p, 'an algorithm such as "aws:kms" or "AES256"'),
      'add "SSEAlgorithm": "AES256" or "aws:kms"',
    ),
  };
  const keyId = reader.optional(byDefault, 'KMSMasterKeyID', byDefaultPath, (v, p) =>
    v === null ? undefined : reader.string(v, p, 'a KMS key id, key ARN or alias'),
  );
  assign(result, 'KMSMasterKeyID', keyId);
  assign(
    result,
    'BucketKeyEnabled',
    reader.optional(rule, 'BucketKeyEnabled', path, (v, p) => reader.boolean(v, p)),
  );
  return result;
}

function readObject(reader: FieldReader, value: unknown, path: JsonPath): S3ObjectEvidence {
  const object = reader.object(value, path, "an object (the object's encryption and owner; {} when it has neither)");
  return {
    ...optionalString(reader, object, 'ServerSideEncryption', path),
    ...optionalString(reader, object, 'SSEKMSKeyId', path),
    ...optionalString(reader, object, 'ownerAccount', path),
    ...optionalTags(reader, object, path),
  };
}

/** An object's `tags`: `{"KEY": "VALUE"}` as `GetObjectTagging` lists them. */
function optionalTags(reader: FieldReader, object: JsonObject, path: JsonPath): { tags?: Record<string, string> } {
  const tags = reader.optional(object, 'tags', path, (v, p) =>
    reader.map(v, p, (tag, tagPath) => reader.string(tag, tagPath, 'a tag value'), 'an object of tag values by key'),
  );
  return tags === undefined ? {} : { tags };
}

function readKms(reader: FieldReader, value: unknown, path: JsonPath, account: string): KmsSnapshot {
  const kms = reader.object(value, path);
  const result: KmsSnapshot = {};
  assign(
    result,
    'keys',
    reader.optional(kms, 'keys', path, (v, p) =>
      reader.map(
        v,
        p,
        (key, keyPath, name) => readKey(reader, key, keyPath, name, account),
        'an object of keys by key ARN or key id',
      ),
    ),
  );
  return result;
}

function readKey(
  reader: FieldReader,
  value: unknown,
  path: JsonPath,
  name: string,
  account: string,
): KmsKeySnapshot | null {
  if (name.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(name)) {
    reader.fail(
      path,
      'keys are named by key ARN or key id, not by alias',
      'name the key by its ARN or id and list the alias in its "aliases"',
    );
  }
  if (name.startsWith('arn:')) {
    const owner = KEY_ARN.exec(name);
    if (!owner)
      reader.fail(
        path,
        'not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)',
        'name the key by its key ARN or key id',
      );
    if (owner[1] !== account)
      reader.fail(
        path,
        `the key is of account ${owner[1]} but listed under account ${account}`,
        `move it to accounts.${owner[1]}.kms.keys`,
      );
  }
  if (value === null) return null;
  const key = reader.object(value, path, 'an object (the key), or null when the key does not exist');
  const result: KmsKeySnapshot = {};
  assign(
    result,
    'KeyManager',
    reader.optional(key, 'KeyManager', path, (v, p) => readKeyManager(reader, v, p)),
  );
  assign(
    result,
    'KeyState',
    reader.optional(key, 'KeyState', path, (v, p) => reader.string(v, p, 'a key state such as "Enabled"')),
  );
  assign(
    result,
    'aliases',
    reader.optional(key, 'aliases', path, (v, p) =>
      v === null
        ? []
        : reader.array(
            v,
            p,
            (alias, aliasPath) => reader.string(alias, aliasPath, 'an alias name ("alias/x")'),
            'an array of alias names',
          ),
    ),
  );
  if (has(key, 'policy')) result.policy = reader.documentOrNull(key.policy, [...path, 'policy']);
  assign(
    result,
    'grants',
    reader.optional(key, 'grants', path, (v, p) =>
      v === null
        ? []
        : reader.array(v, p, (grant, grantPath) => readGrant(reader, grant, grantPath), 'an array of grants'),
    ),
  );
  return result;
}

function readKeyManager(reader: FieldReader, value: unknown, path: JsonPath): KeyManager {
  const manager = KEY_MANAGERS.find((candidate) => candidate === value);
  return manager ?? reader.wrongType(path, '"AWS" or "CUSTOMER"', value);
}

/** A grant as KMS `ListGrants` returns it (the fields the decision uses). */
function readGrant(reader: FieldReader, value: unknown, path: JsonPath): KmsGrant {
  const grant = reader.object(value, path, 'an object (a grant) with GranteePrincipal and Operations');
  const result: KmsGrant = {
    ...optionalString(reader, grant, 'GrantId', path),
    GranteePrincipal: reader.required(
      grant,
      'GranteePrincipal',
      path,
      (v, p) => reader.string(v, p, 'a principal ARN'),
      'add the grantee principal ARN',
    ),
    Operations: reader.required(
      grant,
      'Operations',
      path,
      (v, p) => reader.array(v, p, (op, opPath) => reader.string(op, opPath, 'an operation name such as "Decrypt"')),
      'add the granted operations, e.g. ["Decrypt"]',
    ),
  };
  const constraints = reader.optional(grant, 'Constraints', path, (v, p) =>
    v === null ? undefined : readConstraints(reader, v, p),
  );
  assign(result, 'Constraints', constraints);
  return result;
}

function readConstraints(reader: FieldReader, value: unknown, path: JsonPath): NonNullable<KmsGrant['Constraints']> {
  const constraints = reader.object(value, path, 'an object with EncryptionContextSubset or EncryptionContextEquals');
  const context = (v: unknown, p: JsonPath): Record<string, string> =>
    reader.map(v, p, (entry, entryPath) => reader.string(entry, entryPath), 'an object of encryption context pairs');
  const result: NonNullable<KmsGrant['Constraints']> = {};
  assign(result, 'EncryptionContextSubset', reader.optional(constraints, 'EncryptionContextSubset', path, context));
  assign(result, 'EncryptionContextEquals', reader.optional(constraints, 'EncryptionContextEquals', path, context));
  return result;
}

function readEc2(reader: FieldReader, value: unknown, path: JsonPath): Ec2Snapshot {
  const ec2 = reader.object(value, path);
  const result: Ec2Snapshot = {};
  assign(
    result,
    'vpcEndpoints',
    reader.optional(ec2, 'vpcEndpoints', path, (v, p) =>
      v === null ? [] : reader.array(v, p, (endpoint, endpointPath) => readVpcEndpoint(reader, endpoint, endpointPath)),
    ),
  );
  assign(
    result,
    'subnets',
    reader.optional(ec2, 'subnets', path, (v, p) =>
      v === null ? [] : reader.array(v, p, (subnet, subnetPath) => readSubnet(reader, subnet, subnetPath)),
    ),
  );
  return result;
}

function readVpcEndpoint(reader: FieldReader, value: unknown, path: JsonPath): VpcEndpointSnapshot {
  const endpoint = reader.object(value, path, 'an object (a VpcEndpoint)');
  const field = (key: string, example: string): string =>
    reader.required(endpoint, key, path, (v, p) => reader.string(v, p), `add ${key}, e.g. ${example}`);
  const result: VpcEndpointSnapshot = {
    VpcEndpointId: field('VpcEndpointId', '"vpce-1"'),
    VpcId: field('VpcId', '"vpc-1"'),
    ServiceName: field('ServiceName', '"com.amazonaws.us-east-1.s3"'),
    VpcEndpointType: field('VpcEndpointType', '"Gateway" or "Interface"'),
  };
  if (has(endpoint, 'PolicyDocument'))
    result.PolicyDocument = reader.documentOrNull(endpoint.PolicyDocument, [...path, 'PolicyDocument']);
  return result;
}

function readSubnet(reader: FieldReader, value: unknown, path: JsonPath): SubnetEvidence {
  const subnet = reader.object(value, path, 'an object (a Subnet)');
  return {
    SubnetId: reader.required(subnet, 'SubnetId', path, (v, p) => reader.string(v, p), 'add SubnetId, e.g. "subnet-1"'),
    VpcId: reader.required(subnet, 'VpcId', path, (v, p) => reader.string(v, p), 'add VpcId, e.g. "vpc-1"'),
  };
}

function readEcr(reader: FieldReader, value: unknown, path: JsonPath): EcrSnapshot {
  const ecr = reader.object(value, path);
  const result: EcrSnapshot = {};
  const repositories = reader.optional(ecr, 'repositories', path, (v, p) =>
    reader.map(
      v,
      p,
      (repository, repositoryPath) => {
        if (repository === null) return null;
        const entry = reader.object(
          repository,
          repositoryPath,
          'an object (the repository), or null when it does not exist',
        );
        return has(entry, 'policy')
          ? { policy: reader.documentOrNull(entry.policy, [...repositoryPath, 'policy']) }
          : {};
      },
      'an object of repositories by name',
    ),
  );
  assign(result, 'repositories', repositories);
  return result;
}

function readSageMaker(reader: FieldReader, value: unknown, path: JsonPath): SageMakerSnapshot {
  const sagemaker = reader.object(value, path);
  const result: SageMakerSnapshot = {};
  for (const section of SAGEMAKER_SECTIONS) {
    const descriptions = reader.optional(sagemaker, section, path, (v, p) =>
      v === null
        ? {}
        : reader.map(
            v,
            p,
            (description, descriptionPath) => readDescription(reader, description, descriptionPath),
            'an object of Describe* outputs by name',
          ),
    );
    assign(result, section, descriptions);
  }
  return result;
}

/** A `Describe*` output, kept whole: the job model reads and checks the fields it needs. */
function readDescription(reader: FieldReader, value: unknown, path: JsonPath): Description | null {
  if (value === null) return null;
  return reader.object(value, path, 'an object (a Describe* output), or null when it does not exist');
}
