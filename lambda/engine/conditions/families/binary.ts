import { type OperatorDefinition, type ValueMatcher } from '../operator';

/** Standard base64, padding optional. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The bytes of a base64 text in canonical base64, or undefined when it is not base64. */
function canonicalBase64(text: string): string | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64').toString('base64') : undefined;
}

/**
 * `BinaryEquals` compares "the value of the specified key byte for byte against a base-64 encoded
 * representation of the binary value in the policy"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals).
 * The request context carries the binary value base64-encoded too, so both sides are decoded and
 * compared as bytes; a value that is not base64 matches nothing. There is no negated form.
 */
function compileBinaryEquals(policyValues: readonly string[]): ValueMatcher {
  const expected = new Set<string>();
  for (const value of policyValues) {
    const canonical = canonicalBase64(value);
    if (canonical !== undefined) expected.add(canonical);
  }
  return (value) => {
    const canonical = canonicalBase64(value);
    return canonical !== undefined && expected.has(canonical);
  };
}

export const BINARY_OPERATORS: Readonly<Record<string, OperatorDefinition>> = {
  BinaryEquals: { kind: 'value', negated: false, compile: compileBinaryEquals },
};
