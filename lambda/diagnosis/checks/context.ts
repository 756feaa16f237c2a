/**
 * What the check builders share: the evidence, the compiled layers, the gap log, the job.
 */
import type { CompiledPolicy } from '../../engine/types';
import type { BucketEvidence, Evidence, VpcEndpointEvidence } from '../../evidence/evidence';
import type { IncompleteLog } from '../incomplete';
import type { JobModel, RoleModel } from '../jobs/model';
import type { LayerCompiler, RoleLayers } from '../layers';

export interface CheckContext {
  evidence: Evidence;
  layers: LayerCompiler;
  incomplete: IncompleteLog;
  job: JobModel;
  /** Every key prefix the job reads, per bucket: one bucket read for all of them. */
  bucketPrefixes: Map<string, string[]>;
}

/** A role's checks are built from its model and its compiled layers. */
export interface RoleScope {
  model: RoleModel;
  layers: RoleLayers;
  /** The S3 gateway endpoint the role's S3 requests pass through (vpc.ts). */
  s3Endpoint: { endpoint: VpcEndpointEvidence; policy: CompiledPolicy | null } | null | undefined;
}

/**
 * Services whose resources resource control policies apply to.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * (S3, STS, KMS, SQS, Secrets Manager; later additions are not modelled, see docs/diagnosis.md).
 */
export const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

/** The RCP levels that govern a resource of `service` in `account`: none for services RCPs do not cover. */
export async function rcpsOf(
  ctx: CheckContext,
  service: string,
  account: string,
): Promise<CompiledPolicy[][] | undefined> {
  return RCP_SERVICES.has(service) ? (await ctx.layers.organization(account)).rcps : [];
}

/** The bucket's evidence, or undefined with the gap logged. */
export async function bucketOf(ctx: CheckContext, bucket: string): Promise<BucketEvidence | null | undefined> {
  const answer = await ctx.evidence.bucket(bucket, ctx.bucketPrefixes.get(bucket) ?? []);
  if (!answer.known) {
    ctx.incomplete.note(`bucket ${bucket}`, answer.why);
    return undefined;
  }
  return answer.value;
}
