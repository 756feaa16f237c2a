/**
 * S3 checks of a role (docs/diagnosis.md, "Checks"): list + get on input prefixes, get on single
 * objects, put on outputs, and the KMS checks their encryption needs.
 */
import type { CompiledPolicy, RequestContext } from '../../engine/types';
import { unknown, type BucketEvidence, type Known, type S3ObjectEvidence } from '../../evidence/evidence';
import type { S3Location, S3Output } from '../jobs/model';
import { s3Arn } from '../../arn';
import { bucketDefaultKeyRef, kmsChecks, resolveKey } from './kms';
import { bucketOf, rcpsOf, type CheckContext, type RoleScope } from './context';
import type { Check, ListedObject } from './types';
import { raise, type RaisedCause } from '../causes/cause';
import { OBJECT_OWNED_BY_OTHER_ACCOUNT } from '../causes/object-ownership';
import { BUCKET_REQUESTER_PAYS } from '../causes/requester-pays';

const s3Url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/** What every S3 check of one bucket shares. */
interface BucketScope {
  name: string;
  evidence: BucketEvidence | null | undefined;
  account: string;
  region: string;
  policy: Known<CompiledPolicy | null>;
  document: unknown;
  rcps: Known<CompiledPolicy[][]>;
  extraCauses: RaisedCause[];
}

async function bucketScope(ctx: CheckContext, scope: RoleScope, name: string): Promise<BucketScope> {
  const answer = await bucketOf(ctx, name);
  // undefined: the bucket is not known; null: it does not exist.
  const evidence = answer.known ? answer.value : undefined;
  const role = scope.layers;
  // A bucket the evidence does not know: its account is unknown too; its layers are unknown.
  const account = evidence ? evidence.account : role.account;
  let region = ctx.job.region;
  if (evidence) {
    if (evidence.region.known) region = evidence.region.value;
    else ctx.incomplete.note(`region of bucket ${name}`, evidence.region.why);
  }
  let policy: Known<CompiledPolicy | null>;
  if (!answer.known) policy = answer;
  else if (answer.value) {
    policy = ctx.layers.compileKnown(
      answer.value.policy,
      { policyType: 'resource', name: `bucket policy of '${name}'`, arn: s3Arn(ctx.evidence.partition, name) },
      `bucket policy of ${name}`,
    );
  } else {
    const why = 'the bucket does not exist';
    ctx.incomplete.note(`bucket ${name}`, why);
    policy = unknown(why);
  }
  // A bucket the evidence does not know has an unknown account, so unknown RCPs.
  const rcps = evidence ? await rcpsOf(ctx, 's3', account) : unknown(`the account of bucket ${name} is not known`);
  const extraCauses: RaisedCause[] = [];
  if (evidence && account !== role.account) {
    if (evidence.requesterPays.known && evidence.requesterPays.value) {
      extraCauses.push(raise(BUCKET_REQUESTER_PAYS, { bucket: name, account, role }));
    } else if (!evidence.requesterPays.known) {
      ctx.incomplete.note(`Requester Pays setting of bucket ${name}`, evidence.requesterPays.why);
    }
  }
  const document = evidence?.policy.known ? evidence.policy.value : undefined;
  return { name, evidence, account, region, policy, document, rcps, extraCauses };
}

/**
 * The object-tag keys of an object read (`s3:GetObject`): `s3:ExistingObjectTag/K` from its
 * tags when they were read, else unknowable
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html). S3 does not
 * support the key for PutObject and DeleteObject (same page): those checks carry none.
 */
function objectTags(object: S3ObjectEvidence | undefined): Pick<S3CheckFields, 'context' | 'unknownKeys'> {
  if (object?.tags === undefined) return { unknownKeys: UNREAD_TAGS };
  const context: RequestContext = {};
  for (const [key, value] of Object.entries(object.tags)) context[`s3:ExistingObjectTag/${key}`] = value;
  return { context };
}

const EXISTING_OBJECT_TAG_KEYS = 's3:ExistingObjectTag/*';

/** The unknowable keys of an object whose tags were not read (shared: nobody changes a check's list). */
const UNREAD_TAGS: string[] = [EXISTING_OBJECT_TAG_KEYS];

interface S3CheckFields {
  purpose: string;
  action: string;
  resource: string;
  location: string;
  context?: RequestContext;
  unknownKeys?: string[];
  listing?: ListedObject;
}

function s3Check(scope: RoleScope, bucket: BucketScope, fields: S3CheckFields, extraCauses: RaisedCause[] = []): Check {
  const context: RequestContext = { ...fields.context };
  const endpoint = scope.s3Endpoint;
  if (endpoint.known && endpoint.value) {
    context['aws:SourceVpce'] = endpoint.value.endpoint.VpcEndpointId;
    context['aws:SourceVpc'] = endpoint.value.endpoint.VpcId;
  }
  return {
    purpose: fields.purpose,
    role: scope.layers,
    action: fields.action,
    resource: fields.resource,
    resourceAccount: bucket.account,
    location: fields.location,
    ...(fields.listing && { listing: fields.listing }),
    context,
    ...(fields.unknownKeys && { unknownKeys: fields.unknownKeys }),
    target: { kind: 's3', bucket: bucket.name, evidence: bucket.evidence ?? undefined },
    resourcePolicy: bucket.policy,
    resourceDocument: bucket.document,
    rcps: bucket.rcps,
    vpcEndpoint: endpoint,
    extraCauses: [...bucket.extraCauses, ...extraCauses],
  };
}

