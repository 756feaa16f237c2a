/**
 * Small helpers over untrusted JSON: JSON paths as messages write them, values as messages
 * describe them (own-key tests and `isObject`: lambda/json.ts).
 */

/** A JSON path: object keys and array indexes, from the top of the file. */
export type JsonPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z0-9_$-]+$/;

/**
 * The path as a reader writes it: `accounts.111111111111.s3.buckets["my.bucket"].policy`,
 * `iam.RoleDetailList[0].Arn`. Keys that are not plain words are quoted, so a bucket name with
 * dots stays one segment.
 */
export function formatPath(path: JsonPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? 'the top level' : text;
}

/** What a value is, for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${truncate(JSON.stringify(value))}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
