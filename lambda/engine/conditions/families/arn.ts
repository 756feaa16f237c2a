import { EMPTY_CONTEXT } from '../../context';
import { compileArnTokens, type ArnMatcher } from '../../match/arn';
import { compileTemplate } from '../../variables';
import { anyOf, operatorPair, type OperatorDefinition, UNREADABLE, UNRESOLVED, type ValueMatcher } from '../operator';

/**
 * ARN operators. `ArnEquals` and `ArnLike` are the same test: "Case-sensitive matching of the ARN.
 * Each of the six colon-delimited components of the ARN is checked separately and each can include
 * multi-character match wildcards (*) or single-character match wildcards (?)"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
 * Policy variables are substituted in their values. A request value that is not an ARN has no
 * components to compare: neither `ArnLike` nor `ArnNotLike` holds (`UNREADABLE`); a variable
 * without a value leaves the negated operators undecided (`UNRESOLVED`, docs/engine.md, "Fail-open review").
 */
function compileArn(policyValues: readonly string[]): ValueMatcher {
  const templates = policyValues.map((value) =>
    compileTemplate<ArnMatcher>(value, (tokens) => compileArnTokens(tokens)),
  );
  if (templates.some((template) => template.hasVariables)) {
    return (value, ctx) => {
      if (!hasSixComponents(value)) return UNREADABLE;
      let unresolved = false;
      for (const template of templates) {
        const matcher = template.resolve(ctx);
        if (matcher === null) unresolved = true;
        else if (matcher(value)) return true;
      }
      return unresolved ? UNRESOLVED : false;
    };
  }
  const matchers = templates.map((template) => template.resolve(EMPTY_CONTEXT)!);
  const any = anyOf(matchers, (matcher, value: string) => matcher(value));
  return (value) => (hasSixComponents(value) ? any(value) : UNREADABLE);
}

/** Whether `value` has the six colon-delimited components of an ARN (the last may hold colons). */
function hasSixComponents(value: string): boolean {
  let colon = -1;
  for (let i = 0; i < 5; i++) {
    colon = value.indexOf(':', colon + 1);
    if (colon < 0) return false;
  }
  return true;
}

const [arnLike, arnNotLike] = operatorPair(compileArn);

export const ARN_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  ArnEquals: arnLike,
  ArnLike: arnLike,
  ArnNotEquals: arnNotLike,
  ArnNotLike: arnNotLike,
};
