/**
 * A check: one access the job needed (docs/diagnosis.md, "Checks"), with every policy layer that
 * judges it, each `Known<T>` as the evidence gave it: unknown with the reason, or known
 * (`null`: known absent).
 */
import type { CompiledPolicy, KmsGrant, RequestContext } from '../../engine/types';
import type { BucketEvidence, KeyEvidence, Known, VpcEndpointEvidence } from '../../evidence/evidence';
import type { RoleLayers } from '../layers';
import type { RaisedCause } from '../causes/cause';
import type { KeySetting } from '../jobs/model';

/** An S3 gateway endpoint with its compiled policy (null: the default full-access policy). */
export interface S3Endpoint {
  endpoint: VpcEndpointEvidence;
  policy: CompiledPolicy | null;
}

export type CheckTarget =
  | { kind: 's3'; bucket: string; evidence?: BucketEvidence }
  /** `grants`: the key's KMS grants, which may stand in for its key policy. */
  | { kind: 'kms'; keyArn: string; evidence?: KeyEvidence; grants: Known<KmsGrant[]> }
  | { kind: 'trust' }
  | { kind: 'ecr-repository'; repositoryArn: string; repositoryName: string; account: string; region: string }
  | { kind: 'identity-only' };

/** A listed object under an input prefix (docs/formats/report.md, "Findings over listed objects"). */
export interface ListedObject {
  /** The prefix as a location: `s3://bucket/train/`. */
  location: string;
  /** The prefix's ARN pattern: `arn:aws:s3:::bucket/train/*`. */
  pattern: string;
  /** The object's key. */
  key: string;
}

export interface Check {
  purpose: string;
  role: RoleLayers;
  /**
   * The principal its findings name when it is not the role's ARN: preflight's caller, as given
   * (a role ARN, a role session ARN). Absent: `role.arn`.
   */
  principal?: string;
  action: string;
  /** As reported: S3 ARNs as in section 6, KMS keys by key ARN, roles by ARN with path. */
  resource: string;
  resourceAccount: string;
  /** Where it is, for a person: `s3://bucket/prefix/`, a key ARN, ... */
  location?: string;
  /**
   * For the check of one listed object of an input prefix: that prefix and the object's key.
   * Its findings and verdict merge with those of the prefix's other objects (docs/formats/report.md).
   */
  listing?: ListedObject;
  context: RequestContext;
  /**
   * Context keys whose value the evidence does not hold (`s3:ExistingObjectTag/*` for objects
   * whose tags were not read): a grant that depends on one makes the check Unknown
   * (docs/engine.md, "Unknowable context keys").
   */
  unknownKeys?: string[];
  target: CheckTarget;
  /** The resource-based policy; null: none (always, for identity-only targets). */
  resourcePolicy: Known<CompiledPolicy | null>;
  /** The resource-based policy as its source holds it (to patch it); null: none; undefined: unknown. */
  resourceDocument?: unknown;
  /** RCP levels of the resource's account; []: none apply. */
  rcps: Known<CompiledPolicy[][]>;
  /** The S3 gateway endpoint the request passes through; null: none. */
  vpcEndpoint: Known<S3Endpoint | null>;
  /** Causes that deny whatever the policies say (docs/formats/causes.md), raised by the builders. */
  extraCauses: RaisedCause[];
  /** For an output's PutObject: where the job names the output's KMS key (a `job-config` fix). */
  outputKeySetting?: KeySetting;
}
