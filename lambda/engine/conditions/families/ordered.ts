import { operatorPair, type OperatorDefinition, type ValueMatcher } from '../operator';

/** The six comparisons shared by the numeric and date operators. */
const COMPARISONS = {
  Equals: (request: number, policy: number) => request === policy,
  LessThan: (request: number, policy: number) => request < policy,
  LessThanEquals: (request: number, policy: number) => request <= policy,
  GreaterThan: (request: number, policy: number) => request > policy,
  GreaterThanEquals: (request: number, policy: number) => request >= policy,
} as const;

/**
 * The operators `<Prefix>Equals`, `<Prefix>NotEquals`, `<Prefix>LessThan`, ... over values that
 * `parse` reads as numbers (NaN: unreadable). Policy values are parsed once; an unreadable policy
 * value matches nothing, and so does an unreadable request value.
 */
export function orderedOperators(
  prefix: string,
  parse: (text: string) => number,
): Readonly<Record<string, OperatorDefinition>> {
  const operators: Record<string, OperatorDefinition> = {};
  for (const [name, compare] of Object.entries(COMPARISONS)) {
    const compile = (policyValues: readonly string[]): ValueMatcher => {
      const bounds = policyValues.map(parse).filter((bound) => !Number.isNaN(bound));
      if (bounds.length === 0) return () => false;
      return (value) => {
        const request = parse(value);
        if (Number.isNaN(request)) return false;
        for (const bound of bounds) if (compare(request, bound)) return true;
        return false;
      };
    };
    const [positive, negated] = operatorPair(compile);
    operators[`${prefix}${name}`] = positive;
    if (name === 'Equals') operators[`${prefix}NotEquals`] = negated;
  }
  return operators;
}
