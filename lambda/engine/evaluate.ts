/**
 * The decision over every policy layer (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), from the IAM User Guide's "Policy
 * evaluation logic" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
 * and "Cross-account policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
 *
 * Each layer is judged on its own; the decision is `ExplicitlyDenied` when any layer has an
 * applicable Deny, `ImplicitlyDenied` when any layer denies otherwise, else `Allowed`.
 */
import { accountOfArn, parseArn } from '../arn';
import { type Caller, resolveCaller } from './arn';
import { EMPTY_CONTEXT, type NormalizedContext } from './context';
import { contextWithDerivedKeys } from './derived-context';
import { findGrant, type GrantMatch } from './kms-grant';
import { AssumingContext, compileUnknownKeys, UnknownKeyLog } from './unknown-keys';
import { asEvaluable, classifyResource, type EvaluableStatement, type RequestResource } from './policy';
import { type PrincipalMatchKind, strongerMatch } from './principal';
import {
  type CompiledPolicy,
  type Evaluation,
  type EvaluationRequest,
  type LayerEvaluation,
  type LayerEvidenceMap,
  POLICY_TYPES,
  type PolicyType,
  type StatementRef,
} from './types';

/** `layerEvidence` absent: every layer complete. */
const COMPLETE: LayerEvidenceMap = {};

/** What the evaluator knows of one request, computed once per world (unknown-keys.ts). */
interface Scope {
  caller: Caller;
  action: string;
  resource: RequestResource;
  /** The context an Allow statement is judged with, and the one a Deny statement is. */
  allowCtx: NormalizedContext;
  denyCtx: NormalizedContext;
  /** The caller has a permissions boundary (in this world, when that is not known). */
  hasBoundary: boolean;
  /** The most permissive world (undecided Allows apply, undecided Denies do not) or the most restrictive. */
  permissive: boolean;
  log: UnknownKeyLog;
}

/** The applicable statements of some policies, and how the strongest Allow names the caller. */
interface Scan {
  allows: StatementRef[];
  denies: StatementRef[];
  strongestAllow: PrincipalMatchKind;
}

function emptyScan(): Scan {
  return { allows: [], denies: [], strongestAllow: 'none' };
}

function scanPolicy(policy: CompiledPolicy, scope: Scope, into: Scan, level?: number): Scan {
  const evaluable = asEvaluable(policy);
  for (const statement of evaluable.statementsFor(scope.action)) {
    const ctx = statement.effect === 'Allow' ? scope.allowCtx : scope.denyCtx;
    const reaches = statement.matchesResource(scope.resource, ctx);
    if (reaches === false) continue;
    const kind = statement.matchPrincipal(scope.caller, scope.hasBoundary);
    if (kind === 'none') continue;
    const holds = statement.conditionsHold(ctx);
    if (holds === false) continue;
    // A statement that cannot be decided applies in one world only, as an unknowable key does.
    if (reaches === undefined || holds === undefined) {
      scope.log.noteUndecided(undecidedStatement(policy, statement, reaches === undefined));
      if (scope.permissive !== (statement.effect === 'Allow')) continue;
    }
    const ref: StatementRef = {
      policyType: policy.policyType,
      statementIndex: statement.index,
      effect: statement.effect,
    };
    if (policy.name !== undefined) ref.policyName = policy.name;
    if (policy.arn !== undefined) ref.policyArn = policy.arn;
    if (statement.sid !== undefined) ref.statementSid = statement.sid;
    if (level !== undefined) ref.level = level;
    // A Deny that applies only because NotPrincipal does not except a principal with a boundary.
    if (
      statement.effect === 'Deny' &&
      scope.hasBoundary &&
      statement.notPrincipal !== undefined &&
      statement.matchPrincipal(scope.caller, false) === 'none'
    )
      ref.notPrincipalIgnored = true;
    if (statement.effect === 'Deny') {
      into.denies.push(ref);
    } else {
      into.allows.push(ref);
      into.strongestAllow = strongerMatch(into.strongestAllow, kind);
    }
  }
  return into;
}

/** What could not be decided, for `undecided`: "NotResource of statement 'Sid' of policy 'P'". */
function undecidedStatement(
  policy: CompiledPolicy,
  statement: { index: number; sid?: string },
  notResource: boolean,
): string {
  const name = policy.name ?? policy.arn ?? `the ${policy.policyType} policy`;
  const label = statement.sid ? `'${statement.sid}'` : `#${statement.index}`;
  const element = notResource
    ? 'NotResource (a policy variable without a value)'
    : 'Condition (a value its operator cannot read, or a policy variable without a value under a negated operator)';
  return `${element} of statement ${label} of ${name.startsWith('the ') ? name : `'${name}'`}`;
}

