/**
 * Property: any valid snapshot with any event never throws (issue 3, "Bad input"): the
 * diagnosis returns a well-formed report, or refuses unusable input with an InputError.
 */
import fc from 'fast-check';
import { InputError } from '../../../lambda/errors';
import { CAUSES } from '../../../lambda/diagnosis/causes';
import { ACCOUNT, OTHER, ROLE_ARN, applyPatches, diagnoseSnapshot, keyArn, trainingEvent } from './world';

const KEY = keyArn(ACCOUNT, 'k1');
const action = fc.constantFrom(
  's3:*',
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
  'kms:Decrypt',
  'kms:*',
  '*',
  'ec2:*',
  'ecr:*',
  'sts:AssumeRole',
  'kms:CreateGrant',
);
const resource = fc.constantFrom(
  '*',
  'arn:aws:s3:::data',
  'arn:aws:s3:::data/*',
  'arn:aws:s3:::data/train/*',
  'arn:aws:s3:::other/*',
  KEY,
  'arn:aws:s3:::*sagemaker*',
);
const principal = fc.constantFrom<unknown>(
  '*',
  { AWS: ROLE_ARN },
  { AWS: ACCOUNT },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { Service: 'sagemaker.amazonaws.com' },
);
const condition = fc.constantFrom<unknown>(
  undefined,
  { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { StringLike: { 's3:prefix': ['train/*'] } },
  { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
  { Null: { 'aws:SourceVpc': 'true' } },
);
const statement = (withPrincipal: boolean) =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Deny'),
      actions: fc.array(action, { minLength: 1, maxLength: 3 }),
      resources: fc.array(resource, { minLength: 1, maxLength: 2 }),
      principal,
      condition,
      sid: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
    })
    .map((s) => ({
      ...(s.sid !== undefined && { Sid: s.sid }),
      Effect: s.effect,
      Action: s.actions,
      Resource: s.resources,
      ...(withPrincipal && { Principal: s.principal }),
      ...(s.condition !== undefined && { Condition: s.condition }),
    }));
const policy = (withPrincipal: boolean) =>
  fc.array(statement(withPrincipal), { maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));
