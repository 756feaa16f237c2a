/**
 * A bucket in another Region than the job: SageMaker reads its input and writes its output in
 * the job's own Region, and S3 redirects requests sent to the wrong Regional endpoint
 * (`PermanentRedirect`) rather than serving them.
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3DataSource.html (S3Uri: "in the
 * same AWS Region as the job") and https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
import { conditionCause, manual } from './cause';

export const BUCKET_REGION_MISMATCH = conditionCause({
  id: 'BUCKET_REGION_MISMATCH',
  title: 'The bucket is in another Region than the job',
  severity: 'high',
  explain: ({ bucket, region, jobRegion }: { bucket: string; region: string; jobRegion: string }) =>
    `Bucket '${bucket}' is in Region ${region}, but the job runs in ${jobRegion}: SageMaker reads and writes ` +
    `S3 in the job's Region only, whatever the policies allow.`,
  // The job's owner moves the data or the job: its account, not the bucket's.
  patch: manual(({ check, role }) => ({
    kind: 'manual',
    target: check.target.kind === 's3' ? `arn:aws:s3:::${check.target.bucket}` : check.resource,
    account: role.account,
    steps: [
      `Copy the data of ${check.location ?? check.resource} to a bucket in the job's Region (for example with aws s3 sync, or S3 Cross-Region Replication) and point the job at it, or run the job in the bucket's Region.`,
    ],
  })),
});

export const causes = [BUCKET_REGION_MISMATCH] as const;
