/**
 * The catalogue of cause codes (contract.md section 5): one place for each cause's title,
 * severity and the kind of patch that fixes it. Tests and reports refer to causes by id.
 */
import type { PatchKind } from '../report';

export interface CauseDefinition {
  title: string;
  severity: 'high' | 'medium' | 'low';
  /** The automatic patch kind; `manual` = steps for a person; `none` = no fix to propose. */
  patch: PatchKind | 'none';
}

export const CAUSES = {
  IDENTITY_POLICY_NO_ALLOW: {
    title: 'No identity-based policy of the execution role allows it',
    severity: 'high',
    patch: 'role-inline-policy',
  },
  IDENTITY_POLICY_EXPLICIT_DENY: {
    title: 'An identity-based policy of the execution role denies it',
    severity: 'high',
    patch: 'manual',
  },
  PERMISSIONS_BOUNDARY_NO_ALLOW: {
    title: "The role's permissions boundary does not allow it",
    severity: 'high',
    patch: 'manual',
  },
  PERMISSIONS_BOUNDARY_EXPLICIT_DENY: {
    title: "The role's permissions boundary denies it",
    severity: 'high',
    patch: 'manual',
  },
  BUCKET_POLICY_EXPLICIT_DENY: { title: 'The bucket policy denies it', severity: 'high', patch: 'bucket-policy' },
  BUCKET_POLICY_NO_ALLOW: {
    title: "The other account's bucket policy does not grant it",
    severity: 'high',
    patch: 'bucket-policy',
  },
  KEY_POLICY_NO_ALLOW: {
    title: 'The KMS key policy neither allows the role nor delegates to its account',
    severity: 'high',
    patch: 'key-policy',
  },
  KEY_POLICY_EXPLICIT_DENY: { title: 'The KMS key policy denies it', severity: 'high', patch: 'key-policy' },
  KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT: {
    title: "The data is encrypted with another account's AWS managed key",
    severity: 'high',
    patch: 'manual',
  },
  KMS_KEY_NOT_USABLE: { title: 'The KMS key is not usable', severity: 'high', patch: 'manual' },
  SCP_NO_ALLOW: { title: 'A service control policy level does not allow it', severity: 'high', patch: 'manual' },
  SCP_EXPLICIT_DENY: { title: 'A service control policy denies it', severity: 'high', patch: 'manual' },
  RCP_EXPLICIT_DENY: { title: 'A resource control policy denies it', severity: 'high', patch: 'manual' },
  VPC_ENDPOINT_POLICY_NO_ALLOW: {
    title: "The S3 VPC endpoint's policy does not allow it",
    severity: 'high',
    patch: 'endpoint-policy',
  },
  VPC_ENDPOINT_POLICY_EXPLICIT_DENY: {
    title: "The S3 VPC endpoint's policy denies it",
    severity: 'high',
    patch: 'endpoint-policy',
  },
  OBJECT_OWNED_BY_OTHER_ACCOUNT: {
    title: "The object belongs to another account than the bucket's",
    severity: 'high',
    patch: 'manual',
  },
  TRUST_POLICY_NO_SAGEMAKER: {
    title: "The role's trust policy does not let SageMaker assume it",
    severity: 'high',
    patch: 'trust-policy',
  },
  ECR_REPOSITORY_POLICY_NO_ALLOW: {
    title: "The image repository's policy does not grant the pull",
    severity: 'high',
    patch: 'repository-policy',
  },
  ECR_REPOSITORY_POLICY_EXPLICIT_DENY: {
    title: "The image repository's policy denies the pull",
    severity: 'high',
    patch: 'repository-policy',
  },
  BUCKET_REQUESTER_PAYS: {
    title: 'The bucket is Requester Pays and belongs to another account',
    severity: 'high',
    patch: 'manual',
  },
  UNEXPLAINED_ACCESS_DENIED: {
    title: 'Access was denied, but no check explains it',
    severity: 'medium',
    patch: 'none',
  },
} as const satisfies Record<string, CauseDefinition>;

export type Cause = keyof typeof CAUSES;
