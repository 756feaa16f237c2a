/**
 * Parsing and compiling a policy document (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html; docs/engine.md), once per document.
 *
 * Validation is lenient: the documents come from accounts where AWS already accepted them. The
 * only errors are unparsable JSON, a statement without `Effect` or without `Action`/`NotAction`,
 * and an unknown condition operator; each is a PolicyError naming the policy, the statement and
 * the problem. Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { isObject, MAX_JSON_DEPTH, tooDeep } from '../json';
import { readPolicyValues } from './conditions/values';
import { BoundedMemo } from '../memo';
import type { Caller } from './arn';
import { checkCondition, compileCondition, type CompiledCondition } from './conditions/index';
import type { NormalizedContext } from './context';
import { PolicyError } from './errors';
import { equalsIgnoreCase } from './match/fold';
import { compileGlob, type Glob } from './match/glob';
import { compilePrincipal, compileNotPrincipal, type PrincipalMatcher, type PrincipalMatchKind } from './principal';
import type { CompiledPolicy, CompiledStatement, PolicyType } from './types';
import { compilePattern, type PatternTemplate } from './variables';

/** What names a policy for `compilePolicy`. */
export interface PolicyMeta {
  policyType: PolicyType;
  name?: string;
  arn?: string;
}

/**
 * The request's resource, classified once per request (docs/engine.md, "The model"):
 * - `star`: exactly `*`, matched literally;
 * - `set`: an ARN with `*` after its prefix, standing for every resource it covers;
 * - `literal`: one resource.
 */
export type RequestResource =
  { kind: 'star'; text: '*' } | { kind: 'set'; text: string; glob: Glob } | { kind: 'literal'; text: string };

// A batch asks about the same prefixes again and again; their globs memoise containment answers.
const setResources = new BoundedMemo<string, RequestResource>(1024);

const setResource = (resource: string): RequestResource => ({
  kind: 'set',
  text: resource,
  glob: compileGlob(resource),
});

/** Classifies a request resource (docs/engine.md, "The model"). */
export function classifyResource(resource: string): RequestResource {
  if (resource === '*') return { kind: 'star', text: '*' };
  if (!resource.includes('*')) return { kind: 'literal', text: resource };
  return setResources.get(resource, setResource);
}

/** A compiled statement with the matchers the evaluator uses. */
export interface EvaluableStatement extends CompiledStatement {
  /**
   * Whether the statement's Resource / NotResource element applies to `resource` for its effect;
   * undefined when a NotResource pattern's policy variable has no value (docs/engine.md, "Fail-open review").
   */
  matchesResource(resource: RequestResource, ctx: NormalizedContext): boolean | undefined;
  /**
   * How the statement's Principal / NotPrincipal names the caller; `role` when it has neither.
   * `hasBoundary`: the caller has a permissions boundary, which a Deny's NotPrincipal never
   * excludes (docs/engine.md, "NotPrincipal").
   */
  matchPrincipal(caller: Caller, hasBoundary?: boolean): PrincipalMatchKind;
  /** Whether the statement's conditions hold (true without a Condition element); undefined: undecided. */
  conditionsHold(ctx: NormalizedContext): boolean | undefined;
  /** Whether a Resource / NotResource pattern has a policy variable: its reach then depends on the context. */
  resourceReadsContext(): boolean;
}

/** A compiled policy with its statements indexed by action. */
export interface EvaluablePolicy extends CompiledPolicy {
  statements: EvaluableStatement[];
  /** The statements whose Action / NotAction covers `action`, computed once per action. */
  statementsFor(action: string): EvaluableStatement[];
}

/** The compiled policy's evaluable form; throws TypeError for an object `compilePolicy` did not build. */
export function asEvaluable(policy: CompiledPolicy): EvaluablePolicy {
  if (!(policy instanceof Policy)) {
    throw new TypeError(`policy ${describePolicy(policy)} was not built by compilePolicy`);
  }
  return policy;
}

/** "policy 'NAME' (ARN, TYPE)" for messages. */
function describePolicy(meta: PolicyMeta): string {
  const label = meta.name ?? meta.arn;
  const details = [meta.name !== undefined ? meta.arn : undefined, meta.policyType].filter(Boolean).join(', ');
  return label === undefined ? `${meta.policyType} policy` : `policy '${label}' (${details})`;
}

