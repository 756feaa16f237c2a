import { EMPTY_CONTEXT } from '../../context';
import { compileArnTokens, type ArnMatcher } from '../../match/arn';
import { compileTemplate } from '../../variables';
import { anyOf, operatorPair, type OperatorDefinition, type ValueMatcher } from '../operator';

/**
 * ARN operators. `ArnEquals` and `ArnLike` are the same test: "Case-sensitive matching of the ARN.
 * Each of the six colon-delimited components of the ARN is checked separately and each can include
 * multi-character match wildcards (*) or single-character match wildcards (?)"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
 * Policy variables are substituted in their values.
 */
function compileArn(policyValues: readonly string[]): ValueMatcher {
  const templates = policyValues.map((value) =>
    compileTemplate<ArnMatcher>(value, (tokens) => compileArnTokens(tokens)),
  );
  if (templates.some((template) => template.hasVariables)) {
    return (value, ctx) => {
      for (const template of templates) if (template.resolve(ctx)?.(value)) return true;
      return false;
    };
  }
  const matchers = templates.map((template) => template.resolve(EMPTY_CONTEXT)!);
  return anyOf(matchers, (matcher, value) => matcher(value));
}

const [arnLike, arnNotLike] = operatorPair(compileArn);

export const ARN_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  ArnEquals: arnLike,
  ArnLike: arnLike,
  ArnNotEquals: arnNotLike,
  ArnNotLike: arnNotLike,
};
