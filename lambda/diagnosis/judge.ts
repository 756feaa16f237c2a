/**
 * Judges a check with the engine: builds the request of its check (docs/diagnosis.md, "Checks") from the check's
 * layers, marks the layers whose evidence is missing, and applies the causes that deny
 * whatever the policies say (docs/formats/causes.md).
 */
import { evaluate } from '../engine/evaluate';
import type {
  CompiledPolicy,
  Evaluation,
  EvaluationRequest,
  KmsGrant,
  LayerEvidence,
  PolicyType,
} from '../engine/types';
import { known, type Known } from '../evidence/evidence';
import type { Check } from './checks';
import { roleIsMissing, valueOr, type OrganizationLayers } from './layers';
import type { CheckDecision } from './report';
import { SAGEMAKER_SERVICE_PRINCIPAL } from './checks/trust';

const NO_GRANTS: Known<KmsGrant[]> = known([]);
/** The principal-tag keys, unknowable when the role's tags could not be read. */
const PRINCIPAL_TAG_KEYS = 'aws:PrincipalTag/*';

export interface Verdict {
  check: Check;
  evaluation: Evaluation;
  decision: CheckDecision;
  blockedBy: PolicyType[];
  /** How many SCP levels the principal's account has (for explanations). */
  scpLevelCount: number;
}

/** Replacement documents, to re-evaluate a check with a patch applied. */
export interface LayerOverrides {
  extraIdentityPolicy?: CompiledPolicy;
  resourcePolicy?: CompiledPolicy;
  vpcEndpointPolicy?: CompiledPolicy;
}

/** How much of a layer the engine gets: all of it, unknown, or (`partial`) only its Denies. */
const evidenceOf = (layer: Known<unknown>, partial = false): LayerEvidence =>
  !layer.known ? 'unknown' : partial ? 'deny-only' : 'complete';

function request(check: Check, org: OrganizationLayers, overrides: LayerOverrides): EvaluationRequest {
  const role = check.role;
  const resourcePolicy: Known<CompiledPolicy | null> = overrides.resourcePolicy
    ? known(overrides.resourcePolicy)
    : check.resourcePolicy;
  if (check.target.kind === 'trust') {
    return {
      principal: SAGEMAKER_SERVICE_PRINCIPAL,
      action: check.action,
      resource: check.resource,
      resourceAccount: check.resourceAccount,
      context: check.context,
      resourcePolicy: valueOr(resourcePolicy, null),
      layerEvidence: { resource: evidenceOf(resourcePolicy) },
    };
  }
  const context = { ...check.context };
  if (org.id) context['aws:PrincipalOrgID'] = org.id;
  // The role's tags are the session's principal tags (SageMaker passes no session tags):
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
  // Tags that could not be read make the keys unknowable (docs/engine.md, "Unknowable context keys").
  const tags = role.role.known ? role.role.value?.tags : undefined;
  if (tags?.known) for (const [key, value] of Object.entries(tags.value)) context[`aws:PrincipalTag/${key}`] = value;
  const unknownKeys = [...(check.unknownKeys ?? []), ...(tags?.known === false ? [PRINCIPAL_TAG_KEYS] : [])];
  const endpoint = check.vpcEndpoint;
  const endpointPolicy = overrides.vpcEndpointPolicy ?? (endpoint.known ? endpoint.value?.policy : null);
  const identity = valueOr(role.identity, { policies: [], complete: true });
  // Unknown KMS grants could still bring the Allow a key policy or identity policy lacks.
  const grants = check.target.kind === 'kms' ? check.target.grants : NO_GRANTS;
  return {
    principal: role.sessionArn,
    roleArn: role.arn,
    action: check.action,
    resource: check.resource,
    resourceAccount: check.resourceAccount,
    context,
    ...(unknownKeys.length > 0 && { unknownKeys }),
    identityPolicies: overrides.extraIdentityPolicy
      ? [...identity.policies, overrides.extraIdentityPolicy]
      : identity.policies,
    permissionsBoundary: valueOr(role.boundary, null),
    resourcePolicy: valueOr(resourcePolicy, null),
    scps: valueOr(org.scps, []),
    rcps: valueOr(check.rcps, []),
    vpcEndpointPolicies: endpointPolicy ? [endpointPolicy] : [],
    kmsGrants: valueOr(grants, []),
    layerEvidence: {
      identity: evidenceOf(role.identity, !identity.complete || !grants.known),
      'permissions-boundary': evidenceOf(role.boundary),
      resource: evidenceOf(resourcePolicy, !grants.known),
      scp: evidenceOf(org.scps),
      rcp: evidenceOf(check.rcps),
      'vpc-endpoint': evidenceOf(endpoint),
    },
  };
}

export function judge(check: Check, org: OrganizationLayers, overrides: LayerOverrides = {}): Verdict {
  const evaluation = evaluate(request(check, org, overrides));
  const scpLevelCount = valueOr(org.scps, []).length;
  // A role that does not exist makes no request: its checks other than the trust check (which
  // carries ROLE_NOT_FOUND) are not made, so they are Unknown, whatever a policy says.
  if (check.target.kind !== 'trust' && check.principal === undefined && roleIsMissing(check.role))
    return { check, evaluation, decision: 'Unknown', blockedBy: [], scpLevelCount };
  let decision: CheckDecision = evaluation.decision;
  // Denied whatever an unknowable key holds (only whether explicitly is not known): a denial,
  // judged by the layers that deny in every case (docs/engine.md, "Unknowable context keys").
  if (
    decision === 'Unknown' &&
    (evaluation.dependsOn !== undefined || evaluation.undecided !== undefined) &&
    evaluation.blockedBy.length > 0
  )
    decision = 'ImplicitlyDenied';
  if (check.extraCauses.length > 0 && (decision === 'Allowed' || decision === 'Unknown')) decision = 'ImplicitlyDenied';
  return { check, evaluation, decision, blockedBy: evaluation.blockedBy, scpLevelCount };
}
