/**
 * SageMaker job ARNs, `arn:PARTITION:sagemaker:REGION:ACCOUNT:TYPE/NAME`, the resource types
 * those of the job-kind catalogue (lambda/job-kinds.ts); read with lambda/arn.ts.
 */
import { formatArn } from '../../arn';
import { jobKind, type JobKind } from '../../job-kinds';

export function sageMakerArn(partition: string, region: string, account: string, kind: JobKind, name: string): string {
  return formatArn({
    partition,
    service: 'sagemaker',
    region,
    account,
    resource: `${jobKind(kind).arnResourceType}/${name}`,
  });
}
