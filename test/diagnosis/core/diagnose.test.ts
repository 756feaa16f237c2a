/**
 * The diagnosis end to end over a snapshot: which checks a job gets, how each layer's denial
 * becomes a finding, and that each proposed patch fixes what it claims to.
 */
import {
  ACCOUNT,
  JOB_ARN,
  OTHER,
  ROLE_ARN,
  SESSION_ARN,
  World,
  allow,
  applyPatches,
  causes,
  checkOf,
  delegate,
  deny,
  diagnoseSnapshot,
  diagnoseWorld,
  DOWNLOAD_DENIED,
  doc,
  keyArn,
  trainingEvent,
  trainingJob,
} from './world';
import type { Report } from '../../../lambda/diagnosis/report';

/** Findings left once the patches are applied: the failure text still says access was denied. */
const fixable = (report: Report) => report.findings.filter((f) => f.cause !== 'UNEXPLAINED_ACCESS_DENIED');

const S3_ALL = (bucket: string) =>
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);

describe('the checks a job gets (docs/diagnosis.md, "Checks")', () => {
  it('lists an input prefix with s3:prefix exactly as written and reads it as a prefix pattern', async () => {
    // Given a role that may do everything on its bucket
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    // When a job reads s3://data/train/ and writes s3://data/models/
    const report = await diagnoseWorld(world, trainingJob());
    // Then the list, get and put checks run as the SageMaker session of the role
    const list = checkOf(report, 's3:ListBucket');
    expect(list).toMatchObject({ resource: 'arn:aws:s3:::data', principal: SESSION_ARN, decision: 'Allowed' });
    expect(checkOf(report, 's3:GetObject')?.resource).toBe('arn:aws:s3:::data/train/*');
    expect(checkOf(report, 's3:PutObject')?.resource).toBe('arn:aws:s3:::data/models/*');
    expect(report.findings).toEqual([]);
  });

  it('keeps the trailing slash of the prefix: a ListBucket allowed only for "train" without slash is denied', async () => {
    // Given a ListBucket allowed for s3:prefix "train" exactly
    const world = new World()
      .role({
        inline: {
          data: doc(
            allow('s3:ListBucket', 'arn:aws:s3:::data', { Condition: { StringEquals: { 's3:prefix': 'train' } } }),
            allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::data/*'),
          ),
        },
      })
      .bucket('data');
    // When the channel is s3://data/train/
    const report = await diagnoseWorld(world, trainingJob());
    // Then the list is denied by the identity layer
    expect(causes(report)).toEqual(['IDENTITY_POLICY_NO_ALLOW s3:ListBucket arn:aws:s3:::data']);
  });

  it('checks each listed object instead of the prefix, and decrypts with the object key when it has its own', async () => {
    // Given two listed objects, one encrypted with its own KMS key
    const own = keyArn(ACCOUNT, 'obj-key');
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('data')) } })
      .bucket('data', {
        objects: {
          'train/a.csv': { ServerSideEncryption: 'AES256' },
          'train/b.csv': { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: own },
        },
      })
      .key(own);
    // When the job reads the prefix
    const report = await diagnoseWorld(world, trainingJob());
    // Then GetObject is checked per object (both allowed: one merged check naming them) and
    // kms:Decrypt on the object's key, denied by identity
    const gets = report.checks.filter((c) => c.action === 's3:GetObject').map((c) => [c.resource, c.objects]);
    expect(gets).toEqual([['arn:aws:s3:::data/train/*', { count: 2, examples: ['train/a.csv', 'train/b.csv'] }]]);
    expect(causes(report)).toEqual([`IDENTITY_POLICY_NO_ALLOW kms:Decrypt ${own}`]);
  });

  it('writes outputs with SSE-KMS: without a KmsKeyId no KMS check, with one GenerateDataKey, Decrypt and Encrypt', async () => {
    // Given a bucket policy that demands the job's key on every PutObject
    const key = keyArn(ACCOUNT, 'out-key');
    const policy = doc(
      deny('s3:PutObject', 'arn:aws:s3:::data/*', {
        Sid: 'RequireJobKey',
        Principal: '*',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } },
      }),
    );
    const world = new World()
      .role({
        inline: { data: doc(S3_ALL('data'), allow(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], key)) },
      })
      .bucket('data', { policy })
      .key(key);
    // When the job names no output key, then when it names that key
    const without = await diagnoseWorld(world, trainingJob());
    const withKey = await diagnoseWorld(world, trainingJob({ outputKey: key }));
    // Then the first is denied by the bucket policy, and needs no KMS check
    expect(causes(without)).toEqual(['BUCKET_POLICY_EXPLICIT_DENY s3:PutObject arn:aws:s3:::data/models/*']);
    expect(without.checks.some((c) => c.action.startsWith('kms:'))).toBe(false);
    // And the second is allowed, with its three KMS checks
    expect(withKey.findings).toEqual([]);
    expect(withKey.checks.filter((c) => c.resource === key).map((c) => c.action)).toEqual([
      'kms:GenerateDataKey',
      'kms:Decrypt',
      'kms:Encrypt',
    ]);
  });

  it('checks kms:CreateGrant on the volume key with kms:GrantIsForAWSResource', async () => {
    // Given a role allowed CreateGrant only for AWS resources
    const key = keyArn(ACCOUNT, 'vol');
    const world = new World()
      .role({
        inline: {
          data: doc(
            S3_ALL('data'),
            allow('kms:CreateGrant', key, { Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
          ),
        },
      })
      .bucket('data')
      .key(key);
    // When the job names it as volume key
    const report = await diagnoseWorld(world, trainingJob({ volumeKey: key }));
    // Then the grant is allowed
    expect(checkOf(report, 'kms:CreateGrant', key)?.decision).toBe('Allowed');
  });

  it("judges the trust policy alone, with the job's account and ARN as source", async () => {
    // Given a trust policy that requires this very job's account
    const trust = doc({
      Effect: 'Allow',
      Principal: { Service: 'sagemaker.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:sagemaker:*:${ACCOUNT}:training-job/*` },
      },
    });
    const world = new World().role({ trust, inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    // When diagnosed
    const report = await diagnoseWorld(world, trainingJob());
    // Then the trust check is allowed and made by SageMaker on the role ARN with its path
    expect(checkOf(report, 'sts:AssumeRole')).toMatchObject({
      principal: 'sagemaker.amazonaws.com',
      resource: ROLE_ARN,
      decision: 'Allowed',
    });
  });

  it('checks ECR pulls only for images in accounts the snapshot holds', async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    world.set(ACCOUNT, 'ecr', { repositories: { algo: { policy: null } } });
    // When the image is AWS's own, nothing is checked; when it is in our account, four checks
    const aws = await diagnoseWorld(world, trainingJob());
    const own = await diagnoseWorld(world, trainingJob({ image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/algo:1` }));
    expect(aws.checks.some((c) => c.action.startsWith('ecr:'))).toBe(false);
    expect(own.checks.filter((c) => c.action.startsWith('ecr:')).map((c) => c.action)).toEqual([
      'ecr:GetAuthorizationToken',
      'ecr:BatchGetImage',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchCheckLayerAvailability',
    ]);
    // And the role, without ECR permissions, is denied them all by its identity policies
    expect(own.findings.every((f) => f.cause === 'IDENTITY_POLICY_NO_ALLOW')).toBe(true);
    expect(own.findings.find((f) => f.action === 'ecr:GetAuthorizationToken')?.resource).toBe('*');
  });

  it("routes a VPC job's S3 requests through the VPC's gateway endpoint (aws:SourceVpce) and checks its ENIs", async () => {
    // Given a bucket policy that admits only one endpoint, and that endpoint in the job's VPC
    const policy = doc(
      deny('s3:*', ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], {
        Sid: 'OnlyVpce',
        Principal: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
    );
    const ec2 = allow(['ec2:*NetworkInterface*', 'ec2:Describe*'], '*');
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('data'), ec2) } })
      .bucket('data', { policy })
      .set(ACCOUNT, 'ec2', {
        vpcEndpoints: [
          {
            VpcEndpointId: 'vpce-1',
            VpcId: 'vpc-1',
            ServiceName: 'com.amazonaws.us-east-1.s3',
            VpcEndpointType: 'Gateway',
          },
        ],
        subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }],
      });
    // When the job runs in that VPC, then without a VPC
    const inVpc = await diagnoseWorld(
      world,
      trainingJob({ vpc: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] } }),
    );
    const outside = await diagnoseWorld(world, trainingJob());
    // Then inside, nothing is denied and the nine EC2 checks ran; outside, the bucket policy denies
    expect(inVpc.findings).toEqual([]);
    expect(inVpc.checks.filter((c) => c.action.startsWith('ec2:'))).toHaveLength(9);
    expect(outside.findings.map((f) => f.cause)).toEqual([
      'BUCKET_POLICY_EXPLICIT_DENY',
      'BUCKET_POLICY_EXPLICIT_DENY',
      'BUCKET_POLICY_EXPLICIT_DENY',
    ]);
  });
});

describe('findings: one per layer in blockedBy (docs/formats/report.md, docs/formats/causes.md)', () => {
  const denyRole = (sid: string) =>
    deny('s3:GetObject', 'arn:aws:s3:::data/*', { Sid: sid, Principal: { AWS: ROLE_ARN } });

  it('a bucket policy Deny and no identity Allow give two findings, each with its own patch', async () => {
    // Given a role without S3 permissions and a bucket policy that denies it
    const world = new World()
      .role({ inline: { other: doc(allow('s3:ListBucket', 'arn:aws:s3:::data')) } })
      .bucket('data', { policy: doc(denyRole('DenyJob')) });
    // When diagnosed
    const report = await diagnoseWorld(world, trainingJob());
    const get = checkOf(report, 's3:GetObject');
    // Then the check names both layers, and there is a finding for each
    expect(get).toMatchObject({ decision: 'ExplicitlyDenied', blockedBy: ['identity', 'resource'] });
    const forGet = report.findings.filter((f) => f.action === 's3:GetObject');
    expect(forGet.map((f) => f.cause)).toEqual(['IDENTITY_POLICY_NO_ALLOW', 'BUCKET_POLICY_EXPLICIT_DENY']);
    expect(forGet[1].explanation).toContain("'DenyJob'");
    expect(forGet[1].evidence).toEqual([
      {
        policyType: 'resource',
        policyArn: 'arn:aws:s3:::data',
        policyName: "bucket policy of 'data'",
        statementSid: 'DenyJob',
        statementIndex: 0,
      },
    ]);
    expect(forGet.map((f) => f.patch?.kind)).toEqual(['role-inline-policy', 'bucket-policy']);
  });

  it('cites the boundary layer when one managed policy is both attached to the role and its boundary', async () => {
    // Given a managed policy that denies PutObject, attached to the role and set as its boundary
    const boundary = doc(allow('*', '*'), deny('s3:PutObject', '*', { Sid: 'NoWrites' }));
    const arn = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
    const world = new World()
      .role({ managed: [{ name: 'Boundary', arn, document: boundary }], boundary })
      .bucket('data');
    // When diagnosed
    const report = await diagnoseWorld(world, trainingJob());
    // Then each layer's finding cites the policy as that layer holds it
    const forPut = report.findings.filter((f) => f.action === 's3:PutObject');
    expect(forPut.map((f) => [f.cause, f.evidence.map((e) => e.policyType)])).toEqual([
      ['IDENTITY_POLICY_EXPLICIT_DENY', ['identity']],
      ['PERMISSIONS_BOUNDARY_EXPLICIT_DENY', ['permissions-boundary']],
    ]);
    expect(forPut[1].evidence[0]).toMatchObject({ policyArn: arn, statementSid: 'NoWrites' });
  });

  it('quotes a Deny statement without Sid by its index', async () => {
    const policy = doc(
      allow('s3:ListBucket', 'arn:aws:s3:::data', { Principal: '*' }),
      deny('s3:GetObject', 'arn:aws:s3:::data/*', { Principal: '*' }),
    );
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data', { policy });
    const report = await diagnoseWorld(world, trainingJob());
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].explanation).toContain('statement #1');
  });

  it('names AmazonSageMakerFullAccess and its pattern when it grants only on buckets named sagemaker', async () => {
    // Given the AWS managed policy's S3 object statement
    const fullAccess = {
      name: 'AmazonSageMakerFullAccess',
      arn: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
      document: doc(
        allow(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::*SageMaker*', 'arn:aws:s3:::*sagemaker*/*']),
        allow('s3:ListBucket', '*'),
      ),
    };
    const world = new World().role({ managed: [fullAccess] }).bucket('data');
    // When the job reads and writes a bucket without "sagemaker" in its name
    const report = await diagnoseWorld(world, trainingJob());
    // Then both findings name the policy and its pattern
    expect(report.findings.map((f) => f.action)).toEqual(['s3:GetObject', 's3:PutObject']);
    for (const f of report.findings) {
      expect(f.explanation).toContain('AmazonSageMakerFullAccess');
      expect(f.explanation).toContain('arn:aws:s3:::*sagemaker*/*');
    }
  });

  it('reports a missing layer as Unknown with an incomplete entry, never as a finding', async () => {
    // Given the bucket policy is absent from the snapshot (unknown), and identity allows
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data', { omit: ['policy'] });
    // When a job whose download was denied is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    // Then its checks are Unknown, listed as incomplete, and the failure stays unexplained
    expect(checkOf(report, 's3:GetObject')?.decision).toBe('Unknown');
    expect(report.incomplete.map((i) => i.what)).toContain('bucket policy of data');
    expect(report.findings.map((f) => f.cause)).toEqual(['UNEXPLAINED_ACCESS_DENIED']);
    expect(report.findings[0]).toMatchObject({ action: 's3:GetObject', resource: 'arn:aws:s3:::data/train/a.csv' });
  });

  it('counts the Denies of a role whose policies are known in part, but not its lack of an Allow', async () => {
    // Given a managed policy the snapshot lacks, and an inline policy that denies PutObject
    const world = new World()
      .role({
        inline: { guardrail: doc(deny('s3:PutObject', '*')) },
        managed: [{ name: 'Data', arn: `arn:aws:iam::${ACCOUNT}:policy/Data`, document: doc() }],
      })
      .bucket('data');
    (world.accounts[ACCOUNT].iam as { Policies: unknown[] }).Policies = [];
    const report = await diagnoseWorld(world, trainingJob());
    // Then GetObject is Unknown (the missing policy may allow it), PutObject is denied
    expect(checkOf(report, 's3:GetObject')).toMatchObject({ decision: 'Unknown', blockedBy: [] });
    expect(checkOf(report, 's3:PutObject')).toMatchObject({ decision: 'ExplicitlyDenied', blockedBy: ['identity'] });
    expect(report.findings.map((f) => f.cause)).toEqual(['IDENTITY_POLICY_EXPLICIT_DENY']);
  });

  it('does not take a key policy without an Allow as a denial when the grants are unknown', async () => {
    // Given a key whose policy grants nothing to the role's account and whose grants are unknown
    const key = keyArn(ACCOUNT, 'k');
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('data'), allow('kms:Decrypt', key)) } })
      .bucket('data', { encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } })
      .key(key, { policy: doc() });
    delete ((world.accounts[ACCOUNT].kms as { keys: Record<string, Record<string, unknown>> }).keys[key] ?? {}).grants;
    const report = await diagnoseWorld(world, trainingJob());
    // Then the Decrypt check is Unknown: a grant may allow it
    expect(checkOf(report, 'kms:Decrypt')).toMatchObject({ decision: 'Unknown', blockedBy: [] });
    expect(report.incomplete.map((i) => i.what)).toContain(`grants of KMS key ${key}`);
  });

  it('still denies on a known layer when another layer is unknown', async () => {
    // Given no identity Allow, and an unknown bucket policy
    const world = new World().role({ inline: {} }).bucket('data', { omit: ['policy'] });
    const report = await diagnoseWorld(world, trainingJob());
    // Then the identity layer's denial stands, naming only the known layer
    expect(checkOf(report, 's3:GetObject')).toMatchObject({ decision: 'ImplicitlyDenied', blockedBy: ['identity'] });
  });

  it('gives KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT alone, replacing the policy findings of its check', async () => {
    // Given a bucket of another account encrypted with that account's aws/s3 key
    const awsKey = keyArn(OTHER, 'aws-s3');
    const shared = doc(
      allow(['s3:ListBucket', 's3:GetObject'], ['arn:aws:s3:::partner', 'arn:aws:s3:::partner/*'], {
        Principal: { AWS: ROLE_ARN },
      }),
    );
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('partner'), S3_ALL('data')) } })
      .bucket('partner', {
        account: OTHER,
        policy: shared,
        encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: awsKey },
      })
      .key(awsKey, { manager: 'AWS', aliases: ['alias/aws/s3'], policy: null })
      .bucket('data');
    const report = await diagnoseWorld(world, trainingJob({ channels: [{ name: 'train', uri: 's3://partner/x/' }] }));
    // Then one finding for the key, whatever the key policy says
    expect(causes(report)).toEqual([`KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT kms:Decrypt ${awsKey}`]);
    expect(report.findings[0].patch?.kind).toBe('manual');
  });

  it('adds BUCKET_REQUESTER_PAYS to every S3 check of a Requester Pays bucket of another account', async () => {
    const shared = doc(
      allow('s3:*', ['arn:aws:s3:::rp', 'arn:aws:s3:::rp/*'], { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
    );
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('rp')) } })
      .bucket('rp', { account: OTHER, policy: shared, requesterPays: true });
    const report = await diagnoseWorld(
      world,
      trainingJob({ channels: [{ name: 'train', uri: 's3://rp/in/' }], output: 's3://rp/out/' }),
    );
    expect(report.findings.map((f) => `${f.cause} ${f.action}`)).toEqual([
      'BUCKET_REQUESTER_PAYS s3:ListBucket',
      'BUCKET_REQUESTER_PAYS s3:GetObject',
      'BUCKET_REQUESTER_PAYS s3:PutObject',
    ]);
    expect(checkOf(report, 's3:GetObject')?.decision).toBe('ImplicitlyDenied');
  });

  it("the same Requester Pays bucket in the role's own account is fine", async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data', { requesterPays: true });
    expect((await diagnoseWorld(world, trainingJob())).findings).toEqual([]);
  });

  it('uses SCPs of the role account at every level, and a missing level Allow is SCP_NO_ALLOW', async () => {
    const full = doc(allow('*', '*'));
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('data')) } })
      .bucket('data')
      .organization(ACCOUNT, { id: 'o-1', scps: [[full], [doc(allow('sagemaker:*', '*'))]], rcps: [] });
    const report = await diagnoseWorld(world, trainingJob());
    expect(report.findings.map((f) => f.cause)).toEqual(['SCP_NO_ALLOW', 'SCP_NO_ALLOW', 'SCP_NO_ALLOW']);
    expect(report.findings[0].patch?.kind).toBe('manual');
  });

  it('gives exactly one UNEXPLAINED_ACCESS_DENIED when access was denied and every check is allowed', async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    const report = await diagnoseWorld(
      world,
      trainingJob({ failureReason: 'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied' }),
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      cause: 'UNEXPLAINED_ACCESS_DENIED',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/models/',
      patch: null,
    });
  });

  it('gives no finding at all for a healthy job that failed for another reason', async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    const report = await diagnoseWorld(world, trainingJob({ failureReason: 'AlgorithmError: boom' }));
    expect(report.failure.category).toBe('algorithm');
    expect(report.findings).toEqual([]);
  });
});

