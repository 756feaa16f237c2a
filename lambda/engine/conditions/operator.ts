import type { NormalizedContext } from '../context';

/**
 * No policy value matched, and the request value or a policy value is one the operator cannot
 * read (an address, number or date that does not parse, a value that is not an ARN): neither the
 * operator nor its negation can be told (docs/engine.md, "Fail-open review").
 */
export const UNREADABLE = 'unreadable';
/**
 * No policy value matched, and one of them holds a policy variable without a value: the positive
 * operator is false either way, the negated one is undecided (docs/engine.md, "Fail-open review").
 */
export const UNRESOLVED = 'unresolved';

/** A request value against the policy values: true (one matches), false (none does), or undecided. */
export type Match = boolean | typeof UNREADABLE | typeof UNRESOLVED;

/**
 * Whether one request value matches ANY of the operator's policy values (values are OR-ed,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
 * The context is there for policy variables in the policy values.
 */
export type ValueMatcher = (requestValue: string, ctx: NormalizedContext) => Match;

/** The test of one condition key under one operator; undefined: it cannot be decided. */
export type KeyTest = (ctx: NormalizedContext) => boolean | undefined;

/**
 * An operator that compares request values with policy values (every family but `Null`).
 * A negated operator (`StringNotEquals`, `NotIpAddress`, ...) shares the matcher of its positive
 * form: it holds for a request value that matches NONE of the policy values.
 */
export interface ValueOperator {
  readonly kind: 'value';
  readonly negated: boolean;
  /** Parses and compiles the policy values once; a value the family cannot read matches nothing. */
  compile(policyValues: readonly string[]): ValueMatcher;
}

/** An operator that tests the key itself rather than its values (`Null`). */
interface KeyOperator {
  readonly kind: 'key';
  compile(lowerCasedKey: string, policyValues: readonly string[]): KeyTest;
}

export type OperatorDefinition = ValueOperator | KeyOperator;

/** Builds a positive operator and its negated form from one matcher compiler. */
export function operatorPair(
  compile: ValueOperator['compile'],
): readonly [positive: ValueOperator, negated: ValueOperator] {
  return [
    { kind: 'value', negated: false, compile },
    { kind: 'value', negated: true, compile },
  ];
}

/** Matches when any compiled policy value accepts the request value. */
export function anyOf<T, V = string>(
  compiled: readonly T[],
  test: (item: T, value: V) => boolean,
): (value: V) => boolean {
  if (compiled.length === 0) return () => false;
  if (compiled.length === 1) {
    const only = compiled[0];
    return (value) => test(only, value);
  }
  return (value) => {
    for (const item of compiled) if (test(item, value)) return true;
    return false;
  };
}
