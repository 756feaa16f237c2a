import { PolicyError } from '../errors';

/**
 * Reads the value side of `"Operator": {"key": value}`: one value or a list; numbers and
 * booleans may be written as JSON numbers or booleans (`"Bool": {"aws:SecureTransport": false}`)
 * and read as their string form.
 *
 * @throws PolicyError when the value is neither a string, number, boolean nor a list of them.
 */
export function readPolicyValues(raw: unknown, operator: string, key: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new PolicyError(
      `condition ${JSON.stringify(operator)} on key ${JSON.stringify(key)}: a value must be a string, number or boolean (or a list of them), got ${describe(value)}`,
    );
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a nested list';
  return typeof value;
}
