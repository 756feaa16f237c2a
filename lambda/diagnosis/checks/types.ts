/**
 * A check: one access the job needed (contract.md section 6), with every policy layer that
 * judges it. `undefined` marks a layer whose evidence is missing; `null` a layer known absent.
 */
import type { CompiledPolicy, KmsGrant, RequestContext } from '../../engine/types';
import type { BucketEvidence, KeyEvidence, VpcEndpointEvidence } from '../../evidence/evidence';
import type { RoleLayers } from '../layers';

/** A cause added to a check whatever its policy verdict (contract section 5). */
export interface ExtraCause {
  cause:
    | 'KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT'
    | 'KMS_KEY_NOT_USABLE'
    | 'OBJECT_OWNED_BY_OTHER_ACCOUNT'
    | 'BUCKET_REQUESTER_PAYS';
  explanation: string;
}

export type CheckTarget =
  | { kind: 's3'; bucket: string; evidence?: BucketEvidence }
  | { kind: 'kms'; keyArn: string; evidence?: KeyEvidence }
  | { kind: 'trust' }
  | { kind: 'ecr-repository'; repositoryArn: string; repositoryName: string; account: string; region: string }
  | { kind: 'identity-only' };

export interface Check {
  purpose: string;
  role: RoleLayers;
  action: string;
  /** As reported: S3 ARNs as in section 6, KMS keys by key ARN, roles by ARN with path. */
  resource: string;
  resourceAccount: string;
  /** Where it is, for a person: `s3://bucket/prefix/`, a key ARN, ... */
  location?: string;
  context: RequestContext;
  target: CheckTarget;
  /** The resource-based policy; undefined: unknown; null: none. Not used for identity-only targets. */
  resourcePolicy?: CompiledPolicy | null;
  /** The resource-based policy as its source holds it (to patch it); null: none; undefined: unknown. */
  resourceDocument?: unknown;
  /** KMS grants of the key; undefined: unknown. */
  kmsGrants?: KmsGrant[];
  /** RCP levels of the resource's account; undefined: unknown; []: none apply. */
  rcps: CompiledPolicy[][] | undefined;
  /** The S3 gateway endpoint the request passes through; undefined: unknown; null: none. */
  vpcEndpoint?: { endpoint: VpcEndpointEvidence; policy: CompiledPolicy | null } | null;
  extraCauses: ExtraCause[];
}
