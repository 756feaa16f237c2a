/**
 * The job model of a `Create*` request (docs/preflight.md): the same model the diagnosis builds
 * from a `Describe*` output, for a job that does not exist yet. Its ARN is the one the job will
 * have; its status `NotStarted`.
 */
import { parseRoleArn, sageMakerArn } from '../arn';
import { InputError } from '../errors';
import type { Evidence } from '../evidence/evidence';
import type { BuildContext } from '../diagnosis/jobs/context';
import type { JobModel } from '../diagnosis/jobs/model';
import type { JsonObject } from '../json';
import { accountOf } from '../diagnosis/layers';
import { PREFLIGHT_KIND_SPECS, type PreflightKind } from './kinds';

export interface RequestJob {
  kind: PreflightKind;
  request: JsonObject;
  /** Where the request came from, for messages: `request.json`, `step 'Train' of pipeline.json`. */
  origin: string;
  /** The job's name (pipeline steps: a pattern, the names SageMaker Pipelines gives its jobs). */
  name: string;
  /** The account when no role the request names tells it (live: the caller's). */
  account: string;
  region: string;
  /** The ARN SageMaker gave the job, once created (the early warning): else the one it will have. */
  arn?: string;
}

/** The status of a job that preflight models: not created yet. */
export const NOT_STARTED = 'NotStarted';

/**
 * The roles a request passes must be role ARNs: anything else is unusable input (docs/preflight.md), named by its field.
 */
function checkRoleFields(job: RequestJob): void {
  for (const { field, roleArn } of PREFLIGHT_KIND_SPECS[job.kind].passedRoles(job.request)) {
    if (parseRoleArn(roleArn) === undefined)
      throw new InputError(
        `${job.origin}: ${field} '${roleArn}' is not an IAM role ARN: give arn:aws:iam::ACCOUNT:role/NAME`,
      );
  }
}

export async function requestJobModel(job: RequestJob, evidence: Evidence): Promise<JobModel> {
  const spec = PREFLIGHT_KIND_SPECS[job.kind];
  checkRoleFields(job);
  const firstRole = spec.passedRoles(job.request)[0];
  // The job's account is its role's (docs/preflight.md); a transform job's, the caller's.
  const account = firstRole ? accountOf(firstRole.roleArn) : job.account;
  const context: BuildContext = {
    evidence,
    account,
    origin: job.origin,
    fix: `add it as 'aws sagemaker ${spec.cliCommand} --generate-cli-skeleton' shows`,
    gaps: [],
  };
  const roles = await spec.rolesOf(job.request, context);
  const arn =
    job.arn ??
    sageMakerArn(evidence.partition, job.region, account, spec.arnResourceType, spec.arnName?.(job.name) ?? job.name);
  return {
    type: spec.type,
    name: job.name,
    arn,
    account,
    region: job.region,
    status: NOT_STARTED,
    sourceArn: arn,
    roles,
    gaps: context.gaps,
  };
}