function scanPolicies(policies: readonly CompiledPolicy[], scope: Scope): Scan {
  const scan = emptyScan();
  for (const policy of policies) scanPolicy(policy, scope, scan);
  return scan;
}

function layer(policyType: PolicyType, present: boolean, scan: Scan, denied: boolean): LayerEvaluation {
  return { policyType, present, unknown: false, allows: scan.allows, denies: scan.denies, denied };
}

function unknownLayer(policyType: PolicyType): LayerEvaluation {
  return { policyType, present: true, unknown: true, allows: [], denies: [], denied: false };
}

/**
 * Layers of policies judged level by level: SCPs (every level must allow), RCPs
 * (`RCPFullAWSAccess` implied at every level: only Denies count), VPC endpoints (every endpoint
 * must allow).
 */
function levelLayer(
  policyType: PolicyType,
  levels: readonly (readonly CompiledPolicy[])[],
  scope: Scope,
  eachMustAllow: boolean,
): LayerEvaluation {
  const all = emptyScan();
  const levelsWithoutAllow: number[] = [];
  for (let level = 0; level < levels.length; level++) {
    const before = all.allows.length;
    for (const policy of levels[level]) scanPolicy(policy, scope, all, level);
    if (all.allows.length === before) levelsWithoutAllow.push(level);
  }
  const denied = all.denies.length > 0 || (eachMustAllow && levelsWithoutAllow.length > 0);
  const evaluation = layer(policyType, levels.length > 0, all, denied);
  if (eachMustAllow) evaluation.levelsWithoutAllow = levelsWithoutAllow;
  return evaluation;
}

// A KMS key policy is always needed: https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
// An alias ARN is not a key: kms:CreateAlias / DeleteAlias / UpdateAlias on the alias are granted
// by IAM policies alone (the key side of those requests is a request on the key ARN):
// https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
function isKmsKeyRequest(action: string, resource: string): boolean {
  if (!hasPrefix(action, 'kms:')) return false;
  const arn = parseArn(resource);
  return arn?.service === 'kms' && !arn.resource.startsWith('alias/');
}

/** Case-insensitive prefix test without allocating. */
function hasPrefix(text: string, lowerPrefix: string): boolean {
  return text.length >= lowerPrefix.length && text.slice(0, lowerPrefix.length).toLowerCase() === lowerPrefix;
}

// A role trust policy (the role's resource-based policy) must allow sts:AssumeRole* like a key
// policy, even within one account: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html
function isTrustRequest(action: string, resource: string): boolean {
  if (!hasPrefix(action, 'sts:assumerole')) return false;
  const arn = parseArn(resource);
  return arn?.service === 'iam' && arn.resource.startsWith('role/');
}

/** Direct grants name the caller by role, session or user ARN, `*` or service (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). */
function grantsDirectly(kind: PrincipalMatchKind): boolean {
  return kind === 'role' || kind === 'exact';
}

/** The parts of a request that do not depend on the world. */
interface Prepared {
  caller: Caller;
  resource: RequestResource;
  ctx: NormalizedContext;
  resourceAccount: string | undefined;
}

/**
 * Whether the caller has a permissions boundary: yes with a boundary document; not known when
 * the boundary layer is unknown (`layerEvidence`); no otherwise. AWS service principals have none.
 */
function boundaryPresence(request: EvaluationRequest, caller: Caller): boolean | undefined {
  if (caller.kind === 'service') return false;
  if (request.permissionsBoundary !== undefined && request.permissionsBoundary !== null) return true;
  return request.layerEvidence?.['permissions-boundary'] === 'unknown' ? undefined : false;
}

/**
 * Evaluates one authorization request over compiled policies (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * Layers absent from the request do not deny; layers `layerEvidence` marks `unknown` (and
 * `deny-only` layers that find no Allow) neither allow nor deny, and make the decision
 * `Unknown` when no known layer denies. A decision that depends on an unknowable key
 * (`unknownKeys`), or on whether the caller has a permissions boundary when that is not known,
 * is `Unknown` (unknown-keys.ts; docs/engine.md, "Unknowable context keys").
 *
 * @example
 * const evaluation = evaluate({ principal: roleArn, action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::bucket/key', identityPolicies: [compilePolicy(doc, { policyType: 'identity' })] });
 */
