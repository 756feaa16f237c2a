import { isObject } from '../../json';
import type { NormalizedContext } from '../context';
import { type KeyTest, type Match, UNREADABLE, type ValueMatcher } from './operator';
import { parseOperator, SET_OPERATORS, type ParsedOperator } from './registry';
import { readPolicyValues } from './values';
import { parseTemplate } from '../variables';

/** A compiled `Condition` block: keys AND-ed, values OR-ed; undefined when it cannot be decided. */
export interface CompiledCondition {
  test(ctx: NormalizedContext): boolean | undefined;
}

const ALWAYS: CompiledCondition = { test: () => true };

/**
 * The result for a key the request does not carry (absent, or an empty list: a null data set).
 * "If the key that you specify in a policy condition is not present in the request context, the
 * values do not match and the condition is false. If the policy condition requires that the key is
 * not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
 * condition is true"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html);
 * `...IfExists` is true; `ForAllValues` "also returns true if there are no context keys in the
 * request", and when "the key values in the request resolve to an empty data set ... ForAllValues
 * returns true, and ... ForAnyValue returns false"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 * Where two rules meet (`ForAnyValue:StringNotEquals`), `IfExists` wins, then the set operator,
 * then negation (docs/engine-conditions.md).
 */
function whenAbsent(operator: ParsedOperator, negated: boolean): boolean {
  if (operator.ifExists) return true;
  if (operator.set === SET_OPERATORS.ForAllValues) return true;
  if (operator.set === SET_OPERATORS.ForAnyValue) return false;
  return negated;
}

/** Whether one request value satisfies the positive operator: an unresolved variable is a non-match. */
const positive = (match: Match): boolean | undefined => (match === UNREADABLE ? undefined : match === true);

/** Whether one request value satisfies the negated operator (matches none): undecided unless known. */
const negative = (match: Match): boolean | undefined => (typeof match === 'boolean' ? !match : undefined);

/**
 * One key under a value operator. Without a set operator a request value list is read like
 * `ForAnyValue` for the positive form (some request value matches) and as "no request value
 * matches" for the negated form, so that a negated operator is always the negation of its positive
 * form on a present key (docs/engine-conditions.md). Three-valued: a value that cannot be decided
 * (`UNREADABLE`, `UNRESOLVED`) decides nothing, and the key is undecided when the other values do
 * not decide it either (docs/engine.md, "Fail-open review").
 */
function valueKeyTest(operator: ParsedOperator, key: string, match: ValueMatcher, negated: boolean): KeyTest {
  const absent = whenAbsent(operator, negated);
  const truth = negated ? negative : positive;
  // Some value must hold (ForAnyValue, and the positive form without a set operator), or every one.
  const every = operator.set === SET_OPERATORS.ForAllValues || (operator.set !== SET_OPERATORS.ForAnyValue && negated);
  if (!every && !negated) {
    // The common case (a positive operator, some value must match), without a call per value.
    return (ctx) => {
      const values = ctx.get(key);
      if (values === undefined || values.length === 0) return absent;
      let undecided = false;
      for (const value of values) {
        const found = match(value, ctx);
        if (found === true) return true;
        if (found === UNREADABLE) undecided = true;
      }
      return undecided ? undefined : false;
    };
  }
  return (ctx) => {
    const values = ctx.get(key);
    if (values === undefined || values.length === 0) return absent;
    let undecided = false;
    for (const value of values) {
      const holds = truth(match(value, ctx));
      if (holds === undefined) undecided = true;
      else if (holds !== every) return holds;
    }
    return undecided ? undefined : every;
  };
}

/** One key's test, with the context keys it reads: the key and the policy variables of its values. */
interface KeyCheck {
  test: KeyTest;
  reads: readonly string[];
}

/** The keys of the policy variables in condition values (`${aws:PrincipalTag/team}`). */
function variableKeys(values: readonly string[]): string[] {
  const keys: string[] = [];
  for (const value of values) {
    if (!value.includes('${')) continue;
    for (const part of parseTemplate(value)) if (part.kind === 'variable') keys.push(part.key);
  }
  return keys;
}

function compileKey(operator: ParsedOperator, key: string, raw: unknown): KeyCheck {
  const values = readPolicyValues(raw);
  const lowerCasedKey = key.toLowerCase();
  const { definition } = operator;
  const reads = [key, ...variableKeys(values)];
  if (definition.kind === 'key') return { test: definition.compile(lowerCasedKey, values), reads };
  return { test: valueKeyTest(operator, lowerCasedKey, definition.compile(values), definition.negated), reads };
}

/**
 * What a key's test counts as when it reads an unknowable key (docs/engine.md, "Unknowable
 * context keys"): the context's assumption for the statement; undefined when every key it reads
 * is known.
 */
function assumedResult(check: KeyCheck, ctx: NormalizedContext): boolean | undefined {
  if (ctx.assumed === undefined) return undefined;
  for (const key of check.reads) {
    const assumed = ctx.assumed(key);
    if (assumed !== undefined) return assumed;
  }
  return undefined;
}

function runCheck(check: KeyCheck, ctx: NormalizedContext): boolean | undefined {
  return assumedResult(check, ctx) ?? check.test(ctx);
}

/**
 * Checks what would make compiling a `Condition` block fail (an unknown operator), without
 * compiling it: a statement's condition is compiled when a request first reaches it.
 *
 * @throws PolicyError naming the operator when an operator is unknown.
 */
export function checkCondition(block: unknown): void {
  if (!isObject(block)) return;
  for (const name of Object.keys(block)) parseOperator(name);
}

/**
 * Compiles a `Condition` block once, for evaluation against many requests
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 *
 * Every operator and every key must hold (AND); the values of one key are OR-ed (for a negated
 * operator: no value may match). Condition keys are case-insensitive; operator names are not.
 * An absent block (`undefined`, `null`) always holds.
 *
 * Lenient with policies AWS already accepted (docs/engine-conditions.md, "Malformed condition blocks"): only an unknown operator is an error. A block that is not an
 * object, or an operator whose value is not an object of keys, adds no test (the statement reads as
 * if that part were not written); values that are not strings, numbers or booleans are dropped
 * (docs/engine-conditions.md).
 *
 * @throws PolicyError naming the operator when an operator is unknown.
 * @example
 * compileCondition({ StringEquals: { 'aws:PrincipalTag/team': 'ml' } })
 *   .test(normalizeContext({ 'aws:principaltag/team': 'ml' })); // true
 */
export function compileCondition(block: unknown): CompiledCondition {
  if (block === undefined || block === null) return ALWAYS;
  if (!isObject(block)) return ALWAYS;
  const checks: KeyCheck[] = [];
  for (const [name, keys] of Object.entries(block)) {
    const operator = parseOperator(name);
    if (!isObject(keys)) continue;
    for (const [key, raw] of Object.entries(keys)) checks.push(compileKey(operator, key, raw));
  }
  if (checks.length === 0) return ALWAYS;
  if (checks.length === 1) {
    const [only] = checks;
    return { test: (ctx) => (ctx.assumed === undefined ? only.test(ctx) : runCheck(only, ctx)) };
  }
  return {
    // AND: a key that fails decides; one that cannot be decided leaves the block undecided.
    test(ctx) {
      let undecided = false;
      for (const check of checks) {
        const holds = ctx.assumed === undefined ? check.test(ctx) : runCheck(check, ctx);
        if (holds === false) return false;
        if (holds === undefined) undecided = true;
      }
      return undecided ? undefined : true;
    },
  };
}