/**
 * `check` for one object: every field written out, so that 100,000 of them are built fast. The
 * type names every field of Check, optional ones too: a field added to Check is a compile error
 * here until it is copied, rather than silently dropped from the checks of listed objects.
 */
const objectCheck = (check: Check, resource: string, location: string, listing: ListedObject): Check => {
  const object: { [K in keyof Required<Check>]: Check[K] } = {
    purpose: check.purpose,
    role: check.role,
    principal: check.principal,
    action: check.action,
    resource,
    resourceAccount: check.resourceAccount,
    location,
    listing,
    context: check.context,
    unknownKeys: check.unknownKeys,
    target: check.target,
    resourcePolicy: check.resourcePolicy,
    resourceDocument: check.resourceDocument,
    rcps: check.rcps,
    vpcEndpoint: check.vpcEndpoint,
    extraCauses: check.extraCauses,
    outputKeySetting: check.outputKeySetting,
  };
  return object;
};

/** The objects listed under `prefix`, when the evidence lists the bucket's objects. */
function listedObjects(bucket: BucketScope, prefix: string): [string, S3ObjectEvidence][] | undefined {
  const objects = bucket.evidence?.objects;
  if (!objects?.known) return undefined;
  return Object.entries(objects.value).filter(([key]) => key.startsWith(prefix));
}

/**
 * With ACLs enabled (ownership other than `BucketOwnerEnforced`), policies of the bucket's
 * account cover only the objects that account owns.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */
function ownershipCause(
  bucket: BucketScope,
  key: string,
  object: S3ObjectEvidence,
  roleAccount: string,
): RaisedCause[] {
  const owner = object.ownerAccount;
  const ownership = bucket.evidence?.objectOwnership;
  if (!owner || owner === bucket.account || owner === roleAccount) return [];
  if (!ownership?.known || ownership.value === 'BucketOwnerEnforced') return [];
  return [raise(OBJECT_OWNED_BY_OTHER_ACCOUNT, { bucket, key, owner, ownership: ownership.value })];
}

/** The KMS key an object is encrypted with: its own when listed, else the bucket default. */
function encryptionKeyOf(
  ctx: CheckContext,
  bucket: BucketScope,
  object: S3ObjectEvidence | undefined,
): { ref: string; account: string } | null | undefined {
  if (object?.ServerSideEncryption !== undefined) {
    if (object.ServerSideEncryption !== 'aws:kms' && object.ServerSideEncryption !== 'aws:kms:dsse') return null;
    return { ref: bucketDefaultKeyRef(object.SSEKMSKeyId), account: bucket.account };
  }
  const encryption = bucket.evidence?.encryption;
  if (!encryption) return undefined;
  if (!encryption.known) {
    ctx.incomplete.note(`default encryption of bucket ${bucket.name}`, encryption.why);
    return undefined;
  }
  const rule = encryption.value;
  if (!rule || (rule.SSEAlgorithm !== 'aws:kms' && rule.SSEAlgorithm !== 'aws:kms:dsse')) return null;
  return { ref: bucketDefaultKeyRef(rule.KMSMasterKeyID), account: bucket.account };
}

async function decryptChecks(
  ctx: CheckContext,
  scope: RoleScope,
  bucket: BucketScope,
  purpose: string,
  objects: { key: string; object?: S3ObjectEvidence }[],
): Promise<Check[]> {
  // One check per distinct key: objects under one key need the same permission.
  const byKey = new Map<string, { ref: string; account: string; objectArn?: string }>();
  for (const { key, object } of objects) {
    const used = encryptionKeyOf(ctx, bucket, object);
    if (!used) continue;
    const id = `${used.account}\u0000${used.ref}`;
    if (!byKey.has(id))
      byKey.set(id, { ...used, objectArn: object ? s3Arn(ctx.evidence.partition, bucket.name, key) : undefined });
  }
  const checks: Check[] = [];
  for (const used of byKey.values()) {
    const key = await resolveKey(ctx, used.ref, used.account);
    // The encryption context S3 sends: the bucket ARN with S3 Bucket Keys, else the object ARN.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context
    const context: RequestContext = {};
    const rule = bucket.evidence?.encryption.known ? bucket.evidence.encryption.value : null;
    if (rule?.BucketKeyEnabled)
      context['kms:EncryptionContext:aws:s3:arn'] = s3Arn(ctx.evidence.partition, bucket.name);
    else if (used.objectArn) context['kms:EncryptionContext:aws:s3:arn'] = used.objectArn;
    checks.push(
      ...(await kmsChecks(ctx, scope, key, ['kms:Decrypt'], { purpose, context, viaS3Region: bucket.region })),
    );
  }
  return checks;
}

