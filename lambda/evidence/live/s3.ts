/**
 * A bucket from S3: which account owns it, its region, policy, default encryption, object
 * ownership and Requester Pays; its objects only when object-level reads are on.
 *
 * The owner: S3 ARNs carry no account, and only the owner may read a bucket policy
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html). Every bucket read
 * carries `ExpectedBucketOwner`, so an answer proves the owner: S3 refuses with 403 a bucket of
 * another account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html).
 * In the caller's account, `ListBuckets` with the bucket name as prefix tells "ours" from
 * "denied" in the same round. A bucket of another account is looked for the same way, with the
 * cross-account role, among the organization's accounts (accounts.ts), never in an account
 * guessed from digits in its name; its owner is remembered for an hour.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectTaggingCommand,
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
import { InstanceCache } from './instance-cache';
import { allPages, type Outcome, read, type ReadOptions } from './read';

/** At most this many objects are read per bucket: beyond it the listing is left unknown. */
const MAX_OBJECTS = 200;
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
  const { access } = context;
  const own = access.ownAccount;
  const candidates = await access.otherAccounts();
  if (!access.hasCrossAccountRole || candidates.length === 0) {
    return unknown(
      `bucket '${name}' is not owned by account ${own} (s3:ListBuckets)` +
        (access.hasCrossAccountRole
          ? ' and there is no other account of the organization to look for it in'
          : ' and no cross-account role name is configured to read its owner account'),
    );
  }
  const owner = await bucketOwner(context, name, candidates);
  if (!owner.ok) return unknown(`bucket '${name}' is not owned by account ${own}, and ${owner.why}`);
  if (owner.value === null) {
    return unknown(
      `bucket '${name}' is owned by no account of the organization (s3:ListBuckets in ${candidates.length + 1} accounts): ` +
        'an account outside the organization holds it, whose policies are not read',
    );
  }
  const identity = await access.identity(owner.value);
  if (!identity.ok) return unknown(`bucket '${name}' of account ${owner.value}: ${identity.why}`);
  const s3 = client('s3', context.region, identity.value);
  const reads = await bucketReads(s3, context.read, name, owner.value);
  if ((Object.values(reads) as Outcome<unknown>[]).some((outcome) => !outcome.ok && outcome.code === NO_SUCH_BUCKET)) {
    context.recorder.bucket(owner.value, name, null);
    return known(null);
  }
  return finish(context, s3, owner.value, name, prefixes, reads);
}

/** A bucket's owner is remembered this long per instance: a bucket changes owner only by being re-created. */
const BUCKET_OWNER_TTL_MS = 60 * 60_000;
/** A search that some accounts could not answer (no role there) is repeated sooner. */
const PARTIAL_SEARCH_TTL_MS = 15 * 60_000;
const bucketOwners = new InstanceCache<Outcome<string | null>>(BUCKET_OWNER_TTL_MS);
const partialSearches = new InstanceCache<Outcome<string | null>>(PARTIAL_SEARCH_TTL_MS);

/**
 * The account of the organization that owns the bucket (`null`: none does), found with
 * `ListBuckets` and the bucket's name as prefix through each account's role
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html, `prefix`): first in
 * the accounts the job's ARNs name (the job's own account among them), then in the rest of
 * the organization. Remembered per instance for an hour.
 */
function bucketOwner(context: LiveContext, name: string, candidates: string[]): Promise<Outcome<string | null>> {
  const key = `${context.access.scope}\u0000${name}`;
  return bucketOwners.get(
    key,
    () =>
      partialSearches.get(
        key,
        () => searchOwner(context, name, candidates),
        (outcome) => !outcome.ok && !outcome.transient,
      ),
    (outcome) => outcome.ok,
  );
}

async function searchOwner(context: LiveContext, name: string, candidates: string[]): Promise<Outcome<string | null>> {
  const named = candidates.filter((account) => context.candidateAccounts.has(account));
  const rest = candidates.filter((account) => !context.candidateAccounts.has(account));
  const failures: Extract<Outcome<unknown>, { ok: false }>[] = [];
  for (const stage of [named, rest]) {
    const answers = await Promise.all(stage.map((account) => ownedBy(context, name, account)));
    const found = answers.findIndex((answer) => answer.ok && answer.value);
    if (found >= 0) return { ok: true, value: stage[found] };
    for (const [index, answer] of answers.entries())
      if (!answer.ok) failures.push({ ...answer, why: `account ${stage[index]}: ${answer.why}` });
  }
  if (failures.length === 0) return { ok: true, value: null };
  return {
    ok: false,
    code: 'OwnerUnknown',
    why: `it was not found in the accounts of the organization that could be read (${failures.map((failure) => failure.why).join('; ')})`,
    ...(failures.some((failure) => failure.transient) && { transient: true }),
  };
}

/**
 * Whether `account` owns the bucket, through its role: `ListBuckets` lists only the caller's
 * own buckets. Where the role may not list them, a read that names the expected owner tells
 * as well: S3 refuses it with 403 for a bucket of another account.
 */
async function ownedBy(context: LiveContext, name: string, account: string): Promise<Outcome<boolean>> {
  const identity = await context.access.identity(account);
  if (!identity.ok) return identity;
  const s3 = client('s3', context.region, identity.value);
  const listed = await ownBucket(s3, context.read, name);
  if (listed.ok || listed.transient) return listed;
  const located = await read('s3:GetBucketLocation', context.read, (abortSignal) =>
    s3.send(new GetBucketLocationCommand({ Bucket: name, ExpectedBucketOwner: account }), { abortSignal }),
  );
  if (located.ok) return { ok: true, value: true };
  return { ...located, why: `${listed.why}; ${located.why}` };
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

/** The objects under the prefixes, with their encryption and tags (the owner is not read: see docs/lambda.md). */
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
    const batch = keys.slice(start, start + HEAD_CONCURRENCY);
    const reads = await Promise.all(
      batch.map((Key) =>
        Promise.all([
          read('s3:GetObject (HeadObject)', options, (abortSignal) =>
            s3.send(new HeadObjectCommand({ Bucket, Key, ExpectedBucketOwner }), { abortSignal }),
          ),
          read('s3:GetObjectTagging', options, (abortSignal) =>
            s3.send(new GetObjectTaggingCommand({ Bucket, Key, ExpectedBucketOwner }), { abortSignal }),
          ),
        ]),
      ),
    );
    for (const [index, [head, tagging]] of reads.entries()) {
      if (!head.ok) return unknown(`object s3://${Bucket}/${batch[index]}: ${head.why}`);
      const object: S3ObjectEvidence = {};
      if (head.value.ServerSideEncryption) object.ServerSideEncryption = head.value.ServerSideEncryption;
      if (head.value.SSEKMSKeyId) object.SSEKMSKeyId = head.value.SSEKMSKeyId;
      // The object's tags give s3:ExistingObjectTag/KEY. Tags that could not be read stay absent:
      // the key is then unknowable for that object, never "no tags"
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html).
      if (tagging.ok)
        object.tags = Object.fromEntries((tagging.value.TagSet ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
      objects[batch[index]] = object;
    }
  }
  return known(objects);
}
