/**
 * The public types of the IAM policy evaluation engine (docs/engine.md).
 *
 * The engine is pure TypeScript: no AWS SDK, no CDK. Policies are compiled once
 * (`compilePolicy`) and the compiled form is reused across requests.
 */

/** Policy layers, in the order every list of them is given (docs/formats/report.md, `blockedBy`). */
export const POLICY_TYPES = [
  'identity',
  'permissions-boundary',
  'resource',
  'scp',
  'rcp',
  'vpc-endpoint',
  'session',
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Condition context: values are strings or lists of strings (docs/formats/requests.md, `context`). */
export type RequestContext = Record<string, string | string[]>;

/** What names a policy in explanations and findings. */
interface PolicyIdentity {
  /** Policy name (inline or managed policy name, "bucket policy of X", ...). */
  name?: string;
  /** Policy ARN, or the ARN of the resource that holds it (bucket, key, repository). */
  arn?: string;
}

/** A KMS grant, as `ListGrants` returns it (only the fields the decision uses). */
export interface KmsGrant {
  GrantId?: string;
  GranteePrincipal: string;
  Operations: string[];
  Constraints?: {
    EncryptionContextSubset?: Record<string, string>;
    EncryptionContextEquals?: Record<string, string>;
  };
}

/** One statement that applied to a request, for explanations and findings. */
export interface StatementRef {
  policyType: PolicyType;
  policyName?: string;
  policyArn?: string;
  statementSid?: string;
  statementIndex: number;
  effect: 'Allow' | 'Deny';
  /** For `scp` / `rcp`: the level (0 = root). */
  level?: number;
  /**
   * A Deny whose NotPrincipal names the caller but that applies anyway: the caller has a
   * permissions boundary (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html).
   */
  notPrincipalIgnored?: true;
}

/** How one layer judged the request. */
export interface LayerEvaluation {
  policyType: PolicyType;
  /** false when the layer is absent (no boundary, no SCPs, ...) and so does not deny. */
  present: boolean;
  /** true when the diagnosis does not hold this layer's evidence: it neither allows nor denies. */
  unknown: boolean;
  /** Applicable Allow statements. */
  allows: StatementRef[];
  /** Applicable Deny statements. */
  denies: StatementRef[];
  /** Whether this layer denies the request (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). */
  denied: boolean;
  /** For `scp` / `rcp`: the levels without an applicable Allow (SCPs) */
  levelsWithoutAllow?: number[];
}

/** The engine's answer for one request. */
export interface Evaluation {
  /**
   * `Unknown` when `layerEvidence` marks layers and no known layer denies, or when the decision
   * depends on an unknowable key (`unknownKeys`; `dependsOn` names them).
   */
  decision: Decision | 'Unknown';
  /** Every layer that denies (for an `Unknown` decision: in every world), in POLICY_TYPES order; [] when Allowed. */
  blockedBy: PolicyType[];
  /**
   * For an `Unknown` decision that depends on unknowable keys: those keys as the policies write
   * them (and `permissions boundary` when whether the caller has one is not known).
   */
  dependsOn?: string[];
  /**
   * With `decision: Unknown`: the statements that could not be decided, and on which element
   * (docs/engine.md, "Fail-open review").
   */
  undecided?: string[];
  /** Per layer, in POLICY_TYPES order, the layers that were evaluated. */
  layers: LayerEvaluation[];
  /** The resource's account grants the request directly (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). */
  grantedDirectly: boolean;
  /** ...directly to the session (or user), which the boundary and session policy do not limit. */
  grantedDirectlyToSession: boolean;
  /** The KMS grant that stood in for the key policy and identity Allow, if any. */
  kmsGrant?: KmsGrant;
}

/**
 * A compiled policy document: parsed and compiled once, reused across requests.
 * Built by `compilePolicy` (policy.ts).
 */
export interface CompiledPolicy extends PolicyIdentity {
  policyType: PolicyType;
  statements: CompiledStatement[];
}

/** A compiled statement. The matching functions take the request's normalised context. */
export interface CompiledStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The raw `Action` / `NotAction` patterns (exactly one is set). */
  actions?: string[];
  notActions?: string[];
  /** The raw `Resource` / `NotResource` patterns; neither set: the statement names no resource. */
  resources?: string[];
  notResources?: string[];
  /** The raw `Principal` / `NotPrincipal` element (resource policies), normalised to lists. */
  principal?: Record<string, string[]> | '*';
  notPrincipal?: Record<string, string[]> | '*';
  /** The raw `Condition` block. */
  condition?: Record<string, Record<string, unknown>>;
  /** Whether the statement's Action / NotAction element covers `action` (case-insensitive). */
  matchesAction(action: string): boolean;
}

/**
 * How much of a layer's evidence the caller holds. `complete`: every policy of the layer.
 * `deny-only`: some of them (a policy that could not be read, KMS grants not known): the
 * layer's Denies count, but its lack of an Allow proves nothing, so it then counts as
 * `unknown`. `unknown`: none; the layer neither allows nor denies.
 */
export type LayerEvidence = 'complete' | 'deny-only' | 'unknown';
export type LayerEvidenceMap = Partial<Record<PolicyType, LayerEvidence>>;

/** One authorization request over compiled policies (the engine's input). */
export interface EvaluationRequest {
  /** Caller: role ARN, role session ARN, IAM user ARN, or a service principal (`sagemaker.amazonaws.com`). */
  principal: string;
  /** For a session: the role's full ARN with its path. */
  roleArn?: string;
  action: string;
  /** Resource ARN, `*` (literal), or an ARN with `*` after its prefix (a set of resources). */
  resource: string;
  /** The account that owns the resource (S3 ARNs carry none). */
  resourceAccount?: string;
  context?: RequestContext;
  identityPolicies?: CompiledPolicy[];
  /** At most one. */
  permissionsBoundary?: CompiledPolicy | null;
  resourcePolicy?: CompiledPolicy | null;
  /** SCP levels of the principal's account, root first; [] or absent: no SCPs. */
  scps?: CompiledPolicy[][];
  /** RCP levels of the resource's account, root first. */
  rcps?: CompiledPolicy[][];
  vpcEndpointPolicies?: CompiledPolicy[];
  sessionPolicy?: CompiledPolicy | null;
  kmsGrants?: KmsGrant[];
  /** How much of each layer the caller holds (the diagnosis only); a layer not listed is `complete`. */
  layerEvidence?: LayerEvidenceMap;
  /**
   * Context keys whose value cannot be known (patterns with `*`, case-insensitive), such as
   * `s3:ExistingObjectTag/*`: a condition on one is neither true nor false (docs/engine.md,
   * "Unknowable context keys"). Such a key is unknowable even where `context` gives it.
   */
  unknownKeys?: string[];
}
