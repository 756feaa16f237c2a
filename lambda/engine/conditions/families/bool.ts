import { equalsIgnoreCase } from '../../match/fold';
import { type OperatorDefinition, type ValueMatcher } from '../operator';

/**
 * `Bool` (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean):
 * `true` and `false`, read without regard to case on both sides (`"True"` in a policy is
 * `true`); any other value matches nothing. There is no negated form.
 */
function compileBool(policyValues: readonly string[]): ValueMatcher {
  const wantsTrue = policyValues.some((value) => equalsIgnoreCase(value, 'true'));
  const wantsFalse = policyValues.some((value) => equalsIgnoreCase(value, 'false'));
  return (value) => (wantsTrue && equalsIgnoreCase(value, 'true')) || (wantsFalse && equalsIgnoreCase(value, 'false'));
}

export const BOOL_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  Bool: { kind: 'value', negated: false, compile: compileBool },
};
