// OWNED BY the conditions helper: replace this stub with the implementation.
import type { NormalizedContext } from '../context';

/** A compiled `Condition` block: keys AND-ed, values OR-ed. */
export interface CompiledCondition {
  test(ctx: NormalizedContext): boolean;
}

/** Throws PolicyError for an unknown operator or a malformed block. */
export declare function compileCondition(block: unknown): CompiledCondition;
