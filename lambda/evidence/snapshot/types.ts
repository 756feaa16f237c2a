/**
 * The snapshot file: what the diagnoser knows of one or more AWS accounts (docs/formats/snapshot.md).
 *
 * Read by `load.ts` (`--snapshot`), written by the live mode (`--record`). Everywhere in it, a
 * key that is absent means "not known" and a key set to `null` means "known not to exist". The
 * field names are AWS's own: `iam` is `GetAccountAuthorizationDetails` output, `ec2` is
 * `DescribeVpcEndpoints` / `DescribeSubnets` output, `sagemaker` holds `Describe*` outputs.
 */
import type { KmsGrant } from '../../engine/types';
import type { BucketEncryption, Description, PolicyDocument, S3ObjectEvidence, SubnetEvidence } from '../evidence';
import { JOB_KINDS, jobKind, type JobSection } from '../../job-kinds';

/** The only `snapshotVersion` this project reads and writes. */
export const SNAPSHOT_VERSION = 1;

export interface Snapshot {
  snapshotVersion: typeof SNAPSHOT_VERSION;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  partition: string;
  /** The region of the jobs; a key named by a bare key id lives here. */
  region: string;
  /** By 12-digit account id. */
  accounts: Record<string, AccountSnapshot>;
}

export interface AccountSnapshot {
  /**
   * Absent or `null`: the account is in no organization (no SCPs, no RCPs). `"unreadable"`: the
   * organization could not be read, so its SCPs and RCPs are not known (docs/formats.md).
   */
  organization?: OrganizationSnapshot | null | typeof ORGANIZATION_UNREADABLE;
  iam?: IamSnapshot;
  s3?: S3Snapshot;
  kms?: KmsSnapshot;
  ec2?: Ec2Snapshot;
  ecr?: EcrSnapshot;
  sagemaker?: SageMakerSnapshot;
  /**
   * Why pieces of this account's evidence that are absent (or marked unreadable) could not be
   * read, by their path in the account: its keys joined by `/` (`s3/buckets/NAME/policy`,
   * `organization/rcps`, `iam/RoleDetailList/ROLE/RolePolicyList/POLICY`; docs/formats/snapshot.md).
   * Written by `--record` so that a replay states AWS's reason, not "not in the snapshot".
   */
  unreadableReasons?: Record<string, string>;
}

/** The path of a piece of an account's evidence in `unreadableReasons`: the snapshot's keys joined by `/`. */
export const evidencePath = (...keys: string[]): string => keys.join('/');

/** The value of an account's `organization` when it could not be read. */
export const ORGANIZATION_UNREADABLE = 'unreadable';

export interface OrganizationSnapshot {
  /** The organization id (`o-...`), the value of `aws:PrincipalOrgID`. */
  id: string;
  /** SCP levels of the account, root first: `[[root docs], [OU docs], [account docs]]`. */
  scps?: OrganizationPolicy[][];
  /** RCP levels of the account, same shape. */
  rcps?: OrganizationPolicy[][];
}

/**
 * One SCP or RCP. A snapshot may give the bare document; the loader wraps it so that policies
 * read from AWS Organizations (`DescribePolicy`: `PolicySummary` plus `Content`) keep their name.
 */
export interface OrganizationPolicy {
  Name?: string;
  Arn?: string;
  Content: PolicyDocument;
}

/** The parts of IAM `GetAccountAuthorizationDetails` that the diagnosis reads. */
export interface IamSnapshot {
  RoleDetailList?: RoleDetail[];
  Policies?: ManagedPolicyDetail[];
}

export interface RoleDetail {
  Path?: string;
  RoleName: string;
  RoleId?: string;
  /** The role ARN with its path. */
  Arn: string;
  AssumeRolePolicyDocument?: PolicyDocument;
  RolePolicyList?: RoleInlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  /** Absent: no boundary (`GetAccountAuthorizationDetails` omits the key when none is set). */
  PermissionsBoundary?: AttachedPermissionsBoundary | null;
  /** The role's tags, which give `aws:PrincipalTag/KEY`. */
  Tags?: RoleTag[];
  /**
   * The fields of this role that could not be read: each is "not known" (never "none"),
   * whatever the role holds under that key.
   */
  unreadable?: string[];
}

