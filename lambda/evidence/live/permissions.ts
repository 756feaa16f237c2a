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
  /** Why the resources hold a wildcard, when it is not "the job names them only at run time". */
  wildcardReason?: string;
}

export const READ_PERMISSIONS: readonly ReadPermission[] = [
  {
    why: "Describe the failed job, its model, its endpoint configuration and a failed pipeline step's pipeline",
    actions: [
      ...JOB_KINDS.map((kind) => jobKind(kind).describeAction),
      'sagemaker:DescribeModel',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:DescribePipeline',
      // The definition a failed execution ran (its pipeline-execution ARN is under pipeline/*).
      'sagemaker:DescribePipelineDefinitionForExecution',
    ],
    resources: [...JOB_KINDS.map((kind) => jobKind(kind).arnResourceType), 'model', 'endpoint-config', 'pipeline'].map(
      (type) => `arn:\${Partition}:sagemaker:\${Region}:\${Account}:${type}/*`,
    ),
  },
  {
    // ListRoleTags: the role's tags are its sessions' aws:PrincipalTag/KEY (lambda/evidence/live/iam.ts).
    why: 'Read the execution role, its tags, its inline policies and the list of its attached policies',
    actions: [
      'iam:GetRole',
      'iam:ListRoleTags',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:ListAttachedRolePolicies',
    ],
    resources: ['arn:${Partition}:iam::${Account}:role/*'],
  },
  {
    // A role can attach only managed policies of its own account and AWS managed policies
    // (`arn:aws:iam::aws:policy/...`); roles of other accounts are read through their account's
    // role (lambda/evidence/live/accounts.ts), never with these permissions.
    why: 'Read the managed policies and permissions boundary attached to the execution role',
    actions: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
    resources: ['arn:${Partition}:iam::${Account}:policy/*', 'arn:${Partition}:iam::aws:policy/*'],
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
    // GetObjectTagging: an object's tags give s3:ExistingObjectTag/KEY (lambda/evidence/live/s3.ts).
    why: 'Object-level evidence (listing, per-object encryption and tags): off unless turned on',
    actions: ['s3:ListBucket', 's3:GetObject', 's3:GetObjectTagging'],
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
  // Organizations: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html
  // DescribeOrganization, ListAccounts, ListRoots and ListPolicies have no resource-level permissions;
  // ListParents, ListPoliciesForTarget, ListOrganizationalUnitsForParent, ListAccountsForParent,
  // DescribePolicy and ListTargetsForPolicy take account, OU, root and policy ARNs. Apart from DescribeOrganization
  // they succeed only in the management account or a delegated administrator.
  {
    // ListAccounts tells the accounts where the cross-account role may be assumed (accounts.ts).
    why: "Read the organization of the account and the organization's accounts",
    actions: ['organizations:DescribeOrganization', 'organizations:ListAccounts'],
    resources: ['*'],
  },
  {
    // A small organization is read whole, once per instance (organization-tree.ts): its root and the policies.
    why: "Read the organization's root, its enabled policy types and its policies",
    actions: ['organizations:ListRoots', 'organizations:ListPolicies'],
    resources: ['*'],
  },
  {
    why: 'Find the organizational units and root above the account, and the OUs and accounts under each',
    actions: [
      'organizations:ListParents',
      'organizations:ListPoliciesForTarget',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListAccountsForParent',
    ],
    resources: [
      'arn:${Partition}:organizations::*:account/o-*/*',
      'arn:${Partition}:organizations::*:ou/o-*/ou-*',
      'arn:${Partition}:organizations::*:root/o-*/r-*',
    ],
    wildcardReason:
      'The ARNs of accounts, OUs and roots name the management account and the organization id, known only at run time.',
  },
  {
    why: 'Read the service and resource control policies that apply to the account, and where they are attached',
    actions: ['organizations:DescribePolicy', 'organizations:ListTargetsForPolicy'],
    resources: ['arn:${Partition}:organizations::*:policy/o-*/*', 'arn:${Partition}:organizations::aws:policy/*'],
    wildcardReason:
      "A policy's ARN names the management account, the organization id and the policy id, known only at run time; AWS managed policies (FullAWSAccess) are under organizations::aws:policy/.",
  },
];