export function evaluate(request: EvaluationRequest): Evaluation {
  const caller = resolveCaller(request.principal, request.roleArn);
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource);
  const prepared: Prepared = {
    caller,
    resource: classifyResource(request.resource),
    ctx: contextWithDerivedKeys(request.context, caller, resourceAccount),
    resourceAccount,
  };
  const unknownKeys = compileUnknownKeys(request.unknownKeys);
  const boundary = boundaryPresence(request, caller);
  // The most permissive world: Allows that read an unknowable key (or cannot be decided) apply,
  // Denies that do not. A request where nothing is unknowable or undecided is judged once.
  const log = new UnknownKeyLog();
  // Written out, not spread from `prepared`: a spread here cost a third of an evaluation.
  const world = (permissive: boolean): Scope => ({
    caller: prepared.caller,
    resource: prepared.resource,
    action: request.action,
    allowCtx: unknownKeys ? new AssumingContext(prepared.ctx, unknownKeys, permissive, log) : prepared.ctx,
    denyCtx: unknownKeys ? new AssumingContext(prepared.ctx, unknownKeys, !permissive, log) : prepared.ctx,
    hasBoundary: boundary ?? !permissive,
    permissive,
    log,
  });
  const permissive = evaluateIn(request, prepared, world(true));
  if (!log.consulted && boundary !== undefined) return permissive;
  const restrictive = evaluateIn(request, prepared, world(false));
  // Every real assignment lands between the two worlds: when they agree, the decision is known.
  // Layers that deny in the permissive world deny in every world (they are `blockedBy`).
  if (restrictive.decision === permissive.decision) return permissive;
  const dependsOn = [...log.keys, ...(boundary === undefined ? ['permissions boundary'] : [])];
  return {
    ...permissive,
    decision: 'Unknown',
    ...(dependsOn.length > 0 && { dependsOn }),
    ...(log.undecided.length > 0 && { undecided: log.undecided }),
  };
}

/** Distinct reaches a batch keeps evaluations for before it starts over (bounds its memory). */
const BATCH_LIMIT = 1024;

/**
 * Evaluations of requests that differ only in their resource, each one ARN without wildcards:
 * the objects of one listing (docs/engine.md, "Speed"). Each resource is matched against every
 * statement of the request that covers its action, as `evaluate` matches it; resources that
 * every statement reaches alike get one evaluation, since nothing else in the evaluation depends
 * on the resource. Requests where something else could (a KMS key or trust request, a resource
 * account to derive from the ARN, a Resource pattern with a policy variable) are evaluated one
 * by one.
 *
 * @example
 * const batch = new ResourceBatch({ ...request, resourceAccount: '111111111111' });
 * const evaluations = keys.map((key) => batch.evaluate(`arn:aws:s3:::bucket/${key}`));
 */
export class ResourceBatch {
  /** The statements whose reach tells the resources apart; undefined: evaluated one by one. */
  readonly #statements: EvaluableStatement[] | undefined;
  readonly #byReach = new Map<string, Evaluation>();

  public constructor(private readonly request: EvaluationRequest) {
    this.#statements = batchable(request) ? statementsOf(request) : undefined;
  }

