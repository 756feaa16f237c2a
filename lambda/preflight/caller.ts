/**
 * The caller's checks (docs/preflight.md): whoever calls `Create*` (a CI role, a person, the
 * pipeline's role for its steps) needs the `Create*` action on the job's ARN, `sagemaker:AddTags`
 * on it when the request tags the job ("If an IAM policy allows ... to create resources but does
 * not allow tagging, AccessDenied errors can occur":
 * https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html,
 * "Provide permissions for tagging SageMaker AI resources"), and `iam:PassRole` on every role the
 * call hands to SageMaker.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-pass-role
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
import { roleArn as roleArnOf } from '../arn';
import { resolveCaller } from '../engine/arn';
import type { RequestContext } from '../engine/types';
import { InputError } from '../errors';
import type { Check } from '../diagnosis/checks';
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../diagnosis/checks/trust';
import type { IncompleteLog } from '../diagnosis/incomplete';
import type { JobModel } from '../diagnosis/jobs/model';
import type { JsonObject } from '../json';
import { NONE, NO_LEVELS, type LayerCompiler, type RoleLayers } from '../diagnosis/layers';
import { unknown } from '../evidence/evidence';
import { createContext, tagContext } from './create-context';
import { PREFLIGHT_KIND_SPECS, type PreflightKind } from './kinds';

/** One job the caller creates. */
export interface CreatedJob {
  kind: PreflightKind;
  request: JsonObject;
  job: JobModel;
  /** Prefix of the checks' purposes (`step 'Train'`), when several jobs are checked. */
  scope?: string;
}

const USER_POLICIES_UNKNOWN = 'the evidence holds the policies of IAM roles only, not of users';

/** Who calls, as the engine sees it: the caller ARN as given, with its role's policies. */
async function callerLayers(layers: LayerCompiler, caller: string, incomplete: IncompleteLog): Promise<RoleLayers> {
  const parsed = resolveCaller(caller);
  if ((parsed.kind === 'role' || parsed.kind === 'session') && parsed.account) {
    // A session's policies are its role's: the evidence finds a role by its path-less ARN too.
    const roleArn =
      parsed.kind === 'role' ? caller : roleArnOf(parsed.partition, parsed.account, parsed.roleName ?? '');
    const role = await layers.role(roleArn);
    if (role.role.known && role.role.value === null)
      throw new InputError(`--caller: role ${roleArn} does not exist in account ${parsed.account}: check the ARN`);
    return { ...role, sessionArn: caller };
  }
  if (parsed.kind === 'other' || !parsed.account)
    throw new InputError(
      `--caller: '${caller}' is not an IAM role, role session or user ARN: give arn:aws:iam::ACCOUNT:role/NAME`,
    );
  // IAM users: a snapshot holds roles only (docs/formats/snapshot.md), so their policies are unknown.
  incomplete.note(`policies of caller ${caller}`, USER_POLICIES_UNKNOWN);
  return {
    arn: caller,
    account: parsed.account,
    roleName: parsed.userName ?? caller,
    sessionArn: caller,
    role: unknown(USER_POLICIES_UNKNOWN),
    identity: unknown(USER_POLICIES_UNKNOWN),
    boundary: unknown(USER_POLICIES_UNKNOWN),
    trust: NONE,
  };
}

function identityCheck(
  role: RoleLayers,
  caller: string,
  fields: { purpose: string; action: string; resource: string; resourceAccount: string; context: RequestContext },
): Check {
  return {
    ...fields,
    role,
    principal: caller,
    location: fields.resource,
    target: { kind: 'identity-only' },
    resourcePolicy: NONE,
    // Neither SageMaker nor IAM is among the services RCPs govern (checks/context.ts, RCP_SERVICES).
    rcps: NO_LEVELS,
    vpcEndpoint: NONE,
    extraCauses: [],
  };
}

/** The `Create*` check of every job and the `iam:PassRole` check of every role it passes. */
export async function callerChecks(
  layers: LayerCompiler,
  incomplete: IncompleteLog,
  caller: string,
  jobs: CreatedJob[],
): Promise<Check[]> {
  const role = await callerLayers(layers, caller, incomplete);
  const out: Check[] = [];
  for (const { kind, request, job, scope } of jobs) {
    const spec = PREFLIGHT_KIND_SPECS[kind];
    const prefix = scope === undefined ? '' : `${scope}: `;
    out.push(
      identityCheck(role, caller, {
        purpose: `${prefix}the caller creates the ${spec.label}`,
        action: spec.createAction,
        resource: job.arn,
        resourceAccount: job.account,
        context: createContext(kind, request),
      }),
    );
    const tagged = tagContext(request);
    if (tagged['aws:TagKeys'] !== undefined)
      out.push(
        identityCheck(role, caller, {
          purpose: `${prefix}the caller tags the ${spec.label} it creates (the request has Tags)`,
          action: 'sagemaker:AddTags',
          resource: job.arn,
          resourceAccount: job.account,
          context: tagged,
        }),
      );
    const passed = [...new Set(spec.passedRoles(request).map((r) => r.roleArn))];
    for (const roleArn of passed) {
      // The role's ARN with its path, as IAM names the resource of iam:PassRole.
      const passedRole = await layers.role(roleArn);
      out.push(
        identityCheck(role, caller, {
          purpose: `${prefix}the caller passes role '${passedRole.roleName}' to SageMaker`,
          action: 'iam:PassRole',
          resource: passedRole.arn,
          resourceAccount: passedRole.account,
          context: { 'iam:PassedToService': SAGEMAKER_SERVICE_PRINCIPAL },
        }),
      );
    }
  }
  return out;
}