/** A tag as IAM returns it (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html). */
export interface RoleTag {
  Key: string;
  Value: string;
}

export interface RoleInlinePolicy {
  PolicyName: string;
  PolicyDocument: PolicyDocument;
}

export interface AttachedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}

export interface AttachedPermissionsBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn: string;
}

export interface ManagedPolicyDetail {
  PolicyName?: string;
  Arn: string;
  DefaultVersionId?: string;
  PolicyVersionList?: PolicyVersion[];
}

export interface PolicyVersion {
  Document?: PolicyDocument;
  VersionId?: string;
  IsDefaultVersion?: boolean;
}

interface S3Snapshot {
  /** By bucket name; `null`: known not to exist. */
  buckets?: Record<string, BucketSnapshot | null>;
}

export interface BucketSnapshot {
  region?: string;
  /** `null`: no bucket policy. */
  policy?: PolicyDocument | null;
  /** `null`: no default encryption configured. */
  encryption?: BucketEncryption | null;
  /** `null`: no ownership controls. */
  objectOwnership?: string | null;
  requesterPays?: boolean;
  /** When present, the complete listing of the keys under the job's prefixes. */
  objects?: Record<string, S3ObjectEvidence>;
}

type KeyManager = 'AWS' | 'CUSTOMER';

interface KmsSnapshot {
  /** By key ARN or key id; `null`: known not to exist. */
  keys?: Record<string, KmsKeySnapshot | null>;
}

export interface KmsKeySnapshot {
  KeyManager?: KeyManager;
  KeyState?: string;
  /** Alias names (`alias/x`) or alias ARNs. */
  aliases?: string[];
  /** `null`: known to have no key policy. */
  policy?: PolicyDocument | null;
  grants?: KmsGrant[];
}

export interface Ec2Snapshot {
  vpcEndpoints?: VpcEndpointSnapshot[];
  subnets?: SubnetEvidence[];
}

export interface VpcEndpointSnapshot {
  VpcEndpointId: string;
  VpcId: string;
  ServiceName: string;
  VpcEndpointType: string;
  /** Absent or `null`: the default, full-access endpoint policy. */
  PolicyDocument?: PolicyDocument | null;
}

interface EcrSnapshot {
  /** By repository name; `null`: known not to exist. */
  repositories?: Record<string, RepositorySnapshot | null>;
}

export interface RepositorySnapshot {
  /** `null`: no repository policy. */
  policy?: PolicyDocument | null;
}

/**
 * The sections beside the jobs': the models and endpoint configurations that jobs and endpoints
 * name, and the pipelines whose steps start jobs (DescribePipeline outputs: the pipeline's role
 * and definition, for a step that failed before its job existed, docs/diagnosis.md) with the
 * definitions their executions ran (DescribePipelineDefinitionForExecution outputs, by execution
 * ARN: a pipeline updated since an execution started runs the old definition to its end).
 */
const NAMED_RESOURCE_SECTIONS = ['models', 'endpointConfigs', 'pipelines', 'pipelineExecutions'] as const;

/** The `sagemaker` sections, by the name the snapshot gives them: one per job kind, then the named resources. */
export type SageMakerSection = JobSection | (typeof NAMED_RESOURCE_SECTIONS)[number];
export const SAGEMAKER_SECTIONS: readonly SageMakerSection[] = [
  ...JOB_KINDS.map((kind) => jobKind(kind).section),
  ...NAMED_RESOURCE_SECTIONS,
];

/** `Describe*` outputs by name; `null`: known not to exist. */
export type SageMakerSnapshot = { [Section in SageMakerSection]?: Record<string, Description | null> };