  public evaluate(resource: string): Evaluation {
    const statements = this.#statements;
    if (statements === undefined || resource === '*' || resource.includes('*'))
      return evaluate({ ...this.request, resource });
    const literal: RequestResource = { kind: 'literal', text: resource };
    let reach = '';
    for (const statement of statements) reach += statement.matchesResource(literal, EMPTY_CONTEXT) ? '1' : '0';
    let evaluation = this.#byReach.get(reach);
    if (evaluation === undefined) {
      evaluation = evaluate({ ...this.request, resource });
      if (this.#byReach.size >= BATCH_LIMIT) this.#byReach.clear();
      this.#byReach.set(reach, evaluation);
    }
    return evaluation;
  }
}

/** Whether only statements' reach can depend on the request's resource (see ResourceBatch). */
function batchable(request: EvaluationRequest): boolean {
  if (request.resourceAccount === undefined) return false;
  if (hasPrefix(request.action, 'kms:') || hasPrefix(request.action, 'sts:assumerole')) return false;
  return statementsOf(request).every((statement) => !statement.resourceReadsContext());
}

/** Every statement of the request's policies that covers its action, in a fixed order. */
function statementsOf(request: EvaluationRequest): EvaluableStatement[] {
  const policies: CompiledPolicy[] = [
    ...(request.resourcePolicy ? [request.resourcePolicy] : []),
    ...(request.identityPolicies ?? []),
    ...(request.permissionsBoundary ? [request.permissionsBoundary] : []),
    ...(request.sessionPolicy ? [request.sessionPolicy] : []),
    ...(request.scps ?? []).flat(),
    ...(request.rcps ?? []).flat(),
    ...(request.vpcEndpointPolicies ?? []),
  ];
  return policies.flatMap((policy) => asEvaluable(policy).statementsFor(request.action));
}

function evaluateIn(request: EvaluationRequest, prepared: Prepared, scope: Scope): Evaluation {
  const { caller, resourceAccount } = prepared;
  const evidence = request.layerEvidence ?? COMPLETE;
  const isUnknown = (type: PolicyType): boolean => evidence[type] === 'unknown';
  const isService = caller.kind === 'service';
  const kms = isKmsKeyRequest(request.action, request.resource);
  // An unknown resource account is taken to be the caller's (docs/engine.md).
  const crossAccount = !isService && resourceAccount !== undefined && caller.account !== resourceAccount;
  // A service principal has no identity of its own: only the resource policy can allow it.
  const resourceAllowNeeded = isService || crossAccount || kms || isTrustRequest(request.action, request.resource);

  const grant: GrantMatch | undefined = kms
    ? findGrant(request.kmsGrants, caller, request.action, prepared.ctx, request.context)
    : undefined;

  const layers = new Map<PolicyType, LayerEvaluation>();
  let strongestResourceAllow: PrincipalMatchKind = 'none';
  if (isUnknown('resource')) {
    layers.set('resource', unknownLayer('resource'));
  } else {
    const policy = request.resourcePolicy ?? undefined;
    const scan = policy ? scanPolicy(policy, scope, emptyScan()) : emptyScan();
    strongestResourceAllow = scan.strongestAllow;
    const allowed = scan.allows.length > 0 || grant !== undefined;
    const denied = scan.denies.length > 0 || (resourceAllowNeeded && !allowed);
    layers.set('resource', layer('resource', policy !== undefined || resourceAllowNeeded, scan, denied));
  }
  const grantedDirectly = !crossAccount && grantsDirectly(strongestResourceAllow);
  const grantedDirectlyToSession = grantedDirectly && strongestResourceAllow === 'exact';

  // Layers judged on Allow and Deny: a Deny denies; so does a lack of Allow unless allowed elsewhere.
  const judge = (
    type: PolicyType,
    policies: readonly CompiledPolicy[],
    present: boolean,
    allowedElsewhere: boolean,
  ) => {
    if (isUnknown(type)) return layers.set(type, unknownLayer(type));
    const scan = scanPolicies(policies, scope);
    const denied = present && (scan.denies.length > 0 || (scan.allows.length === 0 && !allowedElsewhere));
    return layers.set(type, layer(type, present, scan, denied));
  };
  const judgeLevels = (type: PolicyType, levels: readonly (readonly CompiledPolicy[])[], eachMustAllow: boolean) =>
    layers.set(type, isUnknown(type) ? unknownLayer(type) : levelLayer(type, levels, scope, eachMustAllow));

  if (!isService) {
    // A grant to the caller (not merely to its account) stands in for the identity Allow.
    judge(
      'identity',
      request.identityPolicies ?? [],
      true,
      grantedDirectly || (grant !== undefined && grant.kind !== 'account'),
    );
    const boundary = request.permissionsBoundary ?? undefined;
    judge('permissions-boundary', boundary ? [boundary] : [], boundary !== undefined, grantedDirectlyToSession);
    const session = request.sessionPolicy ?? undefined;
    judge('session', session ? [session] : [], session !== undefined, grantedDirectlyToSession);
    judgeLevels('scp', request.scps ?? [], true);
    // RCPs do not apply to AWS service principals:
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
    judgeLevels('rcp', request.rcps ?? [], false);
  }
  judgeLevels(
    'vpc-endpoint',
    (request.vpcEndpointPolicies ?? []).map((policy) => [policy]),
    true,
  );

  const ordered: LayerEvaluation[] = [];
  const blockedBy: PolicyType[] = [];
  let explicit = false;
  let anyUnknown = false;
  for (const type of POLICY_TYPES) {
    let evaluated = layers.get(type);
    if (evaluated === undefined) continue;
    // Part of the layer is missing: a missing policy could hold the Allow it lacks.
    if (evaluated.denied && evaluated.denies.length === 0 && evidence[type] === 'deny-only')
      evaluated = unknownLayer(type);
    ordered.push(evaluated);
    if (evaluated.denied) blockedBy.push(type);
    if (evaluated.denies.length > 0) explicit = true;
    if (evaluated.unknown) anyUnknown = true;
  }
  return {
    decision: explicit
      ? 'ExplicitlyDenied'
      : blockedBy.length > 0
        ? 'ImplicitlyDenied'
        : anyUnknown
          ? 'Unknown'
          : 'Allowed',
    blockedBy,
    layers: ordered,
    grantedDirectly,
    grantedDirectlyToSession,
    ...(grant !== undefined && { kmsGrant: grant.grant }),
  };
}
