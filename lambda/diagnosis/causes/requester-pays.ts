/**
 * A Requester Pays bucket of another account: SageMaker's requests do not say they pay.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/RequesterPaysBuckets.html
 */
import { partitionOfArn, s3Arn } from '../../arn';
import type { RoleLayers } from '../layers';
import { conditionCause, manual } from './cause';

export const BUCKET_REQUESTER_PAYS = conditionCause({
  id: 'BUCKET_REQUESTER_PAYS',
  title: 'The bucket is Requester Pays and belongs to another account',
  severity: 'high',
  explain: ({ bucket, account, role }: { bucket: string; account: string; role: RoleLayers }) =>
    `Bucket '${bucket}' of account ${account} is a Requester Pays bucket. SageMaker's requests carry no ` +
    `requester-pays header, so S3 refuses them from role ${role.roleName} of account ${role.account}.`,
  patch: manual(({ check, role }) => {
    const bucket = check.target.kind === 's3' ? check.target.bucket : '';
    return {
      kind: 'manual',
      target: s3Arn(partitionOfArn(check.resource), bucket),
      steps: [
        `The owner of bucket '${bucket}' (account ${check.resourceAccount}) turns Requester Pays off (aws s3api put-bucket-request-payment --bucket ${bucket} --request-payment-configuration Payer=BucketOwner), or the data is copied to a bucket of account ${role.account}: SageMaker cannot send the requester-pays header.`,
      ],
    };
  }),
});

export const causes = [BUCKET_REQUESTER_PAYS] as const;
