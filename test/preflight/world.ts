/**
 * Preflight tests' helpers: the diagnosis tests' snapshot builder (World), requests of each
 * `Create*` shape, and a runner over a snapshot.
 */
import type { Report } from '../../lambda/diagnosis/report';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import type { PreflightKind } from '../../lambda/preflight/kinds';
import { preflight, type PreflightInput } from '../../lambda/preflight/preflight';
import { ACCOUNT, REGION, ROLE_ARN, World } from '../diagnosis/core/world';
import { expectValidReport } from '../schemas/validators';

export * from '../diagnosis/core/world';

type Json = Record<string, unknown>;

export const CALLER_NAME = 'Deployer';
export const CALLER_ARN = `arn:aws:iam::${ACCOUNT}:role/${CALLER_NAME}`;
export const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/trainer:1`;

export const trainingRequest = (extra: Json = {}): Json => ({
  TrainingJobName: 'train-2',
  AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
  RoleArn: ROLE_ARN,
  InputDataConfig: [
    {
      ChannelName: 'train',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/train/' } },
    },
  ],
  OutputDataConfig: { S3OutputPath: 's3://data/models/' },
  ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  ...extra,
});

export const processingRequest = (extra: Json = {}): Json => ({
  ProcessingJobName: 'prep-2',
  ProcessingInputs: [
    {
      InputName: 'raw',
      S3Input: { S3Uri: 's3://data/raw/', LocalPath: '/opt/ml/processing/input', S3DataType: 'S3Prefix' },
    },
  ],
  ProcessingOutputConfig: {
    Outputs: [
      { OutputName: 'out', S3Output: { S3Uri: 's3://data/features/', LocalPath: '/opt/ml/processing/output' } },
    ],
  },
  ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 } },
  AppSpecification: { ImageUri: IMAGE },
  RoleArn: ROLE_ARN,
  ...extra,
});

export const transformRequest = (extra: Json = {}): Json => ({
  TransformJobName: 'score-2',
  ModelName: 'churn-model',
  TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/batch/' } } },
  TransformOutput: { S3OutputPath: 's3://data/scores/' },
  TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
  ...extra,
});

export const modelRequest = (extra: Json = {}): Json => ({
  ModelName: 'churn-model',
  ExecutionRoleArn: ROLE_ARN,
  PrimaryContainer: { Image: IMAGE, ModelDataUrl: 's3://data/models/model.tar.gz' },
  ...extra,
});

/** CreateEndpoint's input: the endpoint's configuration and models are read from the evidence. */
export const endpointRequest = (extra: Json = {}): Json => ({
  EndpointName: 'Churn-Live',
  EndpointConfigName: 'churn-config',
  ...extra,
});

/** The endpoint configuration `endpointRequest` names: two variants, one of them a shadow. */
export const endpointConfig = (extra: Json = {}): Json => ({
  EndpointConfigName: 'churn-config',
  ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'churn-model', InstanceType: 'ml.m5.large' }],
  ShadowProductionVariants: [{ VariantName: 'Shadow', ModelName: 'churn-model-2', InstanceType: 'ml.m5.large' }],
  ...extra,
});

export const tuningRequest = (extra: Json = {}): Json => ({
  HyperParameterTuningJobName: 'tune-2',
  HyperParameterTuningJobConfig: {
    Strategy: 'Bayesian',
    ResourceLimits: { MaxNumberOfTrainingJobs: 4, MaxParallelTrainingJobs: 2 },
  },
  TrainingJobDefinition: {
    AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
    RoleArn: ROLE_ARN,
    InputDataConfig: [
      { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/train/' } } },
    ],
    OutputDataConfig: { S3OutputPath: 's3://data/tuning/' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  },
  ...extra,
});

export const NAME_FIELD: Record<PreflightKind, string> = {
  training: 'TrainingJobName',
  processing: 'ProcessingJobName',
  transform: 'TransformJobName',
  tuning: 'HyperParameterTuningJobName',
  model: 'ModelName',
  endpoint: 'EndpointName',
};

/** Preflight of one request on the world's snapshot. */
export async function preflightRequest(
  world: World,
  kind: PreflightKind,
  request: Json,
  options: Partial<PreflightInput> = {},
): Promise<Report> {
  const snapshot = parseSnapshot(world.snapshot(), 'test-snapshot.json');
  // Every report validates against the published report schema.
  return expectValidReport(
    await preflight(
      {
        jobs: [{ kind, request, origin: 'request.json', name: String(request[NAME_FIELD[kind]]) }],
        account: ACCOUNT,
        region: REGION,
        ...options,
      },
      new SnapshotEvidence(snapshot),
    ),
  );
}

export const actions = (report: Report): string[] => report.checks.map((c) => `${c.action} ${c.resource}`);
export const denied = (report: Report): string[] =>
  report.checks.filter((c) => c.decision.endsWith('Denied')).map((c) => `${c.action} ${c.resource}`);
