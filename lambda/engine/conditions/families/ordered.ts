import { operatorPair, type OperatorDefinition, UNREADABLE, type ValueMatcher } from '../operator';

/** The six comparisons shared by the numeric and date operators. */
const COMPARISONS = {
  Equals: (request: number, policy: number) => request === policy,
  LessThan: (request: number, policy: number) => request < policy,
  LessThanEquals: (request: number, policy: number) => request <= policy,
  GreaterThan: (request: number, policy: number) => request > policy,
  GreaterThanEquals: (request: number, policy: number) => request >= policy,
} as const;

/** Parsed request values kept per family, bounded so a long run cannot grow them forever. */
const PARSED_LIMIT = 1024;

/**
 * Request values (`aws:CurrentTime`, `s3:max-keys`) repeat across the statements of an evaluation
 * and across the requests of a batch: each distinct text is parsed once.
 */
function memoise(parse: (text: string) => number): (text: string) => number {
  const parsed = new Map<string, number>();
  return (text) => {
    let value = parsed.get(text);
    if (value === undefined) {
      value = parse(text);
      if (parsed.size >= PARSED_LIMIT) parsed.clear();
      parsed.set(text, value);
    }
    return value;
  };
}

/**
 * The operators `<Prefix>Equals`, `<Prefix>NotEquals`, `<Prefix>LessThan`, ... over values that
 * `parse` reads as numbers (NaN: unreadable). Policy values are parsed once. An unreadable request
 * value, or one no readable bound admits when a bound is unreadable, is undecided (`UNREADABLE`):
 * neither the operator nor its negation holds (docs/engine.md, "Fail-open review").
 */
export function orderedOperators(
  prefix: string,
  parse: (text: string) => number,
): Readonly<Record<string, OperatorDefinition>> {
  const operators: Record<string, OperatorDefinition> = {};
  const parseRequest = memoise(parse);
  for (const [name, compare] of Object.entries(COMPARISONS)) {
    const compile = (policyValues: readonly string[]): ValueMatcher => {
      const bounds = policyValues.map(parse).filter((bound) => !Number.isNaN(bound));
      const otherwise = bounds.length < policyValues.length ? UNREADABLE : false;
      return (value) => {
        const request = parseRequest(value);
        if (Number.isNaN(request)) return UNREADABLE;
        for (const bound of bounds) if (compare(request, bound)) return true;
        return otherwise;
      };
    };
    const [positive, negated] = operatorPair(compile);
    operators[`${prefix}${name}`] = positive;
    if (name === 'Equals') operators[`${prefix}NotEquals`] = negated;
  }
  return operators;
}
