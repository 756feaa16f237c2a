/**
 * An AWS managed key can only be used by its own account: no policy opens it to another.
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
import type { RoleLayers } from '../layers';
import { conditionCause, manual } from './cause';

export const KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT = conditionCause({
  id: 'KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT',
  title: "The data is encrypted with another account's AWS managed key",
  severity: 'high',
  // No policy of the check can lift it: its policy findings would only mislead.
  replacesLayerFindings: true,
  explain: ({ key, role }: { key: { arn: string; account: string }; role: RoleLayers }) =>
    `The data is encrypted with the AWS managed key ${key.arn} of account ${key.account}. ` +
    `AWS managed keys can only be used by their own account, so role ${role.roleName} of account ` +
    `${role.account} can never decrypt it: re-encrypt the data with a customer managed key whose key policy ` +
    `allows account ${role.account}.`,
  patch: manual(({ draft, check, role }) => {
    const bucket = draft.location?.startsWith('s3://') ? draft.location : 'the data';
    return {
      kind: 'manual',
      target: check.resource,
      steps: [
        `In account ${check.resourceAccount}: create a customer managed KMS key whose key policy allows role ${role.arn} (or account ${role.account}) kms:Decrypt.`,
        `Re-encrypt ${bucket} with it (for example aws s3 cp SOURCE SOURCE --recursive --sse aws:kms --sse-kms-key-id NEW_KEY_ARN) and make it the bucket's default encryption key.`,
        `In account ${role.account}: allow role '${role.roleName}' kms:Decrypt on the new key in its identity policy.`,
      ],
    };
  }),
});

export const causes = [KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT] as const;
