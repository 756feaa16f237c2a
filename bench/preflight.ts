/**
 * Preflight benchmark (issue 13): a SageMaker Pipelines definition of 20 job-creating steps
 * (processing, training, tuning, model, transform; parameters, execution variables, step outputs
 * feeding the next steps), 3 step roles with 10 policies of 40 statements each, 5 buckets, 2 KMS
 * keys, 2 SCP levels, offline, by the `preflight` command end to end (target < 1 s).
 */
import { parseSnapshot } from '../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../lambda/evidence/snapshot/snapshot-evidence';
import { pipelineInput } from '../lambda/preflight/pipeline';
import { preflight } from '../lambda/preflight/preflight';
import { median } from './stats';
import { cliMedianMs } from './cli-run';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const BUCKETS = Array.from({ length: 5 }, (_, i) => `bench-ml-${i}`);
const KEYS = Array.from(
  { length: 2 },
  (_, i) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/0000000${i}-aaaa-4bbb-8ccc-eeeeeeeeeeee`,
);
const ROLES = ['PrepRole', 'TrainRole', 'ServeRole'].map((name) => `arn:aws:iam::${ACCOUNT}:role/ml/${name}`);
const PIPELINE_ROLE = `arn:aws:iam::${ACCOUNT}:role/PipelineRole`;
const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/bench-image:1`;

type Json = Record<string, unknown>;

function policy(n: number): Json {
  const Statement = Array.from({ length: 40 }, (_, i) => {
    const bucket = BUCKETS[(n + i) % BUCKETS.length];
    if (i % 8 === 0)
      return { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::${bucket}/*` };
    if (i % 8 === 1) return { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` };
    if (i % 8 === 2) return { Effect: 'Allow', Action: ['kms:*'], Resource: KEYS[i % KEYS.length] };
    if (i % 8 === 3) return { Effect: 'Allow', Action: ['ecr:*'], Resource: '*' };
    return {
      Effect: 'Allow',
      Action: [`dynamodb:Get${i}*`],
      Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t${n}-${i}`,
    };
  });
  return { Version: '2012-10-17', Statement };
}

const s3 = (bucket: number, key: string) => `s3://${BUCKETS[bucket % BUCKETS.length]}/${key}`;
const output = (bucket: number, key: string) => ({
  'Std:Join': { On: '/', Values: [s3(bucket, key), { Get: 'Execution.PipelineExecutionId' }] },
});

function processingStep(i: number, input: unknown): Json {
  return {
    Name: `Prep${i}`,
    Type: 'Processing',
    Arguments: {
      ProcessingResources: {
        ClusterConfig: {
          InstanceType: { Get: 'Parameters.InstanceType' },
          InstanceCount: 1,
          VolumeSizeInGB: 30,
          VolumeKmsKeyId: KEYS[1],
        },
      },
      AppSpecification: { ImageUri: IMAGE },
      RoleArn: ROLES[0],
      ProcessingInputs: [
        { InputName: 'in', S3Input: { S3Uri: input, LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix' } },
        {
          InputName: 'code',
          S3Input: { S3Uri: s3(i + 1, `code/prep${i}/`), LocalPath: '/opt/ml/processing/code', S3DataType: 'S3Prefix' },
        },
      ],
      ProcessingOutputConfig: {
        KmsKeyId: KEYS[0],
        Outputs: [
          {
            OutputName: 'out',
            S3Output: { S3Uri: output(i, `features/prep${i}`), LocalPath: '/opt/ml/processing/output' },
          },
        ],
      },
    },
  };
}

function trainingDefinition(i: number, input: unknown): Json {
  return {
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
    RoleArn: ROLES[1],
    InputDataConfig: [
      { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: input } } },
      {
        ChannelName: 'validation',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: s3(i, `validation/v${i}/`) } },
      },
    ],
    OutputDataConfig: { S3OutputPath: s3(i + 2, `models/train${i}/`), KmsKeyId: KEYS[0] },
    CheckpointConfig: { S3Uri: s3(i + 3, `checkpoints/train${i}/`) },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: KEYS[1] },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

/** 20 job-creating steps: 8 processing, 6 training, 2 tuning, 2 model, 2 transform. */
export function largePipeline(): { snapshot: Json; definition: Json } {
  const steps: Json[] = [];
  for (let i = 0; i < 8; i++)
    steps.push(
      processingStep(
        i,
        i % 2 === 0
          ? { Get: 'Parameters.InputData' }
          : { Get: `Steps.Prep${i - 1}.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri` },
      ),
    );
  for (let i = 0; i < 6; i++)
    steps.push({
      Name: `Train${i}`,
      Type: 'Training',
      Arguments: trainingDefinition(
        i,
        i % 2 === 0
          ? s3(i, `features/static${i}/`)
          : { Get: `Steps.Prep${i}.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri` },
      ),
    });
  for (let i = 0; i < 2; i++)
    steps.push({
      Name: `Tune${i}`,
      Type: 'Tuning',
      Arguments: {
        HyperParameterTuningJobConfig: {
          Strategy: 'Bayesian',
          ResourceLimits: { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 },
        },
        TrainingJobDefinitions: [
          trainingDefinition(i, s3(i, `features/tune${i}/`)),
          { ...trainingDefinition(i + 1, s3(i + 1, `features/tune${i}b/`)), DefinitionName: 'b' },
        ],
      },
    });
  for (let i = 0; i < 2; i++) {
    steps.push({
      Name: `Model${i}`,
      Type: 'Model',
      Arguments: {
        ExecutionRoleArn: ROLES[2],
        PrimaryContainer: { Image: IMAGE, ModelDataUrl: { Get: `Steps.Train${i}.ModelArtifacts.S3ModelArtifacts` } },
      },
    });
    steps.push({
      Name: `Score${i}`,
      Type: 'Transform',
      Arguments: {
        ModelName: { Get: `Steps.Model${i}.ModelName` },
        TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: s3(i, `batch/in${i}/`) } } },
        TransformOutput: { S3OutputPath: output(i + 1, `batch/out${i}`), KmsKeyId: KEYS[0] },
        TransformResources: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 },
      },
    });
  }
  const definition = {
    Version: '2020-12-01',
    Parameters: [
      { Name: 'InputData', Type: 'String', DefaultValue: s3(0, 'raw/') },
      { Name: 'InstanceType', Type: 'String', DefaultValue: 'ml.m5.xlarge' },
    ],
    Steps: steps,
  };

  const policies = Array.from({ length: 10 }, (_, n) => ({
    PolicyName: `bench-policy-${n}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/bench-policy-${n}`,
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ Document: policy(n), VersionId: 'v1', IsDefaultVersion: true }],
  }));
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const role = (arn: string, attached: boolean, inline: Json[] = []) => ({
    Path: arn.includes('/ml/') ? '/ml/' : '/',
    RoleName: arn.slice(arn.lastIndexOf('/') + 1),
    Arn: arn,
    AssumeRolePolicyDocument: trust,
    RolePolicyList: inline,
    AttachedManagedPolicies: attached ? policies.map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn })) : [],
  });
  const pipelinePolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['sagemaker:Create*', 'sagemaker:Describe*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: ROLES,
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
    ],
  };
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const snapshot = {
    snapshotVersion: 1,
    partition: 'aws',
    region: REGION,
    accounts: {
      [ACCOUNT]: {
        organization: { id: 'o-bench', scps: [[full], [full]], rcps: [] },
        iam: {
          RoleDetailList: [
            ...ROLES.map((arn) => role(arn, true)),
            role(PIPELINE_ROLE, false, [{ PolicyName: 'steps', PolicyDocument: pipelinePolicy }]),
          ],
          Policies: policies,
        },
        s3: {
          buckets: Object.fromEntries(
            BUCKETS.map((name) => [
              name,
              {
                region: REGION,
                policy: null,
                encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEYS[0] },
                objectOwnership: 'BucketOwnerEnforced',
                requesterPays: false,
              },
            ]),
          ),
        },
        kms: {
          keys: Object.fromEntries(
            KEYS.map((arn) => [
              arn,
              {
                KeyManager: 'CUSTOMER',
                KeyState: 'Enabled',
                aliases: [],
                policy: {
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                      Action: 'kms:*',
                      Resource: '*',
                    },
                  ],
                },
                grants: [],
              },
            ]),
          ),
        },
        ecr: { repositories: { 'bench-image': { policy: null } } },
      },
    },
  };
  return { snapshot, definition };
}

