/**
 * An EventBridge event pattern matcher, faithful to EventBridge for the parts of the pattern
 * language the doctor's rules use, so the tests can tell whether a rule would fire for an event
 * without calling AWS (`aws events test-event-pattern` needs credentials).
 *
 * Rules followed (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
 * - every field of the pattern must match (AND); the values listed for a field are OR-ed;
 * - fields of the event that the pattern does not name are ignored;
 * - a pattern field holds an array of matchers (a leaf) or an object (nested fields);
 * - an event value that is an array matches when any of its elements matches;
 * - every matcher but `{"exists": false}` needs the field to be present;
 * - `exists` looks at leaf values only: an object is not a leaf, an empty array has no leaf;
 * - literal strings match strings exactly (case-sensitive), numbers match numerically, `null`
 *   matches `null`;
 * - `prefix`, `suffix` and `equals-ignore-case` apply to strings only; `prefix` and `suffix`
 *   also take `{"equals-ignore-case": "..."}`;
 * - `anything-but` takes a value, a list of values, or a `prefix` / `suffix` /
 *   `equals-ignore-case` matcher, and matches every present value that it does not name;
 * - `numeric` takes comparison pairs (`[">", 0, "<=", 5]`), all of which must hold;
 * - `$or` takes a list of patterns, one of which must match.
 * Anything else (`wildcard`, `cidr`, ...) is refused with a {@link EventPatternError} rather
 * than guessed.
 */

/** A pattern this matcher cannot read: malformed, or using an operator it does not implement. */
export class EventPatternError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'EventPatternError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Whether EventBridge would deliver `event` to a rule with `pattern`. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) {
    throw new EventPatternError(`a pattern must be a JSON object, got ${JSON.stringify(pattern)}`);
  }
  return matchObject(pattern, event as Json | undefined, '');
}

function matchObject(pattern: JsonObject, value: Json | undefined, path: string): boolean {
  // A nested pattern against an array of objects: EventBridge flattens arrays, so any element may match.
  if (Array.isArray(value)) {
    return value.some((element) => matchObject(pattern, element, path));
  }
  const fields = isObject(value) ? value : undefined;
  return Object.entries(pattern).every(([key, sub]) => {
    const subPath = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isObject)) {
        throw new EventPatternError(`${subPath}: $or takes a list of at least two patterns`);
      }
      return sub.some((alternative) => matchObject(alternative as JsonObject, value, path));
    }
    const fieldValue = fields?.[key];
    if (Array.isArray(sub)) {
      return matchLeaf(sub, fieldValue, subPath);
    }
    if (isObject(sub)) {
      return matchObject(sub, fieldValue, subPath);
    }
    throw new EventPatternError(
      `${subPath}: a pattern field must be an array of matchers or an object, got ${JSON.stringify(sub)}`,
    );
  });
}

function matchLeaf(matchers: Json[], value: Json | undefined, path: string): boolean {
  if (matchers.length === 0) {
    throw new EventPatternError(`${path}: an empty list of matchers matches nothing and EventBridge refuses it`);
  }
  const leaves = leafValues(value);
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) {
      return matchExists(matcher, leaves, path);
    }
    return leaves.some((leaf) => matchValue(matcher, leaf, path));
  });
}

/** The leaves a field holds: none when absent, an object, or an empty array. */
function leafValues(value: Json | undefined): Json[] {
  if (value === undefined || isObject(value)) return [];
  if (Array.isArray(value)) return value.filter((element) => !isObject(element) && !Array.isArray(element));
  return [value];
}

function matchExists(matcher: JsonObject, leaves: Json[], path: string): boolean {
  const expected = matcher.exists;
  if (typeof expected !== 'boolean' || Object.keys(matcher).length !== 1) {
    throw new EventPatternError(`${path}: exists takes true or false, got ${JSON.stringify(matcher)}`);
  }
  return expected === leaves.length > 0;
}

function matchValue(matcher: Json, leaf: Json, path: string): boolean {
  if (!isObject(matcher)) {
    if (Array.isArray(matcher)) {
      throw new EventPatternError(`${path}: a matcher cannot be a nested array`);
    }
    return matcher === leaf;
  }
  const keys = Object.keys(matcher);
  if (keys.length !== 1) {
    throw new EventPatternError(`${path}: a matcher object holds exactly one operator, got ${JSON.stringify(matcher)}`);
  }
  const operator = keys[0];
  const operand = matcher[operator];
  switch (operator) {
    case 'prefix':
      return matchAffix(operand, leaf, path, 'prefix');
    case 'suffix':
      return matchAffix(operand, leaf, path, 'suffix');
    case 'equals-ignore-case':
      return typeof leaf === 'string' && leaf.toLowerCase() === requireString(operand, path, operator).toLowerCase();
    case 'anything-but':
      return matchAnythingBut(operand, leaf, path);
    case 'numeric':
      return matchNumeric(operand, leaf, path);
    default:
      throw new EventPatternError(`${path}: operator ${operator} is not supported by this matcher`);
  }
}

function matchAffix(operand: Json, leaf: Json, path: string, kind: 'prefix' | 'suffix'): boolean {
  if (typeof leaf !== 'string') return false;
  let expected: string;
  let subject = leaf;
  if (isObject(operand)) {
    expected = requireString(operand['equals-ignore-case'], path, `${kind} equals-ignore-case`).toLowerCase();
    subject = leaf.toLowerCase();
  } else {
    expected = requireString(operand, path, kind);
  }
  return kind === 'prefix' ? subject.startsWith(expected) : subject.endsWith(expected);
}

function matchAnythingBut(operand: Json, leaf: Json, path: string): boolean {
  if (isObject(operand)) {
    return !matchValue(operand, leaf, path);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  if (excluded.length === 0 || excluded.some((value) => typeof value !== 'string' && typeof value !== 'number')) {
    throw new EventPatternError(`${path}: anything-but takes strings or numbers, got ${JSON.stringify(operand)}`);
  }
  return !excluded.includes(leaf);
}

function matchNumeric(operand: Json, leaf: Json, path: string): boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw new EventPatternError(`${path}: numeric takes comparison pairs, got ${JSON.stringify(operand)}`);
  }
  if (typeof leaf !== 'number') return false;
  for (let i = 0; i < operand.length; i += 2) {
    const comparison = operand[i];
    const bound = operand[i + 1];
    if (typeof bound !== 'number') {
      throw new EventPatternError(`${path}: numeric bound must be a number, got ${JSON.stringify(bound)}`);
    }
    if (!compare(comparison, leaf, bound, path)) return false;
  }
  return true;
}

function compare(comparison: Json, leaf: number, bound: number, path: string): boolean {
  switch (comparison) {
    case '<':
      return leaf < bound;
    case '<=':
      return leaf <= bound;
    case '=':
      return leaf === bound;
    case '>=':
      return leaf >= bound;
    case '>':
      return leaf > bound;
    default:
      throw new EventPatternError(`${path}: unknown numeric comparison ${JSON.stringify(comparison)}`);
  }
}

function requireString(operand: Json | undefined, path: string, operator: string): string {
  if (typeof operand !== 'string') {
    throw new EventPatternError(`${path}: ${operator} takes a string, got ${JSON.stringify(operand)}`);
  }
  return operand;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