describe('patches (docs/formats/report.md, "Patch")', () => {
  it('gathers every identity fix of a role into one inline policy that, applied, lifts every denial', async () => {
    // Given a role with no S3 or KMS permission and an encrypted bucket
    const key = keyArn(ACCOUNT, 'k1');
    const world = new World()
      .role({ inline: {} })
      .bucket('data', { encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } })
      .key(key);
    const snapshot = world.snapshot();
    const event = trainingEvent(trainingJob());
    const report = await diagnoseSnapshot(snapshot, event);
    // Then every finding shares one role-inline-policy patch on the role ARN with its path
    const patches = new Set(report.findings.map((f) => JSON.stringify(f.patch)));
    expect(patches.size).toBe(1);
    const patch = report.findings[0].patch!;
    expect(patch).toMatchObject({
      kind: 'role-inline-policy',
      target: ROLE_ARN,
      policyName: 'SageMakerAccessDoctor',
    });
    // And least privilege: no wildcard action, only the job's own ARNs
    const statements = (patch.document as { Statement: { Action: string | string[]; Resource: string | string[] }[] })
      .Statement;
    for (const s of statements) {
      expect([s.Action].flat().every((a) => !a.includes('*'))).toBe(true);
      expect([s.Resource].flat().every((r) => r.startsWith('arn:aws:s3:::data') || r === key)).toBe(true);
    }
    // And applying it leaves no finding
    const again = await diagnoseSnapshot(applyPatches(snapshot, report), event);
    expect(fixable(again)).toEqual([]);
  });

  it('narrows a bucket policy Deny with an exception for the role and keeps every other statement', async () => {
    const policy = doc(
      {
        Sid: 'Keep',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::data',
      },
      deny('s3:GetObject', 'arn:aws:s3:::data/*', { Sid: 'NoReads', Principal: '*' }),
    );
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data', { policy });
    const snapshot = world.snapshot();
    const event = trainingEvent(trainingJob());
    const report = await diagnoseSnapshot(snapshot, event);
    const patch = report.findings[0].patch!;
    expect(patch.kind).toBe('bucket-policy');
    const statements = (patch.document as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements[0]).toEqual((policy.Statement as unknown[])[0]);
    expect(statements[1]).toMatchObject({
      Sid: 'NoReads',
      Effect: 'Deny',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ROLE_ARN] } },
    });
    expect(fixable(await diagnoseSnapshot(applyPatches(snapshot, report), event))).toEqual([]);
  });

  it('grants a cross-account bucket and key to the role in their policies', async () => {
    const key = keyArn(OTHER, 'pk');
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('partner'), S3_ALL('data'), allow('kms:Decrypt', key)) } })
      .bucket('partner', { account: OTHER, policy: null, encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } })
      .key(key, { policy: doc(delegate(OTHER)) })
      .bucket('data');
    const snapshot = world.snapshot();
    const event = trainingEvent(trainingJob({ channels: [{ name: 'train', uri: 's3://partner/in/' }] }));
    const report = await diagnoseSnapshot(snapshot, event);
    expect(report.findings.map((f) => `${f.cause} ${f.action}`)).toEqual([
      'BUCKET_POLICY_NO_ALLOW s3:ListBucket',
      'BUCKET_POLICY_NO_ALLOW s3:GetObject',
      'KEY_POLICY_NO_ALLOW kms:Decrypt',
    ]);
    const bucketPatch = report.findings[0].patch!;
    // The ListBucket grant is limited to the job's prefix
    expect(JSON.stringify(bucketPatch.document)).toContain('"s3:prefix":["in/*"]');
    expect(bucketPatch.commands?.[0]).toMatch(/^aws s3api put-bucket-policy --bucket partner --policy '/);
    expect(report.findings[2].patch?.commands?.[0]).toContain(
      `aws kms put-key-policy --region us-east-1 --key-id ${key} --policy-name default`,
    );
    expect(fixable(await diagnoseSnapshot(applyPatches(snapshot, report), event))).toEqual([]);
  });

  it('adds SageMaker to a trust policy with aws:SourceAccount, keeping the existing statements', async () => {
    const trust = doc({
      Sid: 'Ec2',
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    const world = new World().role({ trust, inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    const snapshot = world.snapshot();
    const event = trainingEvent(
      trainingJob({ failureReason: `ClientError: SageMaker was unable to assume the role '${ROLE_ARN}'` }),
    );
    const report = await diagnoseSnapshot(snapshot, event);
    expect(causes(report)).toEqual([`TRUST_POLICY_NO_SAGEMAKER sts:AssumeRole ${ROLE_ARN}`]);
    const patch = report.findings[0].patch!;
    expect(patch.commands?.[0]).toMatch(/^aws iam update-assume-role-policy --role-name JobRole --policy-document '/);
    expect((patch.document as { Statement: unknown[] }).Statement[0]).toEqual((trust.Statement as unknown[])[0]);
    expect(fixable(await diagnoseSnapshot(applyPatches(snapshot, report), event))).toEqual([]);
  });

  it('explains an identity Deny with manual steps, as no automatic patch may remove a guardrail', async () => {
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('data')), guard: doc(deny('s3:PutObject', '*', { Sid: 'ReadOnly' })) } })
      .bucket('data');
    const report = await diagnoseWorld(world, trainingJob());
    expect(causes(report)).toEqual(['IDENTITY_POLICY_EXPLICIT_DENY s3:PutObject arn:aws:s3:::data/models/*']);
    expect(report.findings[0].explanation).toContain("'guard' (statement 'ReadOnly')");
    expect(report.findings[0].patch).toMatchObject({ kind: 'manual', target: ROLE_ARN });
  });
});

describe('the report', () => {
  it('describes the job: type, ARN, account, region, role, status and failure', async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data');
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    expect(report).toMatchObject({
      reportVersion: 2,
      job: {
        type: 'TrainingJob',
        name: 'train-1',
        arn: JOB_ARN,
        account: ACCOUNT,
        region: 'us-east-1',
        roleArn: ROLE_ARN,
        status: 'Failed',
      },
      failure: { category: 'access-denied', action: 's3:GetObject', resource: 'arn:aws:s3:::data/train/a.csv' },
    });
  });
});