/** Absent (unknown), null (known none) or a document. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(fc.option(arb, { nil: null }), { nil: undefined });
const withKey = <T extends object>(o: T, key: string, value: unknown): T =>
  value === undefined ? o : { ...o, [key]: value };

const bucket = fc
  .record({
    policy: maybe(policy(true)),
    encryption: maybe(
      fc.constantFrom<unknown>(
        { SSEAlgorithm: 'AES256' },
        { SSEAlgorithm: 'aws:kms' },
        { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY, BucketKeyEnabled: true },
      ),
    ),
    objectOwnership: maybe(fc.constantFrom('BucketOwnerEnforced', 'ObjectWriter')),
    requesterPays: fc.option(fc.boolean(), { nil: undefined }),
    objects: fc.option(
      fc.dictionary(
        fc.constantFrom('train/a', 'train/b', 'x'),
        fc.record({ ownerAccount: fc.constantFrom(ACCOUNT, OTHER) }),
      ),
      { nil: undefined },
    ),
  })
  .map((b) =>
    ['policy', 'encryption', 'objectOwnership', 'requesterPays', 'objects'].reduce(
      (o, k) => withKey(o, k, (b as Record<string, unknown>)[k]),
      { region: 'us-east-1' } as Record<string, unknown>,
    ),
  );

const world = fc.record({
  inline: fc.array(policy(false), { maxLength: 3 }),
  boundary: fc.option(policy(false), { nil: undefined }),
  trust: policy(true),
  data: bucket,
  dataAccount: fc.constantFrom(ACCOUNT, OTHER),
  keyPolicy: maybe(policy(true)),
  keyState: fc.constantFrom('Enabled', 'Disabled', 'PendingDeletion'),
  keyManager: fc.constantFrom('AWS', 'CUSTOMER'),
  grants: fc.array(
    fc.record({
      GranteePrincipal: fc.constantFrom(ROLE_ARN, `arn:aws:iam::${OTHER}:root`),
      Operations: fc.subarray(['Decrypt', 'GenerateDataKey', 'CreateGrant']),
    }),
    { maxLength: 2 },
  ),
  scps: fc.option(fc.array(fc.array(policy(false), { maxLength: 2 }), { maxLength: 3 }), { nil: undefined }),
  channels: fc.array(
    fc.constantFrom('s3://data/train/', 's3://data/', 's3://data/x', 's3://missing/y/', 's3://data/train/m.manifest'),
    { minLength: 1, maxLength: 3 },
  ),
  manifest: fc.boolean(),
  output: fc.constantFrom('s3://data/out/', 's3://missing/out/', 's3://data'),
  outputKey: fc.option(fc.constantFrom(KEY, 'alias/ml', 'k1', 'arn:aws:kms:us-east-1:111111111111:alias/none'), {
    nil: undefined,
  }),
  vpc: fc.boolean(),
  failure: fc.constantFrom(
    'ClientError: Data download failed:Unable to download object s3://data/train/a (AccessDenied: Access Denied)',
    'CapacityError: x',
    'ClientError: Artifact upload failed:Error 7',
    '',
    'User: x is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::data/a because no identity-based policy allows the s3:GetObject action',
  ),
  inSnapshot: fc.boolean(),
});

type WorldSpec = typeof world extends fc.Arbitrary<infer T> ? T : never;

function build(w: WorldSpec) {
  const roleAccount: Record<string, unknown> = {
    iam: {
      RoleDetailList: [
        {
          Path: '/ml/',
          RoleName: 'JobRole',
          Arn: ROLE_ARN,
          AssumeRolePolicyDocument: w.trust,
          RolePolicyList: w.inline.map((PolicyDocument, i) => ({
            PolicyName: `p${i}`,
            PolicyDocument: i % 2 ? JSON.stringify(PolicyDocument) : PolicyDocument,
          })),
          AttachedManagedPolicies: [],
          ...(w.boundary && {
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/B`,
            },
          }),
        },
      ],
      Policies: w.boundary
        ? [
            {
              PolicyName: 'B',
              Arn: `arn:aws:iam::${ACCOUNT}:policy/B`,
              DefaultVersionId: 'v1',
              PolicyVersionList: [{ Document: w.boundary, VersionId: 'v1', IsDefaultVersion: true }],
            },
          ]
        : [],
    },
    kms: {
      keys: {
        [KEY]: withKey(
          { KeyManager: w.keyManager, KeyState: w.keyState, aliases: ['alias/ml'], grants: w.grants },
          'policy',
          w.keyPolicy,
        ),
      },
    },
    ec2: {
      vpcEndpoints: [
        {
          VpcEndpointId: 'vpce-1',
          VpcId: 'vpc-1',
          ServiceName: 'com.amazonaws.us-east-1.s3',
          VpcEndpointType: 'Gateway',
        },
      ],
      subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }],
    },
  };
  if (w.scps !== undefined) roleAccount.organization = { id: 'o-1', scps: w.scps, rcps: [] };
  const accounts: Record<string, Record<string, unknown>> = { [ACCOUNT]: roleAccount };
  accounts[w.dataAccount] ??= {};
  accounts[w.dataAccount].s3 = { buckets: { data: w.data } };
  const job = {
    TrainingJobName: 'train-1',
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/train-1`,
    TrainingJobStatus: 'Failed',
    ...(w.failure && { FailureReason: w.failure }),
    AlgorithmSpecification: {
      TrainingImage: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/algo:1`,
      TrainingInputMode: 'File',
    },
    RoleArn: ROLE_ARN,
    InputDataConfig: w.channels.map((S3Uri, i) => ({
      ChannelName: `c${i}`,
      DataSource: { S3DataSource: { S3DataType: w.manifest && i === 0 ? 'ManifestFile' : 'S3Prefix', S3Uri } },
    })),
    OutputDataConfig: { S3OutputPath: w.output, ...(w.outputKey && { KmsKeyId: w.outputKey }) },
    ResourceConfig: {
      InstanceType: 'ml.m5.large',
      InstanceCount: 1,
      VolumeSizeInGB: 10,
      ...(w.outputKey && { VolumeKmsKeyId: w.outputKey }),
    },
    ...(w.vpc && { VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }),
  };
  if (w.inSnapshot) roleAccount.sagemaker = { trainingJobs: { 'train-1': job } };
  const snapshot = { snapshotVersion: 1, partition: 'aws', region: 'us-east-1', accounts };
  return { snapshot, event: trainingEvent(job) };
}

describe('diagnose on generated snapshots and events', () => {
  it('returns a well-formed report or an InputError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { snapshot, event } = build(w);
        try {
          const report = await diagnoseSnapshot(snapshot, event);
          expect(report.checks.length).toBeGreaterThan(0);
          for (const c of report.checks)
            expect(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'Unknown']).toContain(c.decision);
          for (const f of report.findings) expect(Object.keys(CAUSES)).toContain(f.cause);
          // Denied checks have findings; Unknown and Allowed ones none
          const denied = report.checks.filter((c) => c.decision.endsWith('Denied'));
          if (denied.length > 0) expect(report.findings.length).toBeGreaterThan(0);
          expect(report.findings.filter((f) => f.cause === 'UNEXPLAINED_ACCESS_DENIED').length).toBeLessThanOrEqual(1);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('leaves, once every proposed patch is applied, only findings no automatic patch can fix', async () => {
    const manual = new Set(
      Object.entries(CAUSES)
        // statement-for-owner: for an account the snapshot does not hold, so nothing to apply here.
        .filter(([, c]) => c.patch === 'manual' || c.patch === 'none' || c.patch === 'statement-for-owner')
        .map(([id]) => id),
    );
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        const { snapshot, event } = build(w);
        let report;
        try {
          report = await diagnoseSnapshot(snapshot, event);
        } catch (error) {
          if (error instanceof InputError) return;
          throw error;
        }
        const again = await diagnoseSnapshot(applyPatches(snapshot, report), event);
        // A finding whose automatic patch could not be validated has none: it may stay.
        const unpatched = new Set(
          report.findings.filter((f) => f.patch === null).map((f) => `${f.cause} ${f.action} ${f.resource}`),
        );
        const left = again.findings.filter(
          (f) => !manual.has(f.cause) && !unpatched.has(`${f.cause} ${f.action} ${f.resource}`),
        );
        expect(left.map((f) => `${f.cause} ${f.action} ${f.resource}`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
