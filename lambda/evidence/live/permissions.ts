/**
 * The read actions the live evidence gathering uses, with where they may be scoped and why.
 * The construct (lib/) grants exactly these to the Lambda's role, and the README lists them:
 * one list, so that what the code calls and what the role may do cannot drift apart.
 *
 * `resources` receives `${Partition}`, `${Region}`, `${Account}` tokens as plain strings so the
 * list stays free of CDK imports.
 */
import { JOB_KINDS, jobKind } from '../../job-kinds';

export interface ReadPermission {
  /** Why the evidence gathering needs it (README and policy Sid wording). */
  why: string;
  /** IAM actions, e.g. `iam:GetRole`. */
  actions: string[];
  /** Resource ARNs with `${Partition}`, `${Region}`, `${Account}` placeholders, or `*`. */
  resources: string[];
  /** Only granted when the user turned on object-level reads. */
  objectLevel?: boolean;
}

export const READ_PERMISSIONS: readonly ReadPermission[] = [
  {
    why: 'Describe the failed job, its model and its endpoint configuration',
    actions: [
      ...JOB_KINDS.map((kind) => jobKind(kind).describeAction),
      'sagemaker:DescribeModel',
      'sagemaker:DescribeEndpointConfig',
    ],
    resources: [...JOB_KINDS.map((kind) => jobKind(kind).arnResourceType), 'model', 'endpoint-config'].map(
      (type) => `arn:\${Partition}:sagemaker:\${Region}:\${Account}:${type}/*`,
    ),
  },
  {
    why: 'Read the execution role, its inline and attached policies and its permissions boundary',
    actions: [
      'iam:GetRole',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:GetPolicy',
      'iam:GetPolicyVersion',
    ],
    resources: ['arn:${Partition}:iam::${Account}:role/*', 'arn:${Partition}:iam::*:policy/*'],
  },
  {
    why: "Read the job's buckets: policy, default encryption, ownership, region and Requester Pays",
    actions: [
      's3:GetBucketPolicy',
      's3:GetEncryptionConfiguration',
      's3:GetBucketOwnershipControls',
      's3:GetBucketLocation',
      's3:GetBucketRequestPayment',
    ],
    resources: ['arn:${Partition}:s3:::*'],
  },
  {
    // ListBuckets has no resource-level permissions. It tells a bucket of the caller's account
    // from one it may not read (lambda/evidence/live/s3.ts).
    why: "Tell whether a job's bucket belongs to this account",
    actions: ['s3:ListAllMyBuckets'],
    resources: ['*'],
  },
  {
    why: 'Object-level evidence (listing and per-object encryption): off unless turned on',
    actions: ['s3:ListBucket', 's3:GetObject'],
    resources: ['arn:${Partition}:s3:::*'],
    objectLevel: true,
  },
  {
    why: 'Read the KMS keys of the job: metadata, key policy and grants',
    actions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListGrants'],
    resources: ['arn:${Partition}:kms:*:*:key/*'],
  },
  {
    // ListAliases has no resource-level permissions.
    why: 'Resolve KMS aliases named by the job or the bucket encryption',
    actions: ['kms:ListAliases'],
    resources: ['*'],
  },
  {
    // EC2 Describe* actions have no resource-level permissions.
    why: "Find the job's VPC and the S3 gateway endpoints its traffic passes through",
    actions: ['ec2:DescribeSubnets', 'ec2:DescribeVpcEndpoints'],
    resources: ['*'],
  },
  {
    why: "Read the repository policy of the job's container image",
    actions: ['ecr:GetRepositoryPolicy'],
    resources: ['arn:${Partition}:ecr:${Region}:*:repository/*'],
  },
  {
    // Organizations read actions have no resource-level permissions for these calls; apart
    // from DescribeOrganization they succeed only in the management account or a delegated
    // administrator.
    why: 'Read the service and resource control policies that apply to the account',
    actions: [
      'organizations:DescribeOrganization',
      'organizations:ListParents',
      'organizations:ListPoliciesForTarget',
      'organizations:DescribePolicy',
    ],
    resources: ['*'],
  },
];
