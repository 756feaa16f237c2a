/**
 * A bucket from S3: which account owns it, its region, policy, default encryption, object
 * ownership and Requester Pays; its objects only when object-level reads are on.
 *
 * The owner: S3 ARNs carry no account, and only the owner may read a bucket policy
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html). Every bucket read
 * carries `ExpectedBucketOwner`, so an answer proves the owner: S3 refuses with 403 a bucket of
 * another account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html).
 * In the caller's account, `ListBuckets` with the bucket name as prefix tells "ours" from
 * "denied" in the same round. A bucket of another account is looked for, with the
 * cross-account role, among the organization's accounts (accounts.ts), never in an account
 * guessed from digits in its name.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  HeadObjectCommand,
  paginateListBuckets,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  type BucketEncryption,
  type BucketEvidence,
  type Known,
  known,
  type S3ObjectEvidence,
  unknown,
} from '../evidence';
import { client } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { allPages, type Outcome, read, type ReadOptions } from './read';

/** At most this many objects are read per bucket: beyond it the listing is left unknown. */
export const MAX_OBJECTS = 200;
const HEAD_CONCURRENCY = 10;

const NO_SUCH_BUCKET = 'NoSuchBucket';

interface BucketReads {
  policy: Outcome<unknown>;
  encryption: Outcome<BucketEncryption | null>;
  ownership: Outcome<string | null>;
  region: Outcome<string>;
  requesterPays: Outcome<boolean>;
}

export async function readBucket(
  context: LiveContext,
  name: string,
  prefixes: string[],
): Promise<Known<BucketEvidence | null>> {
  const own = context.access.ownAccount;
  const ownIdentity = await context.access.identity(own);
  if (!ownIdentity.ok) return unknown(ownIdentity.why);
  const s3 = client('s3', context.region, ownIdentity.value);
  const [listing, reads] = await Promise.all([
    ownBucket(s3, context.read, name),
    bucketReads(s3, context.read, name, own),
  ]);
  const outcomes = Object.values(reads) as Outcome<unknown>[];
  if (outcomes.some((outcome) => !outcome.ok && outcome.code === NO_SUCH_BUCKET)) {
    context.recorder.bucket(own, name, null);
    return known(null);
  }
  const answered = outcomes.some((outcome) => outcome.ok);
  if ((listing.ok && listing.value) || (!listing.ok && answered)) {
    return finish(context, s3, own, name, prefixes, reads);
  }
  if (!listing.ok) return unknown(`bucket '${name}': ${listing.why}; ${firstFailure(outcomes)}`);
  return otherAccountBucket(context, name, prefixes);
}

async function otherAccountBucket(
  context: LiveContext,
  name: string,
  prefixes: string[],
): Promise<Known<BucketEvidence | null>> {
  const own = context.access.ownAccount;
  const candidates = await context.access.otherAccounts();
  if (!context.access.hasCrossAccountRole || candidates.length === 0) {
    return unknown(
      `bucket '${name}' is not owned by account ${own} (s3:ListBuckets)` +
        (context.access.hasCrossAccountRole
          ? ' and there is no other account of the organization to look for it in'
          : ' and no cross-account role name is configured to read its owner account'),
    );
  }
  const tries = await Promise.all(
    candidates.map(async (account) => {
      const identity = await context.access.identity(account);
      if (!identity.ok) return { account, why: identity.why };
      const s3 = client('s3', context.region, identity.value);
      const reads = await bucketReads(s3, context.read, name, account);
      const outcomes = Object.values(reads) as Outcome<unknown>[];
      return outcomes.some((outcome) => outcome.ok) ? { account, s3, reads } : { account, why: firstFailure(outcomes) };
    }),
  );
  const owner = tries.find((attempt) => 'reads' in attempt);
  if (owner && 'reads' in owner && owner.s3 && owner.reads) {
    return finish(context, owner.s3, owner.account, name, prefixes, owner.reads);
  }
  const reasons = tries
    .map((attempt) => `account ${attempt.account}: ${'why' in attempt ? attempt.why : ''}`)
    .join('; ');
  return unknown(
    `bucket '${name}' is not owned by account ${own}, and it could not be read as a bucket of another account (${reasons})`,
  );
}

async function finish(
  context: LiveContext,
  s3: S3Client,
  account: string,
  name: string,
  prefixes: string[],
  reads: BucketReads,
): Promise<Known<BucketEvidence | null>> {
  const evidence: BucketEvidence = {
    name,
    account,
    region: asKnown(reads.region),
    policy: reads.policy.ok ? known(reads.policy.value) : unknown(reads.policy.why),
    encryption: asKnown(reads.encryption),
    objectOwnership: asKnown(reads.ownership),
    requesterPays: asKnown(reads.requesterPays),
    objects: context.objectLevelReads
      ? await readObjects(s3, context.read, name, account, prefixes)
      : unknown('object-level reads are turned off (ListObjectsV2, HeadObject)'),
  };
  context.recorder.bucket(account, name, evidence);
  return known(evidence);
}

const asKnown = <T>(outcome: Outcome<T>): Known<T> => (outcome.ok ? known(outcome.value) : unknown(outcome.why));

const firstFailure = (outcomes: Outcome<unknown>[]): string =>
  outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.why]))[0] ?? 'no read answered';

