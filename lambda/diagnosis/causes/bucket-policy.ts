/**
 * The bucket policy: a Deny, or, for another account's bucket, no grant to the role.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import { partitionOfArn, s3Arn } from '../../arn';
import type { Check } from '../checks/types';
import { statementList } from '../findings/explain';
import { layerCause, type CausePatch } from './cause';

const bucketOf = (check: Check): string => (check.target.kind === 's3' ? check.target.bucket : check.resource);

/** A new bucket policy: the Denies narrowed for the role, the missing grants added. */
const bucketPolicy: CausePatch = {
  kind: 'bucket-policy',
  target: (check) =>
    check.target.kind === 's3'
      ? {
          kind: 'bucket-policy',
          target: s3Arn(partitionOfArn(check.resource), check.target.bucket),
          layer: 'resource',
          document: check.resourceDocument,
        }
      : undefined,
};

const BUCKET_POLICY_EXPLICIT_DENY = layerCause({
  id: 'BUCKET_POLICY_EXPLICIT_DENY',
  title: 'The bucket policy denies it',
  severity: 'high',
  layer: 'resource',
  targets: ['s3'],
  denial: 'explicit',
  explain: ({ check, denies }) =>
    `The bucket policy of '${bucketOf(check)}' denies ${check.action} to the execution role (${statementList(denies)}).`,
  patch: bucketPolicy,
});

const BUCKET_POLICY_NO_ALLOW = layerCause({
  id: 'BUCKET_POLICY_NO_ALLOW',
  title: "The other account's bucket policy does not grant it",
  severity: 'high',
  layer: 'resource',
  targets: ['s3'],
  denial: 'no-allow',
  explain: ({ check, role, what }) =>
    `Bucket '${bucketOf(check)}' belongs to account ${check.resourceAccount}, not to the role's account ${role.account}: its bucket policy must grant ${what} to role '${role.roleName}' or to account ${role.account}, and it does not.`,
  patch: bucketPolicy,
});

export const causes = [BUCKET_POLICY_EXPLICIT_DENY, BUCKET_POLICY_NO_ALLOW] as const;
