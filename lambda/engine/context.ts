// OWNED BY the conditions helper: replace this stub with the implementation.
import type { RequestContext } from './types';

/** The request context with case-insensitive keys and every value as a list of strings. */
export interface NormalizedContext {
  /** Values of `key` (case-insensitive), or undefined when the key is absent. */
  get(key: string): string[] | undefined;
}

export declare function normalizeContext(ctx: RequestContext): NormalizedContext;