export async function runPreflightBench(): Promise<void> {
  const { snapshot, definition } = largePipeline();
  const input = () =>
    pipelineInput({
      definition,
      file: 'bench-pipeline.json',
      roleArn: PIPELINE_ROLE,
      account: ACCOUNT,
      region: REGION,
      partition: 'aws',
    });
  const evidence = () => new SnapshotEvidence(parseSnapshot(snapshot, 'bench-snapshot.json'));
  const report = await preflight(input(), evidence());
  const runs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = process.hrtime.bigint();
    await preflight(input(), evidence());
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  console.log(
    `preflight: 20-step pipeline (${report.checks.length} checks, ${report.findings.length} findings, ${report.incomplete.length} incomplete); in-process median of 10 ${median(runs).toFixed(1)} ms`,
  );

  const ms = cliMedianMs(
    { 'snapshot.json': snapshot, 'pipeline.json': definition },
    (files) => [
      'preflight',
      '--snapshot',
      files['snapshot.json'],
      '--pipeline-definition',
      files['pipeline.json'],
      '--pipeline-role',
      PIPELINE_ROLE,
      '--format',
      'json',
    ],
    [0, 3],
  );
  console.log(
    `preflight: command end to end, node start included: median ${ms.toFixed(0)} ms of 5 (target < 1000 ms: ${ms < 1000 ? 'ok' : 'ABOVE TARGET'})`,
  );
}
