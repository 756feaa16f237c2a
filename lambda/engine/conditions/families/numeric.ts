import { orderedOperators } from './ordered';

/**
 * A decimal number: whole or fractional, optional sign and exponent. Anything else (empty text,
 * hexadecimal, `Infinity`, spaces) is unreadable, where `Number()` would read some as numbers.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a numeric condition value; NaN when it is not a decimal number. */
function parseNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

/**
 * Numeric operators: "You can use both whole integers or decimal numbers"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric).
 */
export const NUMERIC_OPERATORS = orderedOperators('Numeric', parseNumber);
