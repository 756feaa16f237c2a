/**
 * SageMaker job ARNs: `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME`, the resource types
 * those of the job-kind catalogue (lambda/job-kinds.ts).
 */
import { jobKind, type JobKind } from '../../job-kinds';

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
  return `arn:${partition}:sagemaker:${region}:${account}:${jobKind(kind).arnResourceType}/${name}`;
}
