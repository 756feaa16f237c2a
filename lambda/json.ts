/**
 * JSON values, for the whole project: the one `isObject`, and lenient readers for `Describe*`
 * outputs, event details and requests, which arrive as untyped JSON.
 *
 * A field of the wrong type reads as absent, so that a malformed description never crashes the
 * diagnosis: the job model then lacks that piece, and the caller decides whether it is essential.
 */

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `key` is present in `object` (an own key: `__proto__` and friends are data here). */
export const has = (object: JsonObject, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** The object at `key` of `value`, if `value` is an object holding an object there. */
export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
  const child = value[key];
  return isObject(child) ? child : undefined;
}

/** The non-empty string at `key` of `value`. */
export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value) || !Object.hasOwn(value, key)) return undefined;
  const child = value[key];
  return typeof child === 'string' && child.length > 0 ? child : undefined;
}

/** The array at `key` of `value` ([] when absent or not an array). */
export function arrayAt(value: unknown, key: string): unknown[] {
  if (!isObject(value) || !Object.hasOwn(value, key)) return [];
  const child = value[key];
  return Array.isArray(child) ? child : [];
}

/** The strings of the array at `key` (other elements skipped). */
export function stringsAt(value: unknown, key: string): string[] {
  return arrayAt(value, key).filter((item): item is string => typeof item === 'string' && item.length > 0);
}