/** Whether the caller's account owns the bucket: `ListBuckets` lists only the caller's buckets. */
async function ownBucket(s3: S3Client, options: ReadOptions, name: string): Promise<Outcome<boolean>> {
  const listing = await read('s3:ListAllMyBuckets', options, (abortSignal) =>
    allPages(paginateListBuckets({ client: s3 }, { Prefix: name }, { abortSignal }), (page) => page.Buckets),
  );
  return listing.ok ? { ok: true, value: listing.value.some((bucket) => bucket.Name === name) } : listing;
}

/** The five bucket-level reads, in one round, each refusing a bucket that `owner` does not own. */
async function bucketReads(
  s3: S3Client,
  options: ReadOptions,
  Bucket: string,
  ExpectedBucketOwner: string,
): Promise<BucketReads> {
  const input = { Bucket, ExpectedBucketOwner };
  const [policy, encryption, ownership, region, requesterPays] = await Promise.all([
    read('s3:GetBucketPolicy', options, async (abortSignal) => {
      const out = await s3.send(new GetBucketPolicyCommand(input), { abortSignal });
      return decodeDocument(out.Policy);
    }),
    read('s3:GetEncryptionConfiguration', options, async (abortSignal) => {
      const out = await s3.send(new GetBucketEncryptionCommand(input), { abortSignal });
      const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
      const byDefault = rule?.ApplyServerSideEncryptionByDefault;
      if (!byDefault?.SSEAlgorithm) return null;
      const encryption: BucketEncryption = { SSEAlgorithm: byDefault.SSEAlgorithm };
      if (byDefault.KMSMasterKeyID) encryption.KMSMasterKeyID = byDefault.KMSMasterKeyID;
      if (rule?.BucketKeyEnabled !== undefined) encryption.BucketKeyEnabled = rule.BucketKeyEnabled;
      return encryption;
    }),
    read('s3:GetBucketOwnershipControls', options, async (abortSignal) => {
      const out = await s3.send(new GetBucketOwnershipControlsCommand(input), { abortSignal });
      return out.OwnershipControls?.Rules?.[0]?.ObjectOwnership ?? null;
    }),
    read('s3:GetBucketLocation', options, async (abortSignal) => {
      const out = await s3.send(new GetBucketLocationCommand(input), { abortSignal });
      return bucketRegion(out.LocationConstraint);
    }),
    read('s3:GetBucketRequestPayment', options, async (abortSignal) => {
      const out = await s3.send(new GetBucketRequestPaymentCommand(input), { abortSignal });
      return out.Payer === 'Requester';
    }),
  ]);
  return {
    policy: orNull(policy, 'NoSuchBucketPolicy'),
    encryption: orNull(encryption, 'ServerSideEncryptionConfigurationNotFoundError'),
    ownership: orNull(ownership, 'OwnershipControlsNotFoundError'),
    region,
    requesterPays,
  };
}

/** The documented "none configured" error of a read is the known answer `null`. */
function orNull<T>(outcome: Outcome<T>, noneCode: string): Outcome<T | null> {
  return !outcome.ok && outcome.code === noneCode ? { ok: true, value: null } : outcome;
}

/**
 * `LocationConstraint` is empty for us-east-1 and `EU` for the oldest eu-west-1 buckets
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
 */
export function bucketRegion(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

/** The objects under the prefixes, with their encryption (the owner is not read: see docs/lambda.md). */
async function readObjects(
  s3: S3Client,
  options: ReadOptions,
  Bucket: string,
  ExpectedBucketOwner: string,
  prefixes: string[],
): Promise<Known<Record<string, S3ObjectEvidence>>> {
  const listings = await Promise.all(
    [...new Set(prefixes)].map((Prefix) =>
      read('s3:ListBucket', options, (abortSignal) =>
        allPages(
          paginateListObjectsV2(
            { client: s3, pageSize: MAX_OBJECTS + 1 },
            { Bucket, Prefix, ExpectedBucketOwner },
            { abortSignal },
          ),
          (page) => page.Contents,
        ),
      ),
    ),
  );
  const failed = listings.find((listing) => !listing.ok);
  if (failed && !failed.ok) return unknown(failed.why);
  const keys = [
    ...new Set(listings.flatMap((listing) => (listing.ok ? listing.value.map((object) => object.Key ?? '') : []))),
  ];
  if (keys.length > MAX_OBJECTS)
    return unknown(`more than ${MAX_OBJECTS} objects under the job's prefixes: per-object evidence is not read`);
  const objects: Record<string, S3ObjectEvidence> = {};
  for (let start = 0; start < keys.length; start += HEAD_CONCURRENCY) {
    const heads = await Promise.all(
      keys
        .slice(start, start + HEAD_CONCURRENCY)
        .map((Key) =>
          read('s3:GetObject (HeadObject)', options, (abortSignal) =>
            s3.send(new HeadObjectCommand({ Bucket, Key, ExpectedBucketOwner }), { abortSignal }),
          ),
        ),
    );
    for (const [index, head] of heads.entries()) {
      if (!head.ok) return unknown(`object s3://${Bucket}/${keys[start + index]}: ${head.why}`);
      const object: S3ObjectEvidence = {};
      if (head.value.ServerSideEncryption) object.ServerSideEncryption = head.value.ServerSideEncryption;
      if (head.value.SSEKMSKeyId) object.SSEKMSKeyId = head.value.SSEKMSKeyId;
      objects[keys[start + index]] = object;
    }
  }
  return known(objects);
}
