/**
 * The five kinds of SageMaker resources the diagnosis knows, and the names of their fields in
 * `Describe*` outputs and in their EventBridge events (which mirror `Describe*`:
 * https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html).
 */
import type { JobKind } from '../../evidence/evidence';
import type { JobType } from './model';

export interface JobKindFields {
  /** `job.type` of the report. */
  type: JobType;
  /** Human words for messages: `training job`, `endpoint`, ... */
  label: string;
  nameField: string;
  arnField: string;
  statusField: string;
  /** The resource type in the ARN: `arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME`. */
  arnResourceType: string;
}

export const JOB_KIND_FIELDS: Readonly<Record<JobKind, JobKindFields>> = {
  training: {
    type: 'TrainingJob',
    label: 'training job',
    nameField: 'TrainingJobName',
    arnField: 'TrainingJobArn',
    statusField: 'TrainingJobStatus',
    arnResourceType: 'training-job',
  },
  processing: {
    type: 'ProcessingJob',
    label: 'processing job',
    nameField: 'ProcessingJobName',
    arnField: 'ProcessingJobArn',
    statusField: 'ProcessingJobStatus',
    arnResourceType: 'processing-job',
  },
  transform: {
    type: 'TransformJob',
    label: 'transform job',
    nameField: 'TransformJobName',
    arnField: 'TransformJobArn',
    statusField: 'TransformJobStatus',
    arnResourceType: 'transform-job',
  },
  tuning: {
    type: 'HyperParameterTuningJob',
    label: 'hyperparameter tuning job',
    nameField: 'HyperParameterTuningJobName',
    arnField: 'HyperParameterTuningJobArn',
    statusField: 'HyperParameterTuningJobStatus',
    arnResourceType: 'hyper-parameter-tuning-job',
  },
  endpoint: {
    type: 'Endpoint',
    label: 'endpoint',
    nameField: 'EndpointName',
    arnField: 'EndpointArn',
    statusField: 'EndpointStatus',
    arnResourceType: 'endpoint',
  },
};

/** The parts of a SageMaker ARN `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME`. */
export interface SageMakerArn {
  partition: string;
  region: string;
  account: string;
  resourceType: string;
  name: string;
}

const SAGEMAKER_ARN = /^arn:([a-z0-9-]+):sagemaker:([a-z0-9-]*):(\d{12}):([a-z-]+)\/(.+)$/;

export function parseSageMakerArn(arn: string): SageMakerArn | undefined {
  const match = SAGEMAKER_ARN.exec(arn);
  if (!match) return undefined;
  return { partition: match[1], region: match[2], account: match[3], resourceType: match[4], name: match[5] };
}

/** The partition of a region: `cn-*` → `aws-cn`, `us-gov-*` → `aws-us-gov`, else `aws`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function sageMakerArn(partition: string, region: string, account: string, kind: JobKind, name: string): string {
  return `arn:${partition}:sagemaker:${region}:${account}:${JOB_KIND_FIELDS[kind].arnResourceType}/${name}`;
}
