/**
 * Judges a check with the engine: builds the request of its check (docs/diagnosis.md, "Checks") from the check's
 * layers, marks the layers whose evidence is missing, and applies the causes that deny
 * whatever the policies say (docs/formats/causes.md).
 */
import { evaluate, ResourceBatch } from '../engine/evaluate';
import type {
  CompiledPolicy,
  Evaluation,
  EvaluationRequest,
  KmsGrant,
  LayerEvidence,
  PolicyType,
  RequestContext,
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

/** No layer replaced. */
const AS_READ: LayerOverrides = {};

interface Family {
  first: Check;
  org: OrganizationLayers;
  batch: ResourceBatch;
}

/**
 * The evaluations of listed objects' checks (docs/formats/report.md, "Findings over listed
 * objects"): the object checks of one location that differ only in their object are evaluated
 * as one batch (engine/evaluate.ts, ResourceBatch), per set of replaced layers.
 */
export class ListingBatches {
  readonly #byOverrides = new WeakMap<LayerOverrides, { families: Map<string, Family>; last?: Family }>();

  public evaluate(check: Check, org: OrganizationLayers, overrides: LayerOverrides): Evaluation {
    let scope = this.#byOverrides.get(overrides);
    if (!scope) {
      scope = { families: new Map() };
      this.#byOverrides.set(overrides, scope);
    }
    // A listing's objects come one after the other: most are of the family of the one before.
    const last = scope.last;
    if (last && last.org === org && sameRequest(last.first, check)) return last.batch.evaluate(check.resource);
    const id = JSON.stringify([
      check.action,
      check.resourceAccount,
      check.role.arn,
      check.target.kind,
      check.context,
      check.unknownKeys ?? null,
    ]);
    let family = scope.families.get(id);
    if (family && (family.org !== org || !sameRequest(family.first, check)))
      return evaluate(request(check, org, overrides));
    if (!family) {
      family = { first: check, org, batch: new ResourceBatch(request(check, org, overrides)) };
      scope.families.set(id, family);
    }
    scope.last = family;
    return family.batch.evaluate(check.resource);
  }
}

/** Whether two checks make the same request but for its resource (what `request` reads). */
const sameRequest = (a: Check, b: Check): boolean =>
  a.role === b.role &&
  a.action === b.action &&
  a.resourceAccount === b.resourceAccount &&
  a.resourcePolicy === b.resourcePolicy &&
  a.rcps === b.rcps &&
  a.vpcEndpoint === b.vpcEndpoint &&
  a.target.kind === b.target.kind &&
  (a.target.kind !== 'kms' || (b.target.kind === 'kms' && a.target.grants === b.target.grants)) &&
  sameList(a.unknownKeys, b.unknownKeys) &&
  sameContext(a.context, b.context);

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same keys with the same values (a value is a string, a list of them, or another JSON value). */
function sameContext(a: RequestContext, b: RequestContext): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (
      Array.isArray(x) &&
      Array.isArray(y) &&
      x.every((v, i) => typeof v !== 'object' && v === y[i]) &&
      x.length === y.length
    )
      continue;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/**
 * The verdict of a check; `batches`, for a listed object's check, evaluates it with the other
 * objects of its location.
 */
export function judge(
  check: Check,
  org: OrganizationLayers,
  overrides: LayerOverrides = AS_READ,
  batches?: ListingBatches,
): Verdict {
  const evaluation =
    batches && check.listing ? batches.evaluate(check, org, overrides) : evaluate(request(check, org, overrides));
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
