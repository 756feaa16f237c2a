/**
 * What the check builders share: the evidence, the compiled layers, the gap log, the job.
 */
import type { CompiledPolicy } from '../../engine/types';
import type { BucketEvidence, Evidence, Known } from '../../evidence/evidence';
import type { IncompleteLog } from '../incomplete';
import type { JobModel, RoleModel } from '../jobs/model';
import { NO_LEVELS, type LayerCompiler, type RoleLayers } from '../layers';
import type { S3Endpoint } from './types';
import type { NamedRequest } from '../failure-reason';

export interface CheckContext {
  evidence: Evidence;
  layers: LayerCompiler;
  incomplete: IncompleteLog;
  job: JobModel;
  /** Every key prefix the job reads, per bucket: one bucket read for all of them. */
  bucketPrefixes: Map<string, string[]>;
  /** The request the failure's enhanced AccessDenied message names, if any (named-request.ts). */
  named?: NamedRequest;
}

/** A role's checks are built from its model and its compiled layers. */
export interface RoleScope {
  model: RoleModel;
  layers: RoleLayers;
  /** The S3 gateway endpoint the role's S3 requests pass through (vpc.ts). */
  s3Endpoint: Known<S3Endpoint | null>;
}

/**
 * Services whose resources resource control policies apply to.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * (S3, STS, KMS, SQS, Secrets Manager; later additions are not modelled, see docs/diagnosis.md).
 */
const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager']);

/** The RCP levels that govern a resource of `service` in `account`: none for services RCPs do not cover. */
export async function rcpsOf(ctx: CheckContext, service: string, account: string): Promise<Known<CompiledPolicy[][]>> {
  return RCP_SERVICES.has(service) ? (await ctx.layers.organization(account)).rcps : NO_LEVELS;
}

/** The bucket's evidence, the gap logged when it is unknown. */
export async function bucketOf(ctx: CheckContext, bucket: string): Promise<Known<BucketEvidence | null>> {
  const answer = await ctx.evidence.bucket(bucket, ctx.bucketPrefixes.get(bucket) ?? []);
  if (!answer.known) ctx.incomplete.note(`bucket ${bucket}`, answer.why);
  return answer;
}
