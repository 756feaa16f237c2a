import { BoundedMemo } from '../../memo';
import { PolicyError } from '../errors';
import { ARN_OPERATORS } from './families/arn';
import { BINARY_OPERATORS } from './families/binary';
import { BOOL_OPERATORS } from './families/bool';
import { DATE_OPERATORS } from './families/date';
import { IP_OPERATORS } from './families/ip';
import { NULL_OPERATORS } from './families/null';
import { NUMERIC_OPERATORS } from './families/numeric';
import { STRING_OPERATORS } from './families/string';
import type { OperatorDefinition } from './operator';

/** Every base operator, by its exact name. */
const OPERATORS: ReadonlyMap<string, OperatorDefinition> = new Map(
  Object.entries({
    ...STRING_OPERATORS,
    ...NUMERIC_OPERATORS,
    ...DATE_OPERATORS,
    ...BOOL_OPERATORS,
    ...BINARY_OPERATORS,
    ...IP_OPERATORS,
    ...ARN_OPERATORS,
    ...NULL_OPERATORS,
  }),
);

/**
 * Set operators for multivalued context keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
export const SET_OPERATORS = {
  ForAnyValue: 'ForAnyValue',
  ForAllValues: 'ForAllValues',
} as const;
type SetOperator = (typeof SET_OPERATORS)[keyof typeof SET_OPERATORS];

const IF_EXISTS = 'IfExists';

/** An operator name taken apart: `ForAllValues:StringLikeIfExists`. */
export interface ParsedOperator {
  readonly name: string;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
  readonly definition: OperatorDefinition;
}

/** Every base operator name the registry knows, for messages and tests. */
export function operatorNames(): string[] {
  return [...OPERATORS.keys()];
}

/**
 * Takes an operator name apart and finds its definition.
 *
 * Names are case-sensitive: IAM refuses `stringEquals` ("MalformedPolicyDocument: Invalid
 * Condition type : stringEquals", https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893),
 * so a name in another case is unknown. `...IfExists` can be added to any operator except `Null`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists).
 *
 * @throws PolicyError naming the operator when it is unknown.
 */
export function parseOperator(name: string): ParsedOperator {
  return parsedOperators.get(name, parseOperatorName);
}

// Documents write the same few operators again and again.
const parsedOperators = new BoundedMemo<string, ParsedOperator>(1024);

function parseOperatorName(name: string): ParsedOperator {
  let rest = name;
  let set: SetOperator | undefined;
  for (const prefix of Object.values(SET_OPERATORS)) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
      break;
    }
  }
  const direct = OPERATORS.get(rest);
  if (direct) return { name, set, ifExists: false, definition: direct };
  if (rest.endsWith(IF_EXISTS)) {
    const base = OPERATORS.get(rest.slice(0, -IF_EXISTS.length));
    if (base && base.kind === 'value') return { name, set, ifExists: true, definition: base };
  }
  throw new PolicyError(`unknown condition operator ${JSON.stringify(name)}`);
}
