import { equalsIgnoreCase } from '../../match/fold';
import type { KeyTest, OperatorDefinition } from '../operator';

/**
 * `Null` tests presence: `true` holds when the key is absent ("it is null"), `false` when it is
 * present (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null).
 * A key with an empty list of values is a null data set, so it counts as absent. Several values
 * are OR-ed; a value other than true/false matches nothing.
 */
function compileNull(lowerCasedKey: string, policyValues: readonly string[]): KeyTest {
  const whenAbsent = policyValues.some((value) => equalsIgnoreCase(value, 'true'));
  const whenPresent = policyValues.some((value) => equalsIgnoreCase(value, 'false'));
  return (ctx) => {
    const values = ctx.get(lowerCasedKey);
    return values === undefined || values.length === 0 ? whenAbsent : whenPresent;
  };
}

export const NULL_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  Null: { kind: 'key', compile: compileNull },
};
