/**
 * Every check a job gets (docs/diagnosis.md, "Checks"), for each of its execution roles. The evidence
 * is asked concurrently: each role's locations are built in parallel, and the memoised
 * evidence turns repeated questions into one read.
 */
import type { CheckContext, RoleScope } from './context';
import { ecrChecks } from './ecr';
import { kmsChecks, resolveKey } from './kms';
import { inputObjectChecks, inputPrefixChecks, outputChecks } from './s3';
import { trustCheck } from './trust';
import { namedRequestChecks } from './named-request';
import type { Check } from './types';
import { networkChecks, s3EndpointOf } from './vpc';
import type { RoleModel } from '../jobs/model';
import { raise } from '../causes/cause';
import { BUCKET_REGION_MISMATCH } from '../causes/bucket-region';

export type { Check, ListedObject } from './types';
export type { CheckContext } from './context';

async function roleChecks(ctx: CheckContext, model: RoleModel): Promise<Check[]> {
  const [layers, s3Endpoint] = await Promise.all([ctx.layers.role(model.roleArn), s3EndpointOf(ctx, model)]);
  const scope: RoleScope = { model, layers, s3Endpoint };
  const volumeChecks = async (): Promise<Check[]> => {
    const out: Check[] = [];
    for (const use of model.volumeKeys) {
      const key = await resolveKey(ctx, use.keyId, layers.account);
      // SageMaker creates a grant for the instance's EBS volume: the key users' statement of
      // the console allows it only with kms:GrantIsForAWSResource.
      out.push(
        ...(await kmsChecks(ctx, scope, key, ['kms:CreateGrant'], {
          purpose: use.purpose,
          context: { 'kms:GrantIsForAWSResource': 'true' },
        })),
      );
    }
    return out;
  };
  const groups = await Promise.all([
    Promise.resolve([trustCheck(ctx, scope)]),
    ...model.inputPrefixes.map((l) => inputPrefixChecks(ctx, scope, l)),
    ...model.inputObjects.map((l) => inputObjectChecks(ctx, scope, l)),
    ...model.outputs.map((o) => outputChecks(ctx, scope, o)),
    volumeChecks(),
    ...[...new Set(model.images)].map((image) => ecrChecks(ctx, scope, image)),
    Promise.resolve(networkChecks(ctx, scope)),
  ]);
  const checks = groups.flat();
  return [...checks, ...(await namedRequestChecks(ctx, scope, checks))];
}

/** The job's checks, role by role, in the order the job names its locations. */
export async function buildChecks(ctx: CheckContext): Promise<Check[]> {
  const perRole = await Promise.all(ctx.job.roles.map((model) => roleChecks(ctx, model)));
  return regionMismatches(ctx, dedupe(perRole.flat()));
}

/**
 * BUCKET_REGION_MISMATCH, once per bucket, on the first check of each bucket whose known Region
 * is not the job's (docs/formats/causes.md): one finding says it; every check would repeat it.
 */
function regionMismatches(ctx: CheckContext, checks: Check[]): Check[] {
  const seen = new Set<string>();
  return checks.map((check) => {
    if (check.target.kind !== 's3' || seen.has(check.target.bucket)) return check;
    seen.add(check.target.bucket);
    const region = check.target.evidence?.region;
    if (!region?.known || region.value === ctx.job.region) return check;
    const facts = { bucket: check.target.bucket, region: region.value, jobRegion: ctx.job.region };
    return { ...check, extraCauses: [...check.extraCauses, raise(BUCKET_REGION_MISMATCH, facts)] };
  });
}

/** A location named twice (checkpoint and output in one place, say) is checked once. */
function dedupe(checks: Check[]): Check[] {
  // By resource first: the rest is compared only between checks of one resource.
  const seen = new Map<string, { check: Check; context?: string }[]>();
  const contextOf = (entry: { check: Check; context?: string }): string =>
    (entry.context ??= JSON.stringify(entry.check.context));
  return checks.filter((c) => {
    const same = seen.get(c.resource);
    const entry = { check: c };
    if (!same) {
      seen.set(c.resource, [entry]);
      return true;
    }
    const context = contextOf(entry);
    if (same.some((s) => s.check.role.arn === c.role.arn && s.check.action === c.action && contextOf(s) === context))
      return false;
    same.push(entry);
    return true;
  });
}
