import { equalsIgnoreCase } from '../../match/fold';
import { compileStringTemplate } from '../../variables';
import { type OperatorDefinition, type ValueMatcher } from '../operator';

const isTrue = (text: string): boolean => equalsIgnoreCase(text, 'true');
const isFalse = (text: string): boolean => equalsIgnoreCase(text, 'false');

/** Whether the request value and a policy value are the same boolean. */
const sameBoolean = (value: string, expected: string): boolean =>
  (isTrue(expected) && isTrue(value)) || (isFalse(expected) && isFalse(value));

/**
 * `Bool` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean):
 * `true` and `false`, read without regard to case on both sides (`"True"` in a policy is
 * `true`); any other value matches nothing. "You can use a policy variable with the Boolean
 * condition operator". There is no negated form.
 */
function compileBool(policyValues: readonly string[]): ValueMatcher {
  const templates = policyValues.map(compileStringTemplate);
  if (templates.some((template) => template.hasVariables)) {
    return (value, ctx) => {
      for (const template of templates) {
        const expected = template.resolve(ctx);
        if (expected !== null && sameBoolean(value, expected)) return true;
      }
      return false;
    };
  }
  const wantsTrue = policyValues.some(isTrue);
  const wantsFalse = policyValues.some(isFalse);
  return (value) => (wantsTrue && isTrue(value)) || (wantsFalse && isFalse(value));
}

export const BOOL_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  Bool: { kind: 'value', negated: false, compile: compileBool },
};
