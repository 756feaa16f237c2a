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

/**
 * How deep the JSON a user gives (a snapshot, an event, a request, a pipeline definition) may
 * nest. No AWS document or description comes near it (a policy nests 6 levels, a snapshot holds
 * it at about 10 more), and every walk the tool makes over a document (patches, redaction,
 * printing, `JSON.stringify` itself) stays far from the stack's limit within it
 * (docs/formats/snapshot.md, "Limits").
 */
export const MAX_JSON_DEPTH = 100;

/** Shown of a path that nests too deep: its first segments (the rest is a run of nesting). */
const SHOWN_SEGMENTS = 16;

interface Level {
  value: object;
  depth: number;
  parent?: Level;
  key?: string | number;
}

/**
 * Where `value` nests deeper than `limit` levels (an object or array is one level): the path of
 * the first value past it, as `a.b[3].c`, else undefined. Iterative, so any depth is measured.
 *
 * @example tooDeep({ a: [[1]] }, 2) // 'a[0]'
 */
export function tooDeep(value: unknown, limit = MAX_JSON_DEPTH): string | undefined {
  if (typeof value !== 'object' || value === null || !nestsDeeper(value, limit)) return undefined;
  const stack: Level[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const level = stack.pop()!;
    if (level.depth > limit) return pathOf(level);
    const entries: [string | number, unknown][] = Array.isArray(level.value)
      ? level.value.map((item, index) => [index, item])
      : Object.entries(level.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: level.depth + 1, parent: level, key });
    }
  }
  return undefined;
}

/**
 * Whether `value` nests deeper than `levels` levels: a walk that allocates nothing, as every
 * document a user gives is measured and almost none is too deep (tooDeep then finds the path).
 * Recursive, but never more than `levels` calls deep.
 */
function nestsDeeper(value: object, levels: number): boolean {
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (typeof item === 'object' && item !== null && nestsDeeper(item, levels - 1)) return true;
    }
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && nestsDeeper(child, levels - 1)) return true;
  }
  return false;
}

function pathOf(level: Level): string {
  const keys: (string | number)[] = [];
  for (let at: Level | undefined = level; at?.key !== undefined; at = at.parent) keys.push(at.key);
  keys.reverse();
  const shown = keys
    .slice(0, SHOWN_SEGMENTS)
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
  return keys.length > SHOWN_SEGMENTS ? `${shown}…` : shown;
}