/** Input prefix: `s3:ListBucket` with `s3:prefix`, `s3:GetObject` on the prefix or each listed object. */
export async function inputPrefixChecks(ctx: CheckContext, scope: RoleScope, location: S3Location): Promise<Check[]> {
  const p = ctx.evidence.partition;
  const bucket = await bucketScope(ctx, scope, location.bucket);
  const checks: Check[] = [
    s3Check(scope, bucket, {
      purpose: location.purpose,
      action: 's3:ListBucket',
      resource: s3Arn(p, location.bucket),
      location: s3Url(location.bucket, location.key),
      context: { 's3:prefix': location.key },
    }),
  ];
  const listed = listedObjects(bucket, location.key);
  if (listed && listed.length > 0) {
    const prefix = {
      location: s3Url(location.bucket, location.key),
      pattern: s3Arn(p, location.bucket, `${location.key}*`),
    };
    // The objects whose tags were not read differ only in their key: they share one check's
    // context, unknowable keys and causes (a listing may hold 100,000 of them).
    const untagged = s3Check(scope, bucket, {
      purpose: location.purpose,
      action: 's3:GetObject',
      resource: prefix.pattern,
      location: prefix.location,
      ...objectTags(undefined),
    });
    for (const [key, object] of listed) {
      const owned = ownershipCause(bucket, key, object, scope.layers.account);
      const resource = s3Arn(p, location.bucket, key);
      const listing = { ...prefix, key };
      if (object.tags === undefined && owned.length === 0) {
        checks.push(objectCheck(untagged, resource, s3Url(location.bucket, key), listing));
        continue;
      }
      checks.push(
        s3Check(
          scope,
          bucket,
          {
            purpose: location.purpose,
            action: 's3:GetObject',
            resource,
            location: s3Url(location.bucket, key),
            listing,
            ...objectTags(object),
          },
          owned,
        ),
      );
    }
    checks.push(
      ...(await decryptChecks(
        ctx,
        scope,
        bucket,
        location.purpose,
        listed.map(([key, object]) => ({ key, object })),
      )),
    );
  } else {
    checks.push(
      s3Check(scope, bucket, {
        purpose: location.purpose,
        action: 's3:GetObject',
        resource: s3Arn(p, location.bucket, `${location.key}*`),
        location: s3Url(location.bucket, location.key),
        ...objectTags(undefined),
      }),
    );
    checks.push(...(await decryptChecks(ctx, scope, bucket, location.purpose, [{ key: location.key }])));
  }
  return checks;
}

/** A single object (manifest, model artifact): `s3:GetObject` on it, no list. */
export async function inputObjectChecks(ctx: CheckContext, scope: RoleScope, location: S3Location): Promise<Check[]> {
  const p = ctx.evidence.partition;
  const bucket = await bucketScope(ctx, scope, location.bucket);
  const object = bucket.evidence?.objects.known ? bucket.evidence.objects.value[location.key] : undefined;
  return [
    s3Check(
      scope,
      bucket,
      {
        purpose: location.purpose,
        action: 's3:GetObject',
        resource: s3Arn(p, location.bucket, location.key),
        location: s3Url(location.bucket, location.key),
        ...objectTags(object),
      },
      object ? ownershipCause(bucket, location.key, object, scope.layers.account) : [],
    ),
    ...(await decryptChecks(ctx, scope, bucket, location.purpose, [{ key: location.key, object }])),
  ];
}

/**
 * Output prefix: `s3:PutObject`. SageMaker always writes with SSE-KMS: under the output's
 * `KmsKeyId`, else under the role account's `aws/s3` key (SageMaker API reference,
 * OutputDataConfig.KmsKeyId), which needs no KMS check.
 */
export async function outputChecks(ctx: CheckContext, scope: RoleScope, output: S3Output): Promise<Check[]> {
  const p = ctx.evidence.partition;
  const bucket = await bucketScope(ctx, scope, output.bucket);
  const context: RequestContext = { 's3:x-amz-server-side-encryption': 'aws:kms' };
  const key = output.kmsKeyId ? await resolveKey(ctx, output.kmsKeyId, scope.layers.account) : undefined;
  if (key) context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = key.arn;
  const put = s3Check(scope, bucket, {
    purpose: output.purpose,
    action: 's3:PutObject',
    resource: s3Arn(p, output.bucket, `${output.key}*`),
    location: s3Url(output.bucket, output.key),
    context,
  });
  const checks = [output.keySetting ? { ...put, outputKeySetting: output.keySetting } : put];
  if (key) {
    checks.push(
      ...(await kmsChecks(ctx, scope, key, ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], {
        purpose: `${output.purpose} encryption key`,
        viaS3Region: bucket.region,
      })),
    );
  }
  return checks;
}
