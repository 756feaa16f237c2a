/**
 * S3 on REST-XML, path-style (`/BUCKET?policy`, `HEAD /BUCKET/KEY`). A bucket request carries
 * `x-amz-expected-bucket-owner`: a bucket of another account is refused with 403
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html). A bucket
 * of another region answers `301 PermanentRedirect` with `x-amz-bucket-region`, as S3 does
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), except for
 * GetBucketLocation, which answers from any region.
 */
import type { BucketSnapshot } from '../../../lambda/evidence/snapshot/types';
import { AwsFault, type Reply, xmlChildren, type XmlValue } from '../wire';
import { dispatch, documentText, notInSnapshot, onePage, type ServiceDefinition, type ServiceRequest } from './types';

const SUBRESOURCES = ['policy', 'encryption', 'ownershipControls', 'location', 'requestPayment', 'tagging', 'acl'];

function s3Operation(request: ServiceRequest): string {
  const [bucket, ...key] = request.path.replace(/^\//, '').split('/');
  const sub = SUBRESOURCES.find((name) => request.query.has(name));
  if (!bucket) return 'ListBuckets';
  if (key.length > 0 && key.join('/') !== '') {
    if (request.method === 'HEAD') return 'HeadObject';
    if (sub === 'tagging') return 'GetObjectTagging';
    if (sub === 'acl') return 'GetObjectAcl';
    return 'GetObject';
  }
  if (request.query.get('list-type') === '2') return 'ListObjectsV2';
  const bySub: Record<string, string> = {
    policy: 'GetBucketPolicy',
    encryption: 'GetBucketEncryption',
    ownershipControls: 'GetBucketOwnershipControls',
    location: 'GetBucketLocation',
    requestPayment: 'GetBucketRequestPayment',
  };
  return sub && bySub[sub] ? bySub[sub] : request.method === 'HEAD' ? 'HeadBucket' : 'ListObjects';
}

const xml = (root: string, children: XmlValue, headers: Record<string, string> = {}): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/xml', ...headers },
  body: `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${xmlChildren(children)}</${root}>`,
});

interface Located {
  name: string;
  owner: string;
  bucket: BucketSnapshot;
}

