import { EMPTY_CONTEXT } from '../../context';
import { equalsIgnoreCase } from '../../match/fold';
import { compilePattern, compileStringTemplate } from '../../variables';
import { anyOf, operatorPair, type OperatorDefinition, UNRESOLVED, type ValueMatcher } from '../operator';

/**
 * String operators
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String).
 * Policy variables are substituted in their values
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse);
 * a value whose variable has no value and no default matches nothing, and leaves a negated
 * operator undecided (`UNRESOLVED`, docs/engine.md, "Fail-open review").
 */

/** Exact, case-sensitive matching (or case-insensitive with `ignoreCase`). */
function compileEquals(ignoreCase: boolean) {
  return (policyValues: readonly string[]): ValueMatcher => {
    const templates = policyValues.map(compileStringTemplate);
    if (templates.some((template) => template.hasVariables)) {
      const equal = ignoreCase ? equalsIgnoreCase : (a: string, b: string) => a === b;
      return (value, ctx) => {
        let unresolved = false;
        for (const template of templates) {
          const expected = template.resolve(ctx);
          if (expected === null) unresolved = true;
          else if (equal(value, expected)) return true;
        }
        return unresolved ? UNRESOLVED : false;
      };
    }
    const fixed = templates.map((template) => template.resolve(EMPTY_CONTEXT) as string);
    if (ignoreCase) return anyOf(fixed, (expected, value) => equalsIgnoreCase(value, expected));
    if (fixed.length > 4) {
      const set = new Set(fixed);
      return (value) => set.has(value);
    }
    return anyOf(fixed, (expected, value) => value === expected);
  };
}

/** Case-sensitive matching with `*` and `?` anywhere in the value. */
function compileLike(policyValues: readonly string[]): ValueMatcher {
  const patterns = policyValues.map((value) => compilePattern(value));
  if (patterns.some((pattern) => pattern.hasVariables)) {
    return (value, ctx) => {
      let unresolved = false;
      for (const pattern of patterns) {
        const glob = pattern.resolve(ctx);
        if (glob === null) unresolved = true;
        else if (glob.matches(value)) return true;
      }
      return unresolved ? UNRESOLVED : false;
    };
  }
  const globs = patterns.map((pattern) => pattern.resolve(EMPTY_CONTEXT)!);
  return anyOf(globs, (glob, value) => glob.matches(value));
}

const [stringEquals, stringNotEquals] = operatorPair(compileEquals(false));
const [stringEqualsIgnoreCase, stringNotEqualsIgnoreCase] = operatorPair(compileEquals(true));
const [stringLike, stringNotLike] = operatorPair(compileLike);

export const STRING_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  StringEquals: stringEquals,
  StringNotEquals: stringNotEquals,
  StringEqualsIgnoreCase: stringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase: stringNotEqualsIgnoreCase,
  StringLike: stringLike,
  StringNotLike: stringNotLike,
};