function fail(meta: PolicyMeta, problem: string, cause?: unknown): never {
  throw new PolicyError(`${describePolicy(meta)}: ${problem}`, cause === undefined ? undefined : { cause });
}

// IAM's APIs return documents URL-encoded (RFC 3986):
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
function parseText(text: string, meta: PolicyMeta): unknown {
  try {
    return JSON.parse(text);
  } catch (jsonError) {
    if (!text.includes('%')) fail(meta, `is not valid JSON (${(jsonError as Error).message})`, jsonError);
    try {
      return JSON.parse(decodeURIComponent(text));
    } catch (decodedError) {
      return fail(meta, `is neither JSON nor URL-encoded JSON (${(decodedError as Error).message})`, decodedError);
    }
  }
}

function parseDocument(document: unknown, meta: PolicyMeta, options?: CompileOptions): Record<string, unknown> {
  let value = document;
  // A JSON string may hold a JSON string once more (a document stored as a string field).
  for (let depth = 0; typeof value === 'string' && depth < 2; depth++) value = parseText(value, meta);
  if (!isObject(value)) fail(meta, 'is not a JSON object');
  // The policy grammar nests 6 levels; deeper is no policy, and no walk over it must overflow.
  if (value !== document || options?.shallow !== true) {
    const deep = tooDeep(value);
    if (deep !== undefined) fail(meta, `${deep} nests deeper than ${MAX_JSON_DEPTH} levels, which no policy does`);
  }
  return value;
}

/** How a document is compiled. */
export interface CompileOptions {
  /**
   * The caller has measured that the document (an object) nests at most MAX_JSON_DEPTH levels:
   * it is not walked again to measure it (a document of a request whose text the `simulate`
   * scanner counted the levels of). A document given as a JSON string is measured regardless.
   */
  shallow?: boolean;
}

/** A string or list element read as a list of strings: the same reading as a condition's values. */
const toStringList = readPolicyValues;

function toPrincipalElement(value: unknown): Record<string, string[]> | '*' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === '*') return '*';
  if (typeof value === 'string') return { AWS: [value] };
  if (!isObject(value)) return undefined;
  const element: Record<string, string[]> = {};
  for (const [key, entries] of Object.entries(value)) element[key] = toStringList(entries);
  return element;
}

/** Distinct actions indexed per policy before the index starts over (bounds memory on open input). */
const ACTION_INDEX_LIMIT = 4096;

const EMPTY_CONTEXT: NormalizedContext = { get: () => undefined };

interface ResourcePattern {
  template: PatternTemplate;
  /** The glob of a pattern without variables, resolved once. */
  fixed: Glob | null | undefined;
}

/**
 * Compiled patterns shared by every statement that writes the same text: documents repeat the
 * same actions and resources (`s3:GetObject`, `*`, a bucket's ARN) far more than they differ.
 * A compiled pattern depends on its text only (its memos on the other pattern's text), so
 * sharing it is safe. Bounded, so a run over arbitrary documents cannot grow them forever.
 */
const actionGlobs = new BoundedMemo<string, Glob>(4096);
const resourcePatterns = new BoundedMemo<string, ResourcePattern>(4096);

function compileActionGlob(pattern: string): Glob {
  return compileGlob(pattern, { ignoreCase: true });
}

function compileResourcePattern(pattern: string): ResourcePattern {
  const template = compilePattern(pattern);
  return { template, fixed: template.hasVariables ? undefined : template.resolve(EMPTY_CONTEXT) };
}

function resourcePatternsOf(patterns: string[]): ResourcePattern[] {
  return patterns.map((pattern) => resourcePatterns.get(pattern, compileResourcePattern));
}

function resolve(pattern: ResourcePattern, ctx: NormalizedContext): Glob | null {
  return pattern.fixed !== undefined ? pattern.fixed : pattern.template.resolve(ctx);
}

/** The pattern matches every resource of the request (Allow) / some resource of it (Deny). */
function reaches(glob: Glob | null, resource: RequestResource, every: boolean): boolean {
  if (glob === null) return false;
  if (resource.kind !== 'set') return glob.matches(resource.text);
  return every ? glob.covers(resource.glob) : glob.overlaps(resource.glob);
}

