/**
 * The one interface through which the diagnosis asks for evidence.
 *
 * Implemented over a snapshot file (`snapshot/snapshot-evidence.ts`) and over live AWS
 * (`live/`). Nothing in the diagnosis knows which one it talks to.
 *
 * Every answer is `Known<T>`: `{ known: true, value }` when the source holds it (`value` may be
 * `null`: known not to exist, such as a bucket without a bucket policy), or
 * `{ known: false, why }` when it does not (absent from the snapshot, AccessDenied on a read,
 * another account we cannot read). Unknown evidence is listed in the report's `incomplete`.
 */
import type { KmsGrant } from '../engine/types';
import type { JobKind } from '../job-kinds';

export type Known<T> = { readonly known: true; readonly value: T } | { readonly known: false; readonly why: string };

export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const unknown = <T = never>(why: string): Known<T> => ({ known: false, why });

/** A policy document as IAM returns it (object, JSON string or URL-encoded JSON). */
export type PolicyDocument = unknown;

export interface NamedPolicy {
  /** Policy name (inline policy name, or the managed policy's name). */
  name: string;
  /** Managed policy ARN (absent for inline policies). */
  arn?: string;
  document: Known<PolicyDocument>;
  /**
   * Set on the one entry that stands for a whole list that could not be read (its names not
   * known): findings and `incomplete` then speak of "the inline policies of role R".
   */
  unlisted?: true;
}

export interface RoleEvidence {
  /** The role ARN with its path. */
  arn: string;
  roleName: string;
  path: string;
  account: string;
  /** The trust policy (`AssumeRolePolicyDocument`). */
  assumeRolePolicy: Known<PolicyDocument>;
  inlinePolicies: NamedPolicy[];
  attachedPolicies: NamedPolicy[];
  /** `null`: the role has no permissions boundary. */
  permissionsBoundary: NamedPolicy | null;
  /** The role's tags by key (`aws:PrincipalTag/KEY`); absent when the source does not give them. */
  tags?: Known<Record<string, string>>;
}

/** A bucket's default encryption (`ApplyServerSideEncryptionByDefault` plus `BucketKeyEnabled`). */
export interface BucketEncryption {
  SSEAlgorithm: string;
  KMSMasterKeyID?: string;
  BucketKeyEnabled?: boolean;
}

export interface S3ObjectEvidence {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  /** The account that owns the object (object ACL owner); absent: the bucket owner. */
  ownerAccount?: string;
  /** The object's tags (`GetObjectTagging`), which give `s3:ExistingObjectTag/KEY`; absent: not known. */
  tags?: Record<string, string>;
}

export interface BucketEvidence {
  name: string;
  /** The account that owns the bucket. */
  account: string;
  region: Known<string>;
  /** The bucket policy; `null` = none (`NoSuchBucketPolicy`). */
  policy: Known<PolicyDocument | null>;
  /** `null` = no default encryption configured. */
  encryption: Known<BucketEncryption | null>;
  /** `BucketOwnerEnforced`, `BucketOwnerPreferred`, `ObjectWriter`; `null` = no ownership controls. */
  objectOwnership: Known<string | null>;
  requesterPays: Known<boolean>;
  /** The complete listing of the keys under the given prefixes, when known. */
  objects: Known<Record<string, S3ObjectEvidence>>;
}

export interface KeyEvidence {
  /** The key ARN (never an alias). */
  arn: string;
  account: string;
  keyManager: Known<'AWS' | 'CUSTOMER'>;
  keyState: Known<string>;
  aliases: string[];
  /** The key policy; `null` = known to have none. */
  policy: Known<PolicyDocument | null>;
  grants: Known<KmsGrant[]>;
}

export interface OrganizationEvidence {
  id: string;
  /** SCP levels of the account, root first: `[[root docs], [OU docs], [account docs]]`. */
  scps: Known<NamedPolicy[][]>;
  /** RCP levels of the account, same shape. */
  rcps: Known<NamedPolicy[][]>;
}

export interface VpcEndpointEvidence {
  VpcEndpointId: string;
  VpcId: string;
  ServiceName: string;
  VpcEndpointType: string;
  /** `null`: the default full-access policy. */
  PolicyDocument: PolicyDocument | null;
}

export interface SubnetEvidence {
  SubnetId: string;
  VpcId: string;
}

export interface RepositoryEvidence {
  /** arn:aws:ecr:REGION:ACCOUNT:repository/NAME */
  arn: string;
  /** The repository policy; `null` = none. */
  policy: Known<PolicyDocument | null>;
}

// The kinds are those of the job-kind catalogue.
export { JOB_KINDS, type JobKind } from '../job-kinds';

/** A SageMaker `Describe*` output, as the SDK / the AWS CLI returns it. */
export type Description = Record<string, unknown>;

export interface Evidence {
  readonly partition: string;
  /** The region of the jobs (snapshot's region, or the client's). */
  readonly region: string;

  /** Whether the source can tell anything about this account (snapshot: it holds it). */
  holdsAccount(account: string): boolean;

  /** `Describe*Job` / `DescribeEndpoint`; `null` = no such job. */
  describeJob(account: string, kind: JobKind, name: string): Promise<Known<Description | null>>;
  /** The job whose `*Arn` field equals `arn` (case-insensitive), for pipeline-step events. */
  describeJobByArn(arn: string): Promise<Known<{ kind: JobKind; description: Description } | null>>;
  describeModel(account: string, name: string): Promise<Known<Description | null>>;
  describeEndpointConfig(account: string, name: string): Promise<Known<Description | null>>;
  /** `DescribePipeline` (its `RoleArn` and `PipelineDefinition`); `null` = no such pipeline. */
  describePipeline(account: string, name: string): Promise<Known<Description | null>>;
  /**
   * `DescribePipelineDefinitionForExecution`: the definition an execution runs (its
   * `PipelineDefinition`), which is the pipeline's latest only until the pipeline is updated;
   * `null` = no such execution.
   */
  describePipelineExecution(account: string, executionArn: string): Promise<Known<Description | null>>;

  /** The role by ARN (path or not); `null` = no such role. */
  role(arn: string): Promise<Known<RoleEvidence | null>>;
  /** `null` = no such bucket. `prefixes`: the key prefixes the job reads (for `objects`). */
  bucket(name: string, prefixes: string[]): Promise<Known<BucketEvidence | null>>;
  /**
   * A KMS key by key ARN, key id, alias name (`alias/x`) or alias ARN; a key id or alias name
   * resolves in `account`. `null` = no such key.
   */
  key(ref: string, account: string): Promise<Known<KeyEvidence | null>>;
  /** `null` = the account is in no organization (no SCPs, no RCPs). */
  organization(account: string): Promise<Known<OrganizationEvidence | null>>;
  vpcEndpoints(account: string): Promise<Known<VpcEndpointEvidence[]>>;
  subnets(account: string): Promise<Known<SubnetEvidence[]>>;
  /** `null` = no such repository. */
  repository(account: string, region: string, name: string): Promise<Known<RepositoryEvidence | null>>;
}
