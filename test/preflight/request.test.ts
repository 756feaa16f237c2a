/**
 * Preflight of one `Create*` request (docs/preflight.md): every job type gets the checks of
 * section 6 from the request alone, with the ARN the job will have; nothing failed yet.
 */
import { InputError } from '../../lambda/errors';
import {
  ACCOUNT,
  REGION,
  ROLE_ARN,
  World,
  actions,
  allow,
  denied,
  doc,
  endpointConfig,
  endpointRequest,
  IMAGE,
  modelRequest,
  preflightRequest,
  processingRequest,
  trainingRequest,
  transformRequest,
  tuningRequest,
} from './world';

const REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/trainer`;
const PULLS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

/** A role that may do everything the tests' jobs need, and the evidence around it. */
function healthyWorld(extra: Record<string, unknown>[] = []): World {
  const world = new World()
    .role({
      inline: {
        data: doc(
          allow('s3:ListBucket', 'arn:aws:s3:::data'),
          allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::data/*'),
          allow('ecr:GetAuthorizationToken', '*'),
          allow(PULLS, REPO),
          ...extra,
        ),
      },
    })
    .bucket('data');
  world.set(ACCOUNT, 'ecr', { repositories: { trainer: { policy: null } } });
  return world;
}

const pullChecks = ['ecr:GetAuthorizationToken *', ...PULLS.map((a) => `${a} ${REPO}`)];

describe('preflight of a Create* request: every job type', () => {
  it('training: trust, the channel prefix, the output, the image, with the ARN the job will have', async () => {
    const report = await preflightRequest(healthyWorld(), 'training', trainingRequest());
    const jobArn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/train-2`;
    expect(report.job).toEqual({
      type: 'TrainingJob',
      name: 'train-2',
      arn: jobArn,
      account: ACCOUNT,
      region: REGION,
      roleArn: ROLE_ARN,
      status: 'NotStarted',
    });
    expect(report.failure).toEqual({ category: 'none' });
    expect(actions(report)).toEqual([
      `sts:AssumeRole ${ROLE_ARN}`,
      's3:ListBucket arn:aws:s3:::data',
      's3:GetObject arn:aws:s3:::data/train/*',
      's3:PutObject arn:aws:s3:::data/models/*',
      ...pullChecks,
    ]);
    expect(denied(report)).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  it('processing: each input and output, the image and the volume key', async () => {
    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/vol`;
    const world = healthyWorld().key(key);
    const request = processingRequest({
      ProcessingResources: {
        ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10, VolumeKmsKeyId: key },
      },
    });
    const report = await preflightRequest(world, 'processing', request);
    expect(report.job.type).toBe('ProcessingJob');
    expect(report.job.arn).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:processing-job/prep-2`);
    expect(actions(report)).toEqual([
      `sts:AssumeRole ${ROLE_ARN}`,
      's3:ListBucket arn:aws:s3:::data',
      's3:GetObject arn:aws:s3:::data/raw/*',
      's3:PutObject arn:aws:s3:::data/features/*',
      `kms:CreateGrant ${key}`,
      ...pullChecks,
    ]);
    // The role has no kms:CreateGrant: the volume key check is denied before the job exists.
    expect(denied(report)).toEqual([`kms:CreateGrant ${key}`]);
    expect(report.findings.map((f) => f.cause)).toEqual(['IDENTITY_POLICY_NO_ALLOW']);
  });

  it("transform: the model's role (from the evidence) reads the model data and the input, writes the output", async () => {
    const world = healthyWorld();
    world.set(ACCOUNT, 'sagemaker', { models: { 'churn-model': { ModelName: 'churn-model', ...modelRequest() } } });
    const report = await preflightRequest(world, 'transform', transformRequest());
    expect(report.job.type).toBe('TransformJob');
    expect(report.job.roleArn).toBe(ROLE_ARN);
    expect(actions(report)).toEqual([
      `sts:AssumeRole ${ROLE_ARN}`,
      's3:ListBucket arn:aws:s3:::data',
      's3:GetObject arn:aws:s3:::data/batch/*',
      's3:GetObject arn:aws:s3:::data/models/model.tar.gz',
      's3:PutObject arn:aws:s3:::data/scores/*',
      ...pullChecks,
    ]);
    expect(denied(report)).toEqual([]);
  });

  it('transform: a model the evidence lacks is listed under incomplete, not guessed', async () => {
    const report = await preflightRequest(healthyWorld(), 'transform', transformRequest());
    expect(report.checks).toEqual([]);
    expect(report.incomplete.map((e) => e.what)).toEqual(["model 'churn-model' of transform job 'score-2'"]);
  });

  it("tuning: each training job definition's role and locations", async () => {
    const report = await preflightRequest(healthyWorld(), 'tuning', tuningRequest());
    expect(report.job.type).toBe('HyperParameterTuningJob');
    expect(report.job.arn).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:hyper-parameter-tuning-job/tune-2`);
    expect(actions(report)).toContain('s3:PutObject arn:aws:s3:::data/tuning/*');
    expect(actions(report)).toContain('s3:GetObject arn:aws:s3:::data/train/*');
    expect(denied(report)).toEqual([]);
  });

  it("model (CreateModel): the model's role reads the model data and pulls the image", async () => {
    const world = healthyWorld();
    const report = await preflightRequest(world, 'model', modelRequest());
    expect(report.job).toMatchObject({
      type: 'Model',
      name: 'churn-model',
      arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/churn-model`,
      status: 'NotStarted',
    });
    expect(actions(report)).toEqual([
      `sts:AssumeRole ${ROLE_ARN}`,
      's3:GetObject arn:aws:s3:::data/models/model.tar.gz',
      ...pullChecks,
    ]);
  });

  it('model: an image repository that denies the pull is found before CreateModel', async () => {
    const world = healthyWorld();
    world.set(ACCOUNT, 'ecr', {
      repositories: {
        trainer: { policy: doc({ Sid: 'NoPull', Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage' }) },
      },
    });
    const report = await preflightRequest(world, 'model', modelRequest());
    expect(report.findings.map((f) => [f.cause, f.action])).toEqual([
      ['ECR_REPOSITORY_POLICY_EXPLICIT_DENY', 'ecr:BatchGetImage'],
    ]);
    expect(report.findings[0].patch?.kind).toBe('repository-policy');
  });
});

describe('preflight --job-type endpoint (CreateEndpoint)', () => {
  const endpointWorld = (modelData2 = 's3://data/models/model-2.tar.gz') => {
    const world = healthyWorld([allow('ec2:*', '*')]);
    world.set(ACCOUNT, 'sagemaker', {
      endpointConfigs: { 'churn-config': endpointConfig() },
      models: {
        'churn-model': modelRequest(),
        'churn-model-2': modelRequest({
          ModelName: 'churn-model-2',
          PrimaryContainer: { Image: IMAGE, ModelDataUrl: modelData2 },
          VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] },
        }),
      },
    });
    return world;
  };

  it("checks each variant's model as the endpoint diagnosis does: model data, image, VPC; the ARN SageMaker will give", async () => {
    const report = await preflightRequest(endpointWorld(), 'endpoint', endpointRequest());
    expect(report.job).toMatchObject({
      type: 'Endpoint',
      name: 'Churn-Live',
      // SageMaker writes an endpoint's name in lower case in its ARN.
      arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/churn-live`,
      roleArn: ROLE_ARN,
      status: 'NotStarted',
    });
    expect(report.failure).toEqual({ category: 'none' });
    const all = actions(report);
    expect(all).toContain('s3:GetObject arn:aws:s3:::data/models/model.tar.gz');
    expect(all).toContain('s3:GetObject arn:aws:s3:::data/models/model-2.tar.gz');
    expect(all).toContain('ecr:BatchGetImage arn:aws:ecr:us-east-1:111111111111:repository/trainer');
    // The shadow variant's model has a VpcConfig: its network interface checks.
    expect(all).toContain('ec2:CreateNetworkInterface arn:aws:ec2:us-east-1:111111111111:network-interface/*');
    const trust = report.checks.find((c) => c.action === 'sts:AssumeRole');
    expect(trust?.resource).toBe(ROLE_ARN);
    expect(denied(report)).toEqual([]);
  });

  it('a model data the role may not read is denied before the endpoint is created; its purpose names model and variant', async () => {
    const report = await preflightRequest(endpointWorld('s3://elsewhere/model.tar.gz'), 'endpoint', endpointRequest());
    expect(denied(report)).toEqual(['s3:GetObject arn:aws:s3:::elsewhere/model.tar.gz']);
    expect(report.findings[0]).toMatchObject({ cause: 'IDENTITY_POLICY_NO_ALLOW', action: 's3:GetObject' });
    expect(report.checks.find((c) => c.resource === 'arn:aws:s3:::elsewhere/model.tar.gz')?.purpose).toBe(
      "model data of model 'churn-model-2'",
    );
  });

  it('an endpoint configuration the evidence lacks is listed under incomplete, not guessed', async () => {
    const report = await preflightRequest(healthyWorld(), 'endpoint', endpointRequest());
    expect(report.checks).toEqual([]);
    expect(report.incomplete.map((e) => e.what)).toEqual([
      "endpoint configuration 'churn-config' of endpoint 'Churn-Live'",
    ]);
  });

  it('a request without EndpointConfigName is unusable input naming the field', async () => {
    await expect(
      preflightRequest(endpointWorld(), 'endpoint', endpointRequest({ EndpointConfigName: undefined })),
    ).rejects.toThrow(/EndpointConfigName/);
  });
});

describe('preflight: the trust check and the report', () => {
  const sourceArnTrust = (pattern: string) =>
    doc({
      Effect: 'Allow',
      Principal: { Service: 'sagemaker.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:SourceArn': pattern } },
    });

  it("uses the ARN the job will have as aws:SourceArn: a trust policy limited to other jobs' names denies", async () => {
    const world = new World().role({
      trust: sourceArnTrust(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/nightly-*`),
    });
    const report = await preflightRequest(world.bucket('data'), 'training', trainingRequest());
    expect(report.findings.filter((f) => f.cause === 'TRUST_POLICY_NO_SAGEMAKER')).toHaveLength(1);
    const allowed = await preflightRequest(
      new World()
        .role({ trust: sourceArnTrust(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/train-*`) })
        .bucket('data'),
      'training',
      trainingRequest(),
    );
    expect(allowed.findings.filter((f) => f.cause === 'TRUST_POLICY_NO_SAGEMAKER')).toEqual([]);
  });

  it('never adds UNEXPLAINED_ACCESS_DENIED: there is no failure, and each finding names its role', async () => {
    const report = await preflightRequest(new World().role().bucket('data'), 'training', trainingRequest());
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.map((f) => f.cause)).not.toContain('UNEXPLAINED_ACCESS_DENIED');
    expect(new Set(report.findings.map((f) => f.principal))).toEqual(new Set([ROLE_ARN]));
  });

  it('a RoleArn that is not a role ARN is unusable input naming the field', async () => {
    await expect(preflightRequest(new World(), 'training', trainingRequest({ RoleArn: 'ChurnRole' }))).rejects.toThrow(
      new InputError("request.json: RoleArn 'ChurnRole' is not an IAM role ARN: give arn:aws:iam::ACCOUNT:role/NAME"),
    );
  });

  it('a request without OutputDataConfig is unusable input naming the file and the field', async () => {
    const request = trainingRequest();
    delete request.OutputDataConfig;
    await expect(preflightRequest(new World().role(), 'training', request)).rejects.toThrow(
      /^request\.json: OutputDataConfig is missing.*create-training-job --generate-cli-skeleton/,
    );
  });
});