/**
 * What a pattern whose policy variable names an unknowable key counts as (docs/engine.md,
 * "Unknowable context keys"): whether the statement holds in this world; undefined when its
 * variables are known.
 */
function assumedReach(pattern: ResourcePattern, ctx: NormalizedContext): boolean | undefined {
  if (ctx.assumed === undefined || pattern.fixed !== undefined) return undefined;
  for (const key of pattern.template.variableKeys) {
    const assumed = ctx.assumed(key);
    if (assumed !== undefined) return assumed;
  }
  return undefined;
}

/**
 * Whether one pattern reaches the request. `negated` (NotResource): a pattern of unknowable
 * value reaches it when the statement does not hold in this world; one whose policy variable has
 * no value leaves it undecided (undefined) when no other pattern reaches it: AWS says both that
 * such a variable makes "the entire statement" invalid and that its value is "effectively null"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), and the
 * two readings disagree only for NotResource (docs/engine.md, "Fail-open review").
 */
function reachesAny(
  patterns: ResourcePattern[],
  ctx: NormalizedContext,
  resource: RequestResource,
  every: boolean,
  negated = false,
): boolean | undefined {
  let unresolved = false;
  for (const pattern of patterns) {
    const assumed = assumedReach(pattern, ctx);
    if (assumed !== undefined) {
      if (assumed !== negated) return true;
      continue;
    }
    const glob = resolve(pattern, ctx);
    if (glob === null) unresolved = negated;
    else if (reaches(glob, resource, every)) return true;
  }
  return unresolved ? undefined : false;
}

/**
 * Whether a pattern of an Action / NotAction element matches `action`, case-insensitively
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 * A pattern without a wildcard (most of them) is compared as it is: what its compiled glob would
 * do, without looking the glob up (most statements of a batch are asked about one action once).
 */
function matchesAnyAction(patterns: readonly string[], action: string): boolean {
  for (const pattern of patterns) {
    const matched =
      pattern.includes('*') || pattern.includes('?')
        ? actionGlobs.get(pattern, compileActionGlob).matches(action)
        : equalsIgnoreCase(pattern, action);
    if (matched) return true;
  }
  return false;
}

/** A parsed statement: the compiled statement's raw elements, before matching is compiled. */
type StatementParts = Omit<CompiledStatement, 'matchesAction'>;

/**
 * A statement whose matchers are compiled on first use: in a batch, most documents are read for
 * one request, and most of their statements are never asked more than whether they cover its
 * action. What can make a document invalid (an unknown condition operator) is checked when the
 * statement is parsed, so compiling later changes no answer.
 */
class Statement implements EvaluableStatement {
  declare public readonly index: number;
  declare public readonly sid?: string;
  declare public readonly effect: 'Allow' | 'Deny';
  declare public readonly actions?: string[];
  declare public readonly notActions?: string[];
  declare public readonly resources?: string[];
  declare public readonly notResources?: string[];
  declare public readonly principal?: Record<string, string[]> | '*';
  declare public readonly notPrincipal?: Record<string, string[]> | '*';
  declare public readonly condition?: Record<string, Record<string, unknown>>;
  readonly #usesPrincipal: boolean;
  #resourcePatterns: ResourcePattern[] | undefined;
  #notResourcePatterns: ResourcePattern[] | undefined;
  /** null: the statement has none (or its policy type ignores principals). */
  #principal: PrincipalMatcher | null | undefined;
  #notPrincipal: PrincipalMatcher | null | undefined;
  #condition: CompiledCondition | undefined;

  public constructor(parts: StatementParts, usesPrincipal: boolean) {
    // Every field set, in one order, whether the statement has it or not: every statement then
    // has the same shape, and the engine's reads of them stay monomorphic.
    this.index = parts.index;
    this.sid = parts.sid;
    this.effect = parts.effect;
    this.actions = parts.actions;
    this.notActions = parts.notActions;
    this.resources = parts.resources;
    this.notResources = parts.notResources;
    this.principal = parts.principal;
    this.notPrincipal = parts.notPrincipal;
    this.condition = parts.condition;
    this.#usesPrincipal = usesPrincipal;
  }

  public matchesAction(action: string): boolean {
    if (this.actions !== undefined && !matchesAnyAction(this.actions, action)) return false;
    if (this.notActions !== undefined && matchesAnyAction(this.notActions, action)) return false;
    return true;
  }

