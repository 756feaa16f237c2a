/**
 * Reads the value side of `"Operator": {"key": value}`: one value or a list; numbers and
 * booleans may be written as JSON numbers or booleans (`"Bool": {"aws:SecureTransport": false}`)
 * and read as their string form.
 *
 * Lenient with documents AWS already accepted (docs/engine-conditions.md, "Malformed condition blocks"): anything else (`null`, an
 * object, a nested list) is not a value and is dropped, so a key can be left with no value at all
 * (then no value matches it; docs/engine-conditions.md).
 */
export function readPolicyValues(raw: unknown): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const values: string[] = [];
  for (const value of list) {
    if (typeof value === 'string') values.push(value);
    else if (typeof value === 'number' || typeof value === 'boolean') values.push(String(value));
  }
  return values;
}
