// OWNED BY the conditions helper: replace this stub with the implementation.
import type { NormalizedContext } from './context';
import type { Glob } from './match/glob';

/** A `Resource` / `NotResource` pattern that may hold policy variables (`${aws:username}`). */
export interface PatternTemplate {
  readonly source: string;
  readonly hasVariables: boolean;
  /** The glob after substitution; null when a variable has no value and no default (matches nothing). */
  resolve(ctx: NormalizedContext): Glob | null;
}

export declare function compilePattern(pattern: string, options?: { ignoreCase?: boolean }): PatternTemplate;