/** The bucket of the request, checked as S3 checks it: existence, owner condition, region. */
function bucketOf(request: ServiceRequest, operation: string): Located {
  const name = request.path.replace(/^\//, '').split('/')[0];
  const accounts = request.world.snapshot.accounts;
  const owner = Object.keys(accounts).find((id) => accounts[id].s3?.buckets?.[name] !== undefined);
  if (owner === undefined) throw notInSnapshot(`bucket ${name}`);
  const bucket = accounts[owner].s3?.buckets?.[name];
  if (bucket === null) throw new AwsFault('NoSuchBucket', 'The specified bucket does not exist', 404);
  const expected = request.headers['x-amz-expected-bucket-owner'];
  if ((expected !== undefined && expected !== owner) || bucket === undefined)
    throw new AwsFault('AccessDenied', 'Access Denied', 403);
  if (operation !== 'GetBucketLocation' && bucket.region !== undefined && bucket.region !== request.region) {
    throw new AwsFault(
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      301,
      { 'x-amz-bucket-region': bucket.region },
    );
  }
  return { name, owner, bucket };
}

function field<K extends keyof BucketSnapshot>(located: Located, key: K): NonNullable<BucketSnapshot[K]> | null {
  if (!(key in located.bucket)) throw notInSnapshot(`${key} of bucket ${located.name}`);
  return (located.bucket[key] ?? null) as NonNullable<BucketSnapshot[K]> | null;
}

const objectKey = (request: ServiceRequest): string => request.path.replace(/^\//, '').split('/').slice(1).join('/');

const HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  ListBuckets: (request) => {
    const prefix = request.query.get('prefix') ?? '';
    const names = Object.keys(request.world.snapshot.accounts[request.account]?.s3?.buckets ?? {})
      .filter((name) => name.startsWith(prefix))
      .sort();
    const page = onePage(names, request.query.get('continuation-token') ?? undefined);
    return xml('ListAllMyBucketsResult', {
      Buckets: { Bucket: page.items.map((Name) => ({ Name, CreationDate: new Date(0) })) },
      Owner: { ID: `owner-${request.account}` },
      ContinuationToken: page.next,
      Prefix: prefix || undefined,
    });
  },
  GetBucketPolicy: (request) => {
    const policy = field(bucketOf(request, 'GetBucketPolicy'), 'policy');
    if (policy === null) throw new AwsFault('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: documentText(policy) };
  },
  GetBucketEncryption: (request) => {
    const encryption = field(bucketOf(request, 'GetBucketEncryption'), 'encryption');
    if (encryption === null)
      throw new AwsFault(
        'ServerSideEncryptionConfigurationNotFoundError',
        'The server side encryption configuration was not found',
        404,
      );
    return xml('ServerSideEncryptionConfiguration', {
      Rule: {
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: encryption.SSEAlgorithm,
          KMSMasterKeyID: encryption.KMSMasterKeyID,
        },
        BucketKeyEnabled: encryption.BucketKeyEnabled,
      },
    });
  },
  GetBucketOwnershipControls: (request) => {
    const ownership = field(bucketOf(request, 'GetBucketOwnershipControls'), 'objectOwnership');
    if (ownership === null)
      throw new AwsFault('OwnershipControlsNotFoundError', 'The bucket ownership controls were not found', 404);
    return xml('OwnershipControls', { Rule: { ObjectOwnership: ownership } });
  },
  GetBucketLocation: (request) => {
    const region = field(bucketOf(request, 'GetBucketLocation'), 'region');
    return xml('LocationConstraint', region === 'us-east-1' || region === null ? '' : region);
  },
  GetBucketRequestPayment: (request) => {
    const requesterPays = field(bucketOf(request, 'GetBucketRequestPayment'), 'requesterPays');
    return xml('RequestPaymentConfiguration', { Payer: requesterPays ? 'Requester' : 'BucketOwner' });
  },
  ListObjectsV2: (request) => {
    const located = bucketOf(request, 'ListObjectsV2');
    const objects = field(located, 'objects') ?? {};
    const prefix = request.query.get('prefix') ?? '';
    const keys = Object.keys(objects)
      .filter((key) => key.startsWith(prefix))
      .sort();
    const page = onePage(keys, request.query.get('continuation-token') ?? undefined);
    return xml('ListBucketResult', {
      Name: located.name,
      Prefix: prefix,
      KeyCount: page.items.length,
      MaxKeys: Number(request.query.get('max-keys') ?? 1000),
      IsTruncated: page.next !== undefined,
      Contents: page.items.map((Key) => ({ Key, Size: 1, StorageClass: 'STANDARD' })),
      NextContinuationToken: page.next,
    });
  },
  HeadObject: (request) => {
    const located = bucketOf(request, 'HeadObject');
    const objects = field(located, 'objects');
    const object = objects?.[objectKey(request)];
    if (!object) throw new AwsFault('NotFound', 'Not Found', 404);
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    if (object.ServerSideEncryption) headers['x-amz-server-side-encryption'] = object.ServerSideEncryption;
    if (object.SSEKMSKeyId) headers['x-amz-server-side-encryption-aws-kms-key-id'] = object.SSEKMSKeyId;
    return { status: 200, headers, body: '' };
  },
  GetObjectTagging: (request) => {
    const located = bucketOf(request, 'GetObjectTagging');
    const object = field(located, 'objects')?.[objectKey(request)];
    if (!object) throw new AwsFault('NoSuchKey', 'The specified key does not exist.', 404);
    if (!object.tags) throw notInSnapshot(`tags of s3://${located.name}/${objectKey(request)}`);
    return xml('Tagging', { TagSet: { Tag: Object.entries(object.tags).map(([Key, Value]) => ({ Key, Value })) } });
  },
};

export const S3: ServiceDefinition = {
  protocol: 'rest-xml',
  operation: s3Operation,
  answer: (operation, request) => dispatch(HANDLERS, operation, request),
};