  public matchesResource(resource: RequestResource, ctx: NormalizedContext): boolean | undefined {
    // An Allow must reach every resource of the request, a Deny any of them (docs/engine.md, "The model").
    const every = this.effect === 'Allow';
    if (this.resources !== undefined) {
      this.#resourcePatterns ??= resourcePatternsOf(this.resources);
      if (!reachesAny(this.#resourcePatterns, ctx, resource, every)) return false;
    }
    // NotResource: an Allow applies when no pattern touches the request; a Deny unless one covers all of it.
    if (this.notResources !== undefined) {
      this.#notResourcePatterns ??= resourcePatternsOf(this.notResources);
      const excluded = reachesAny(this.#notResourcePatterns, ctx, resource, !every, true);
      if (excluded !== false) return excluded === undefined ? undefined : false;
    }
    return true;
  }

  public resourceReadsContext(): boolean {
    if (this.resources !== undefined) {
      this.#resourcePatterns ??= resourcePatternsOf(this.resources);
      if (this.#resourcePatterns.some((p) => p.fixed === undefined)) return true;
    }
    if (this.notResources !== undefined) {
      this.#notResourcePatterns ??= resourcePatternsOf(this.notResources);
      if (this.#notResourcePatterns.some((p) => p.fixed === undefined)) return true;
    }
    return false;
  }

  public matchPrincipal(caller: Caller, hasBoundary = false): PrincipalMatchKind {
    if (this.#principal === undefined) this.compilePrincipals();
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified in the NotPrincipal
    // element": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    if (hasBoundary && this.effect === 'Deny' && this.#usesPrincipal && this.notPrincipal !== undefined) {
      return this.principal !== undefined && this.#principal ? this.#principal.match(caller) : 'role';
    }
    // A policy attached to a resource must name its principals ("You must use the Principal element
    // in resource-based policies", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html;
    // endpoint policies too). Without one, an Allow grants no one and a Deny applies to everyone
    // (docs/engine.md, "Fail-open review").
    if (this.#usesPrincipal && this.principal === undefined && this.notPrincipal === undefined)
      return this.effect === 'Allow' ? 'none' : 'role';
    const kind = this.#principal ? this.#principal.match(caller) : 'role';
    return this.#notPrincipal && this.#notPrincipal.match(caller) === 'none' ? 'none' : kind;
  }

  public conditionsHold(ctx: NormalizedContext): boolean | undefined {
    if (this.condition === undefined) return true;
    this.#condition ??= compileCondition(this.condition);
    return this.#condition.test(ctx);
  }

  private compilePrincipals(): void {
    const { principal, notPrincipal } = this;
    const uses = this.#usesPrincipal;
    this.#principal = !uses
      ? null
      : principal !== undefined
        ? compilePrincipal(principal)
        : notPrincipal !== undefined
          ? compileNotPrincipal(notPrincipal)
          : null;
    this.#notPrincipal =
      uses && principal !== undefined && notPrincipal !== undefined ? compileNotPrincipal(notPrincipal) : null;
  }
}

function compileStatement(parts: StatementParts, usesPrincipal: boolean, meta: PolicyMeta): EvaluableStatement {
  if (parts.condition !== undefined) {
    try {
      checkCondition(parts.condition);
    } catch (error) {
      fail(meta, `statement ${statementLabel(parts)}: ${(error as Error).message}`, error);
    }
  }
  return new Statement(parts, usesPrincipal);
}

function statementLabel(parts: { index: number; sid?: string }): string {
  return parts.sid !== undefined && parts.sid !== '' ? `'${parts.sid}' (#${parts.index})` : `#${parts.index}`;
}

function parseStatement(raw: unknown, index: number, meta: PolicyMeta): StatementParts {
  if (!isObject(raw)) fail(meta, `statement #${index}: is not an object (no Effect)`);
  const sid = raw.Sid === undefined || raw.Sid === null ? undefined : String(raw.Sid);
  // The label is for messages only: built when one is needed.
  const failStatement = (problem: string): never =>
    fail(meta, `statement ${statementLabel({ index, sid })}: ${problem}`);
  const effect = typeof raw.Effect === 'string' ? raw.Effect.toLowerCase() : undefined;
  if (effect !== 'allow' && effect !== 'deny') {
    failStatement(`has no Effect of Allow or Deny (got ${JSON.stringify(raw.Effect) ?? 'none'})`);
  }
  if (!('Action' in raw) && !('NotAction' in raw)) failStatement('has neither Action nor NotAction');
  // An element written as an object or null names no action or resource: read leniently it would
  // match nothing (Action) or, as an absent Resource, everything. IAM's grammar allows a string
  // or a list of strings only (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
  const list = (element: 'Action' | 'NotAction' | 'Resource' | 'NotResource'): string[] | undefined => {
    if (!(element in raw)) return undefined;
    const value = raw[element];
    if (typeof value !== 'string' && !Array.isArray(value)) {
      failStatement(
        `${element} is ${value === null ? 'null' : isObject(value) ? 'an object' : JSON.stringify(value)}, not a string or a list of strings`,
      );
    }
    return toStringList(value);
  };
  const condition = raw.Condition === undefined || raw.Condition === null ? undefined : raw.Condition;
  // Every field, in one order (see Statement).
  return {
    index,
    sid,
    effect: effect === 'allow' ? 'Allow' : 'Deny',
    actions: list('Action'),
    notActions: list('NotAction'),
    resources: list('Resource'),
    notResources: list('NotResource'),
    principal: toPrincipalElement(raw.Principal),
    notPrincipal: toPrincipalElement(raw.NotPrincipal),
    condition: condition as Record<string, Record<string, unknown>> | undefined,
  };
}

// Principal / NotPrincipal decide only in policies attached to a resource (resource and VPC
// endpoint policies, RCPs); identity policies, boundaries, SCPs and session policies have none:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
const PRINCIPAL_POLICY_TYPES: ReadonlySet<PolicyType> = new Set(['resource', 'vpc-endpoint', 'rcp']);

/**
 * Parses and compiles a policy document: an object, a JSON string or a URL-encoded JSON string.
 *
 * Action patterns are compiled case-insensitively, Resource patterns as templates with policy
 * variables, principals and conditions once. A statement without Resource / NotResource applies
 * to every resource: in a resource policy, the resource that holds the policy (docs/engine.md).
 *
 * @throws PolicyError for unparsable JSON, a statement without Effect or Action/NotAction, or an
 *   unknown condition operator.
 * @example
 * const policy = compilePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
 *   { policyType: 'identity', name: 'inline' });
 */
export function compilePolicy(document: unknown, meta: PolicyMeta, options?: CompileOptions): CompiledPolicy {
  const parsed = parseDocument(document, meta, options);
  const rawStatements =
    parsed.Statement === undefined ? [] : Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  const usesPrincipal = PRINCIPAL_POLICY_TYPES.has(meta.policyType);
  const statements = rawStatements.map((raw, index) =>
    compileStatement(parseStatement(raw, index, meta), usesPrincipal, meta),
  );
  return new Policy(meta, statements);
}

/** A compiled policy; its statements are indexed by action as requests ask. */
class Policy implements EvaluablePolicy {
  declare public readonly policyType: PolicyType;
  declare public readonly name?: string;
  declare public readonly arn?: string;
  declare public readonly statements: EvaluableStatement[];
  // Most policies of a batch are asked about one action: that one needs no map.
  #firstAction: string | undefined;
  #firstFound: EvaluableStatement[] = [];
  #byAction: Map<string, EvaluableStatement[]> | undefined;

  public constructor(meta: PolicyMeta, statements: EvaluableStatement[]) {
    // One shape for every policy, named or not (see Statement).
    this.policyType = meta.policyType;
    this.name = meta.name;
    this.arn = meta.arn;
    this.statements = statements;
  }

  public statementsFor(action: string): EvaluableStatement[] {
    if (action === this.#firstAction) return this.#firstFound;
    if (this.#firstAction === undefined) {
      this.#firstAction = action;
      this.#firstFound = this.statements.filter((statement) => statement.matchesAction(action));
      return this.#firstFound;
    }
    this.#byAction ??= new Map();
    let found = this.#byAction.get(action);
    if (found === undefined) {
      if (this.#byAction.size >= ACTION_INDEX_LIMIT) this.#byAction.clear();
      found = this.statements.filter((statement) => statement.matchesAction(action));
      this.#byAction.set(action, found);
    }
    return found;
  }
}
