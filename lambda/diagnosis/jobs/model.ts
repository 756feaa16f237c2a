/**
 * What a job needed, independent of its type: the job model that the checks are built from
 * (docs/diagnosis.md, "Checks"). One `RoleModel` per execution role: an endpoint has one per
 * variant's model, a tuning job one per training job definition.
 */
import type { ReportJobType } from '../../job-kinds';

/** `job.type` of the report. */
export type JobType = ReportJobType;

/** An S3 location the role reads or writes. */
export interface S3Location {
  /** Human words for the report, e.g. `input channel 'train'`, `output`, `checkpoint`. */
  purpose: string;
  bucket: string;
  /** The key part of the URI exactly as written (a trailing `/` kept); '' for a whole bucket. */
  key: string;
}

/** An output location, with the KMS key the job names for it. */
export interface S3Output extends S3Location {
  /** `KmsKeyId` of the output config, as written (key id, key ARN, alias name or alias ARN). */
  kmsKeyId?: string;
  /** Where the job names the output's key, when it can (a `job-config` patch sets it). */
  keySetting?: KeySetting;
}

/** The job's field that names an output's KMS key, and the SageMaker Python SDK argument for it. */
export interface KeySetting {
  field: string;
  sdkArgument: string;
}

/** A KMS key the job names directly (volume key). */
export interface KeyUse {
  purpose: string;
  /** As written in the job: key id, key ARN, alias name or alias ARN. */
  keyId: string;
}

export interface VpcConfig {
  Subnets: string[];
  SecurityGroupIds: string[];
}

export interface RoleModel {
  /** The execution role ARN as the job names it. */
  roleArn: string;
  /** Prefix inputs: list + get (training channels, processing inputs, transform input, model prefixes, checkpoint). */
  inputPrefixes: S3Location[];
  /** Single-object inputs: get only (manifests, model artifacts). */
  inputObjects: S3Location[];
  /** Output prefixes: put (outputs, checkpoint, debugger / profiler / TensorBoard). */
  outputs: S3Output[];
  /** Volume keys: kms:CreateGrant. */
  volumeKeys: KeyUse[];
  /** Container images (ECR URIs or others). */
  images: string[];
  vpcConfig?: VpcConfig;
  /**
   * Which model or training job definition the role serves, when a job has several
   * (`model 'm' of variant 'AllTraffic'`, `training job definition 'd1'`); absent otherwise.
   */
  origin?: string;
}

export interface JobModel {
  type: JobType;
  name: string;
  arn: string;
  account: string;
  region: string;
  status?: string;
  failureReason?: string;
  /** The ARN the trust check uses as `aws:SourceArn`: the job, tuning job or endpoint the event names. */
  sourceArn: string;
  roles: RoleModel[];
  /** Description pieces that were missing (e.g. a model not in the snapshot): become `incomplete`. */
  gaps: { what: string; why: string }[];
}
