/**
 * Judges a check with the engine: builds the request of contract section 6 from the check's
 * layers, marks the layers whose evidence is missing, and applies the causes that deny
 * whatever the policies say (contract section 5).
 */
import { evaluate } from '../engine/evaluate';
import type { CompiledPolicy, Evaluation, EvaluationRequest, LayerEvidenceMap, PolicyType } from '../engine/types';
import type { Check } from './checks';
import type { OrganizationLayers } from './layers';
import type { CheckDecision } from './report';
import { SAGEMAKER_SERVICE_PRINCIPAL } from './checks/trust';

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

function request(check: Check, org: OrganizationLayers, overrides: LayerOverrides): EvaluationRequest {
  const role = check.role;
  const resourcePolicy =
    overrides.resourcePolicy ?? (check.target.kind === 'identity-only' ? null : check.resourcePolicy);
  if (check.target.kind === 'trust') {
    return {
      principal: SAGEMAKER_SERVICE_PRINCIPAL,
      action: check.action,
      resource: check.resource,
      resourceAccount: check.resourceAccount,
      context: check.context,
      resourcePolicy: resourcePolicy ?? null,
      layerEvidence: resourcePolicy === undefined ? { resource: 'unknown' } : {},
    };
  }
  const context = { ...check.context };
  if (org.id) context['aws:PrincipalOrgID'] = org.id;
  const endpoint = check.vpcEndpoint;
  const endpointPolicy = overrides.vpcEndpointPolicy ?? (endpoint ? endpoint.policy : null);
  const layerEvidence: LayerEvidenceMap = {};
  for (const layer of partialLayers(check)) layerEvidence[layer] = 'deny-only';
  const unknownLayers: PolicyType[] = [];
  if (role.role === undefined) unknownLayers.push('identity');
  if (role.boundary === undefined) unknownLayers.push('permissions-boundary');
  if (resourcePolicy === undefined) unknownLayers.push('resource');
  if (org.scps === undefined) unknownLayers.push('scp');
  if (check.rcps === undefined) unknownLayers.push('rcp');
  if (endpoint === undefined) unknownLayers.push('vpc-endpoint');
  for (const layer of unknownLayers) layerEvidence[layer] = 'unknown';
  return {
    principal: role.sessionArn,
    roleArn: role.arn,
    action: check.action,
    resource: check.resource,
    resourceAccount: check.resourceAccount,
    context,
    identityPolicies: overrides.extraIdentityPolicy ? [...role.identity, overrides.extraIdentityPolicy] : role.identity,
    permissionsBoundary: role.boundary ?? null,
    resourcePolicy: resourcePolicy ?? null,
    scps: org.scps ?? [],
    rcps: check.rcps ?? [],
    vpcEndpointPolicies: endpointPolicy ? [endpointPolicy] : [],
    kmsGrants: check.kmsGrants ?? [],
    layerEvidence,
  };
}

/**
 * Layers that known evidence judges only in part: a missing identity policy or missing KMS
 * grants could still bring an Allow, so such a layer's lack of an Allow proves nothing.
 */
function partialLayers(check: Check): PolicyType[] {
  const partial: PolicyType[] = [];
  if (check.target.kind !== 'trust' && check.role.identityIncomplete && check.role.role !== undefined)
    partial.push('identity');
  if (check.target.kind === 'kms' && check.kmsGrants === undefined) partial.push('identity', 'resource');
  return partial;
}

export function judge(check: Check, org: OrganizationLayers, overrides: LayerOverrides = {}): Verdict {
  const evaluation = evaluate(request(check, org, overrides));
  let decision: CheckDecision = evaluation.decision;
  if (check.extraCauses.length > 0 && (decision === 'Allowed' || decision === 'Unknown')) decision = 'ImplicitlyDenied';
  return { check, evaluation, decision, blockedBy: evaluation.blockedBy, scpLevelCount: org.scps?.length ?? 0 };
}
