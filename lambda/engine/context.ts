import { BoundedMemo } from '../memo';
import type { RequestContext } from './types';

/** The request context with case-insensitive keys and every value as a list of strings. */
export interface NormalizedContext {
  /** Values of `key` (case-insensitive), or undefined when the key is absent. */
  get(key: string): string[] | undefined;
  /**
   * Only in a request with unknowable keys (unknown-keys.ts): for such a key, what a test on it
   * counts as in the statement being judged; undefined for a key whose value is known.
   */
  assumed?(key: string): boolean | undefined;
}

/**
 * A context whose keys are stored lower-cased, so that a lookup with an already lower-cased
 * key (what compiled conditions and policy variables pass) costs one `Map` read.
 */
class LowerCasedContext implements NormalizedContext {
  public constructor(private readonly values: ReadonlyMap<string, string[]>) {}

  public get(key: string): string[] | undefined {
    const found = this.values.get(key);
    if (found !== undefined) return found;
    const lower = key.toLowerCase();
    return lower === key ? undefined : this.values.get(lower);
  }
}

/** Reads one context value as IAM does: numbers and booleans by their string form. */
function toStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return [String(value)];
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint') out.push(String(item));
  }
  return out;
}

/**
 * Lower-cased key names, kept because the same few dozen keys come back in every request and a
 * map read is cheaper than lower-casing. Bounded: a run over arbitrary keys cannot grow it forever.
 */
const lowerCased = new BoundedMemo<string, string>(4096);

const toLowerCase = (key: string): string => key.toLowerCase();

function lowerCaseKey(key: string): string {
  return lowerCased.get(key, toLowerCase);
}

/**
 * Normalises a request context for condition evaluation.
 *
 * Context key names are not case-sensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * so keys are lower-cased; every value becomes a list of strings (a multivalued key keeps its
 * list, an empty list stays empty: the conditions treat it as a null data set). Values that are
 * neither strings, numbers, booleans nor lists of them (`null`, objects) are dropped: the key is
 * absent. When two keys differ only by case, the later one wins.
 *
 * @example
 * normalizeContext({ 'AWS:SourceIp': '10.0.0.1' }).get('aws:sourceip'); // ['10.0.0.1']
 */
export function normalizeContext(ctx: RequestContext): NormalizedContext {
  const values = new Map<string, string[]>();
  for (const key in ctx) {
    if (!Object.prototype.hasOwnProperty.call(ctx, key)) continue;
    const list = toStrings((ctx as Record<string, unknown>)[key]);
    if (list !== undefined) values.set(lowerCaseKey(key), list);
  }
  return new LowerCasedContext(values);
}

/** A context without keys: what a pattern without policy variables is resolved against. */
export const EMPTY_CONTEXT: NormalizedContext = new LowerCasedContext(new Map());
