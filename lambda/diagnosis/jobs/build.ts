/**
 * Builds the job model (what the job needed, role by role) from a failure event or a job name,
 * with the evidence's description of the job.
 */
import type { Evidence } from '../../evidence/evidence';
import { jobKind, type JobKind } from '../../job-kinds';
import type { FailureEvent } from '../events';
import type { BuildContext } from './context';
import { endpointRoles } from './endpoint';
import { pickJobIdentity } from './identity';
import { locateJob, type JobReference } from './locate';
import type { JobModel, RoleModel } from './model';
import { processingJobRoles } from './processing';
import { stringAt, type JsonObject } from '../../json';
import { trainingJobRoles } from './training';
import { transformJobRoles } from './transform';
import { tuningJobRoles } from './tuning';

export interface BuildJobModelInput {
  event?: FailureEvent;
  job?: JobReference;
}

type RolesOf = (description: JsonObject, context: BuildContext) => Promise<RoleModel[]>;

/**
 * Each kind's role-model builder: the roles a job ran as and what each needed, which the checks
 * are built from. The rest of what a kind is lives in the catalogue (lambda/job-kinds.ts).
 */
export const ROLE_MODEL_BUILDERS: Readonly<Record<JobKind, RolesOf>> = {
  training: trainingJobRoles,
  processing: processingJobRoles,
  transform: transformJobRoles,
  tuning: tuningJobRoles,
  endpoint: endpointRoles,
};

/**
 * The job model of the job an event announces (or that `input.job` names).
 *
 * The evidence's description of the job wins over the event's detail, which serves only when the
 * evidence lacks the job (a `gaps` entry says so). Models and endpoint configurations that the
 * evidence lacks become `gaps` entries.
 *
 * @throws InputError when no description gives the job's role and locations, when a pipeline
 *   step's job is not in the evidence, or when a job name is unknown or ambiguous.
 */
export async function buildJobModel(input: BuildJobModelInput, evidence: Evidence): Promise<JobModel> {
  const located = await locateJob(input, evidence);
  const { kind, description, event } = located;
  const fields = jobKind(kind);
  const context: BuildContext = {
    evidence,
    account: located.account,
    origin: located.origin,
    fix: located.fix,
    gaps: located.gaps,
  };
  const roles = await ROLE_MODEL_BUILDERS[kind](description, context);

  const identity = pickJobIdentity(located, evidence, input.job?.name);
  const status = stringAt(description, fields.statusField) ?? event?.status;
  const failureReason = stringAt(description, 'FailureReason') ?? event?.failureReason;
  return {
    type: fields.type,
    name: identity.name,
    arn: identity.arn,
    account: identity.account,
    region: identity.region,
    ...(status === undefined ? {} : { status }),
    ...(failureReason === undefined ? {} : { failureReason }),
    sourceArn: identity.arn,
    roles,
    gaps: context.gaps,
  };
}
