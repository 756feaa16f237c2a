/**
 * With ACLs enabled (ownership other than `BucketOwnerEnforced`), the policies of the bucket's
 * account cover only the objects that account owns.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
 */
import { partitionOfArn, s3Arn } from '../../arn';
import { conditionCause, manual } from './cause';

interface Facts {
  bucket: { name: string; account: string };
  key: string;
  owner: string;
  ownership: string | null;
}

export const OBJECT_OWNED_BY_OTHER_ACCOUNT = conditionCause({
  id: 'OBJECT_OWNED_BY_OTHER_ACCOUNT',
  title: "The object belongs to another account than the bucket's",
  severity: 'high',
  explain: ({ bucket, key, owner, ownership }: Facts) =>
    `Object s3://${bucket.name}/${key} is owned by account ${owner}, not by the bucket owner ${bucket.account}, and the ` +
    `bucket's Object Ownership is '${ownership ?? 'none'}' (ACLs enabled): no bucket or identity policy of ` +
    `account ${bucket.account} can grant access to it.`,
  patch: manual(({ check }) => {
    const bucket = check.target.kind === 's3' ? check.target.bucket : '';
    return {
      kind: 'manual',
      target: s3Arn(partitionOfArn(check.resource), bucket),
      steps: [
        `The owner of bucket '${bucket}' (account ${check.resourceAccount}) sets Object Ownership to BucketOwnerEnforced, which disables ACLs and makes the bucket owner own every object: aws s3api put-bucket-ownership-controls --bucket ${bucket} --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`,
        "Or the object's owner copies it again with --acl bucket-owner-full-control.",
      ],
    };
  }),
});

export const causes = [OBJECT_OWNED_BY_OTHER_ACCOUNT] as const;
