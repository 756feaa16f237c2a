import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { bucketRegion } from '../../../lambda/evidence/live/s3';
import { OTHER, OWN, awsError, liveEvidence, resetLiveCaches } from './helpers';

const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
/** The organization's accounts, as ListAccounts gives them. */
const givenOrganization = (...accounts: string[]) =>
  organizations.on(ListAccountsCommand).resolves({ Accounts: accounts.map((Id) => ({ Id })) });
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyOthers', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::data/*' }],
};

function givenOwnBucket(name = 'data') {
  s3.on(ListBucketsCommand).resolves({
    Buckets: [{ Name: name, BucketRegion: 'us-east-1' }, { Name: `${name}-backup` }],
  });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify(POLICY) });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: 'arn:aws:kms:us-east-1:111111111111:key/k',
          },
          BucketKeyEnabled: true,
        },
      ],
    },
  });
  s3.on(GetBucketOwnershipControlsCommand).resolves({
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
  s3.on(GetBucketRequestPaymentCommand).resolves({ Payer: 'BucketOwner' });
}

describe('a bucket read from S3', () => {
  beforeEach(() => {
    s3.reset();
    sts.reset();
    organizations.reset();
    resetLiveCaches();
  });

  it('of the caller account holds its region, policy, encryption, ownership and Requester Pays', async () => {
    // Given a bucket the account owns
    givenOwnBucket();
    const { evidence } = await liveEvidence();
    // When it is read
    const bucket = await evidence.bucket('data', ['train/']);
    // Then every piece is known; object-level evidence stays off by default
    expect(bucket).toEqual({
      known: true,
      value: {
        name: 'data',
        account: OWN,
        region: { known: true, value: 'eu-west-1' },
        policy: { known: true, value: POLICY },
        encryption: {
          known: true,
          value: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: 'arn:aws:kms:us-east-1:111111111111:key/k',
            BucketKeyEnabled: true,
          },
        },
        objectOwnership: { known: true, value: 'BucketOwnerEnforced' },
        requesterPays: { known: true, value: false },
        objects: { known: false, why: 'object-level reads are turned off (ListObjectsV2, HeadObject)' },
      },
    });
    // And every bucket read demanded that the caller's account owns it
    expect(s3.commandCalls(GetBucketPolicyCommand)[0].args[0].input).toEqual({
      Bucket: 'data',
      ExpectedBucketOwner: OWN,
    });
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it.each([
    ['NoSuchBucketPolicy', GetBucketPolicyCommand, 'policy'],
    ['ServerSideEncryptionConfigurationNotFoundError', GetBucketEncryptionCommand, 'encryption'],
    ['OwnershipControlsNotFoundError', GetBucketOwnershipControlsCommand, 'objectOwnership'],
  ] as const)('reads %s as known to have none', async (code, command, field) => {
    // Given S3 answers the documented "none configured" error
    givenOwnBucket();
    s3.on(command).rejects(awsError(code, 'none', 404));
    const { evidence } = await liveEvidence();
    // Then that piece is known null
    const bucket = await evidence.bucket('data', []);
    expect(bucket.known && bucket.value?.[field]).toEqual({ known: true, value: null });
  });

  it.each([
    [undefined, 'us-east-1'],
    ['', 'us-east-1'],
    ['EU', 'eu-west-1'],
    ['ap-south-1', 'ap-south-1'],
  ])('takes the location constraint %p as region %s', (constraint, region) => {
    expect(bucketRegion(constraint)).toBe(region);
  });

  it('is known not to exist when S3 answers NoSuchBucket', async () => {
    // Given no bucket of that name
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    s3.on(GetBucketLocationCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    const { evidence } = await liveEvidence();
    await expect(evidence.bucket('gone', [])).resolves.toEqual({ known: true, value: null });
  });

  it('keeps a refused read unknown with the reason, the rest known', async () => {
    // Given GetBucketPolicy is denied
    givenOwnBucket();
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { evidence } = await liveEvidence();
    const bucket = await evidence.bucket('data', []);
    // Then only the policy is unknown
    expect(bucket.known && bucket.value?.policy).toEqual({
      known: false,
      why: 's3:GetBucketPolicy was denied: Access Denied',
    });
    expect(bucket.known && bucket.value?.region).toEqual({ known: true, value: 'eu-west-1' });
  });

  it('of another account is unknown without a cross-account role, saying so', async () => {
    // Given a bucket the account does not own
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { evidence } = await liveEvidence();
    // Then it is unknown, with the reason
    await expect(evidence.bucket(`sagemaker-us-east-1-${OTHER}`, [])).resolves.toEqual({
      known: false,
      why: `bucket 'sagemaker-us-east-1-${OTHER}' is not owned by account ${OWN} (s3:ListBuckets) and no cross-account role name is configured to read its owner account`,
    });
  });

  it('of another account is read there through the assumed cross-account role', async () => {
    // Given a bucket of another account of the organization, and a cross-account role
    const name = `sagemaker-us-east-1-${OTHER}`;
    givenOrganization(OWN, OTHER);
    // ListBuckets lists the buckets of the account whose credentials sign it
    s3.on(ListBucketsCommand).callsFake(async (_input, getClient) => {
      const signer = await getClient().config.credentials();
      return { Buckets: signer.accessKeyId === 'ASIAOTHER' ? [{ Name: name }] : [] };
    });
    s3.on(GetBucketPolicyCommand, { ExpectedBucketOwner: OWN }).rejects(awsError('AccessDenied', 'Access Denied', 403));
    s3.on(GetBucketPolicyCommand, { ExpectedBucketOwner: OTHER }).resolves({ Policy: JSON.stringify(POLICY) });
    s3.on(GetBucketLocationCommand, { ExpectedBucketOwner: OTHER }).resolves({ LocationConstraint: undefined });
    s3.on(GetBucketEncryptionCommand, { ExpectedBucketOwner: OTHER }).rejects(
      awsError('ServerSideEncryptionConfigurationNotFoundError', 'none', 404),
    );
    s3.on(GetBucketOwnershipControlsCommand, { ExpectedBucketOwner: OTHER }).resolves({
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
    });
    s3.on(GetBucketRequestPaymentCommand, { ExpectedBucketOwner: OTHER }).resolves({ Payer: 'Requester' });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAOTHER',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 900_000),
      },
    });
    const { evidence } = await liveEvidence({ crossAccountRoleName: 'AccessDoctorRead' });
    // When it is read
    const bucket = await evidence.bucket(name, []);
    // Then the role of that name was assumed in the owner account and the bucket read with it
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({
      RoleArn: `arn:aws:iam::${OTHER}:role/AccessDoctorRead`,
    });
    const policyCall = s3.commandCalls(GetBucketPolicyCommand, { ExpectedBucketOwner: OTHER })[0];
    const signer = await (policyCall.thisValue as S3Client).config.credentials();
    expect(signer.accessKeyId).toBe('ASIAOTHER');
    expect(bucket).toMatchObject({
      known: true,
      value: {
        account: OTHER,
        region: { known: true, value: 'us-east-1' },
        policy: { known: true, value: POLICY },
        encryption: { known: true, value: null },
        objectOwnership: { known: true, value: 'ObjectWriter' },
        requesterPays: { known: true, value: true },
      },
    });
  });

  it('of another account is unknown when the role cannot be assumed there, quoting STS', async () => {
    // Given AssumeRole is refused in the organization's other account
    givenOrganization(OWN, OTHER);
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403));
    const { evidence } = await liveEvidence({ crossAccountRoleName: 'AccessDoctorRead' });
    const bucket = await evidence.bucket(`bucket-${OTHER}`, []);
    // Then the reason quotes the refusal
    expect(bucket).toEqual({
      known: false,
      why: `bucket 'bucket-${OTHER}' is not owned by account ${OWN}, and it was not found in the accounts of the organization that could be read (account ${OTHER}: sts:AssumeRole into arn:aws:iam::${OTHER}:role/AccessDoctorRead was denied: not authorized to perform: sts:AssumeRole)`,
    });
  });

  it('never assumes a role in an account guessed from digits in the bucket name', async () => {
    // Given a bucket named with 12 digits that are no account of the organization
    givenOrganization(OWN, OTHER);
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403));
    const { evidence } = await liveEvidence({ crossAccountRoleName: 'AccessDoctorRead' });
    await evidence.bucket('sagemaker-us-east-1-683313688378', []);
    // Then the owner is looked for in the organization's account only
    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn)).toEqual([
      `arn:aws:iam::${OTHER}:role/AccessDoctorRead`,
    ]);
  });

  it('lists the objects under the prefixes and their encryption when object-level reads are on', async () => {
    // Given object-level reads are on and two objects under the prefix (two pages)
    givenOwnBucket();
    s3.on(ListObjectsV2Command, { Bucket: 'data', Prefix: 'train/', ExpectedBucketOwner: OWN })
      .resolves({ Contents: [{ Key: 'train/a.csv' }], IsTruncated: true, NextContinuationToken: 't1' })
      .on(ListObjectsV2Command, { Bucket: 'data', Prefix: 'train/', ExpectedBucketOwner: OWN, ContinuationToken: 't1' })
      .resolves({ Contents: [{ Key: 'train/b.csv' }], IsTruncated: false });
    s3.on(HeadObjectCommand, { Key: 'train/a.csv' }).resolves({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:us-east-1:111111111111:key/other',
    });
    s3.on(HeadObjectCommand, { Key: 'train/b.csv' }).resolves({ ServerSideEncryption: 'AES256' });
    // and the tags of one object may be read, those of the other not
    s3.on(GetObjectTaggingCommand, { Bucket: 'data', Key: 'train/a.csv', ExpectedBucketOwner: OWN }).resolves({
      TagSet: [{ Key: 'SageMaker', Value: 'true' }],
    });
    s3.on(GetObjectTaggingCommand, { Key: 'train/b.csv' }).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const { evidence } = await liveEvidence({ objectLevelReads: true });
    // When the bucket is read
    const bucket = await evidence.bucket('data', ['train/']);
    // Then the listing is complete, with each object's encryption, and the tags read
    // (s3:ExistingObjectTag/KEY); the object whose tags were refused has none: they are not known
    expect(bucket.known && bucket.value?.objects).toEqual({
      known: true,
      value: {
        'train/a.csv': {
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'arn:aws:kms:us-east-1:111111111111:key/other',
          tags: { SageMaker: 'true' },
        },
        'train/b.csv': { ServerSideEncryption: 'AES256' },
      },
    });
  });

  describe("of an owner found among the organization's accounts", () => {
    const THIRD = '333333333333';
    const NAME = 'partner-exports';
    const session = (account: string) => ({
      Credentials: {
        AccessKeyId: `ASIA${account}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 900_000),
      },
    });
    /** ListBuckets answers as AWS does: the buckets of the signing account, by prefix. */
    function givenBucketIn(owner: string | undefined) {
      givenOrganization(OWN, OTHER, THIRD);
      for (const account of [OTHER, THIRD])
        sts.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${account}:role/Reader` }).resolves(session(account));
      s3.on(ListBucketsCommand).callsFake(async (input: { Prefix?: string }, getClient) => {
        const signer = await getClient().config.credentials();
        const account = signer.accessKeyId.startsWith('ASIA') ? signer.accessKeyId.slice(4) : OWN;
        return { Buckets: account === owner && NAME.startsWith(input.Prefix ?? '') ? [{ Name: NAME }] : [] };
      });
      s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
      if (owner)
        s3.on(GetBucketPolicyCommand, { ExpectedBucketOwner: owner }).resolves({ Policy: JSON.stringify(POLICY) });
    }
    const listings = () => s3.commandCalls(ListBucketsCommand).length;
    afterEach(() => jest.restoreAllMocks());

    it('is found with ListBuckets, the bucket name as prefix, and read in its account', async () => {
      givenBucketIn(THIRD);
      const { evidence } = await liveEvidence({ crossAccountRoleName: 'Reader' });
      const bucket = await evidence.bucket(NAME, []);
      expect(bucket).toMatchObject({ known: true, value: { account: THIRD, policy: { known: true, value: POLICY } } });
      expect(new Set(s3.commandCalls(ListBucketsCommand).map((call) => call.args[0].input.Prefix))).toEqual(
        new Set([NAME]),
      );
    });

    it('is remembered for an hour: later diagnoses of the instance list no buckets', async () => {
      // Given the owner was found once
      givenBucketIn(THIRD);
      await (await liveEvidence({ crossAccountRoleName: 'Reader' })).evidence.bucket(NAME, []);
      const first = listings();
      // When another diagnosis of the instance reads the bucket 59 minutes later
      const start = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(start + 59 * 60_000);
      const again = await (await liveEvidence({ crossAccountRoleName: 'Reader' })).evidence.bucket(NAME, []);
      // Then only the caller's own listing is repeated (it tells "ours" in the same round)
      expect(again).toMatchObject({ known: true, value: { account: THIRD } });
      expect(listings() - first).toBe(1);
      // And after the hour the organization is searched again
      jest.spyOn(Date, 'now').mockReturnValue(start + 61 * 60_000);
      await (await liveEvidence({ crossAccountRoleName: 'Reader' })).evidence.bucket(NAME, []);
      expect(listings() - first).toBeGreaterThan(2);
    });

    it('is no account of the organization: unknown, saying so, and not searched again', async () => {
      givenBucketIn(undefined);
      const { evidence } = await liveEvidence({ crossAccountRoleName: 'Reader' });
      await expect(evidence.bucket(NAME, [])).resolves.toEqual({
        known: false,
        why: `bucket '${NAME}' is owned by no account of the organization (s3:ListBuckets in 3 accounts): an account outside the organization holds it, whose policies are not read`,
      });
      const first = listings();
      await (await liveEvidence({ crossAccountRoleName: 'Reader' })).evidence.bucket(NAME, []);
      expect(listings() - first).toBe(1);
    });

    it('is looked for where the role may not list buckets with a read that names the expected owner', async () => {
      // Given the role in the owner account may not call ListBuckets
      givenBucketIn(THIRD);
      s3.on(ListBucketsCommand).callsFake(async (_input, getClient) => {
        const signer = await getClient().config.credentials();
        if (signer.accessKeyId.startsWith('ASIA')) throw awsError('AccessDenied', 'Access Denied', 403);
        return { Buckets: [] };
      });
      s3.on(GetBucketLocationCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
      s3.on(GetBucketLocationCommand, { ExpectedBucketOwner: THIRD }).resolves({ LocationConstraint: undefined });
      const { evidence } = await liveEvidence({ crossAccountRoleName: 'Reader' });
      // Then the owner-checked read finds it
      await expect(evidence.bucket(NAME, [])).resolves.toMatchObject({ known: true, value: { account: THIRD } });
    });
  });
});
