/**
 * Typed reads of untrusted JSON that fail with one line naming the file, the JSON path and the fix.
 *
 * The snapshot loader is built on these: the diagnosis assumes validated input, so every field
 * it relies on is checked here, at the edge (STYLE.md, "Bad input never crashes").
 */
import { InputError } from '../../errors';

/** A JSON path: object keys and array indexes, from the top of the file. */
export type JsonPath = readonly (string | number)[];

/** A plain JSON object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

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

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `key` is present in `object` (an own key: `__proto__` and friends are data here). */
export const has = (object: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** The fix we suggest for a present field of the wrong type: absent means "not known". */
const FIX_OPTIONAL = 'correct the value, or remove the key if it is not known';

/** Typed reads over one file; every failure is an `InputError` naming `file` and the path. */
export class FieldReader {
  public constructor(public readonly file: string) {}

  /** Throws the one-line `InputError`: `FILE: PATH: PROBLEM; FIX`. */
  public fail(path: JsonPath, problem: string, fix: string): never {
    const line = `${this.file}: ${formatPath(path)}: ${problem}; ${fix}`.replace(/\s+/g, ' ');
    throw new InputError(line);
  }

  /** Throws the one-line `InputError` about the file as a whole: `FILE: PROBLEM; FIX`. */
  public failFile(problem: string, fix: string): never {
    throw new InputError(`${this.file}: ${problem}; ${fix}`.replace(/\s+/g, ' '));
  }

  /** Throws "expected X, got Y". */
  public wrongType(path: JsonPath, expected: string, value: unknown, fix = FIX_OPTIONAL): never {
    return this.fail(path, `expected ${expected}, got ${describeValue(value)}`, fix);
  }

  public object(value: unknown, path: JsonPath, expected = 'an object', fix?: string): JsonObject {
    return isObject(value) ? value : this.wrongType(path, expected, value, fix);
  }

  public string(value: unknown, path: JsonPath, expected = 'a string', fix?: string): string {
    return typeof value === 'string' ? value : this.wrongType(path, expected, value, fix);
  }

  public boolean(value: unknown, path: JsonPath, fix?: string): boolean {
    return typeof value === 'boolean' ? value : this.wrongType(path, 'true or false', value, fix);
  }

  public array<T>(
    value: unknown,
    path: JsonPath,
    item: (value: unknown, path: JsonPath) => T,
    expected = 'an array',
  ): T[] {
    if (!Array.isArray(value)) return this.wrongType(path, expected, value);
    return value.map((element, index) => item(element, [...path, index]));
  }

  /** A JSON object used as a map: every value read by `entry`. */
  public map<T>(
    value: unknown,
    path: JsonPath,
    entry: (value: unknown, path: JsonPath, key: string) => T,
    expected = 'an object',
  ): Record<string, T> {
    const object = this.object(value, path, expected);
    const result: Record<string, T> = {};
    for (const [key, element] of Object.entries(object)) {
      Object.defineProperty(result, key, {
        value: entry(element, [...path, key], key),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }

  /**
   * A policy document as IAM returns it: an object, a JSON string or a URL-encoded JSON string.
   * Its content is checked later, by the engine's `compilePolicy` (contract.md section 2.1).
   */
  public document(value: unknown, path: JsonPath, fix?: string): unknown {
    if (isObject(value) || typeof value === 'string') return value;
    return this.wrongType(path, 'a policy document (an object or a JSON string)', value, fix);
  }

  /** A document, or `null` for "known to have none". */
  public documentOrNull(value: unknown, path: JsonPath): unknown {
    if (value === null) return null;
    return this.document(
      value,
      path,
      'give the policy document, null when there is none, or remove the key if it is not known',
    );
  }

  /** Reads `object[key]` with `read` when the key is present; `undefined` when it is absent. */
  public optional<T>(
    object: JsonObject,
    key: string,
    path: JsonPath,
    read: (value: unknown, path: JsonPath) => T,
  ): T | undefined {
    return has(object, key) ? read(object[key], [...path, key]) : undefined;
  }

  /** Reads `object[key]` with `read`; an absent key fails with "missing". */
  public required<T>(
    object: JsonObject,
    key: string,
    path: JsonPath,
    read: (value: unknown, path: JsonPath) => T,
    fix: string,
  ): T {
    if (!has(object, key)) return this.fail([...path, key], 'missing', fix);
    return read(object[key], [...path, key]);
  }
}
