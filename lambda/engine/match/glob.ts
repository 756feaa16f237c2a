// OWNED BY the conditions helper: replace this stub with the implementation.

/**
 * A pattern with `*` (any run of characters, `/` and `:` included) and `?` (one character).
 */
export interface Glob {
  readonly source: string;
  readonly hasWildcards: boolean;
  /** The literal string `text` is matched. */
  matches(text: string): boolean;
  /** Every string `other` matches, this matches too (pattern containment). */
  covers(other: Glob): boolean;
  /** Some string is matched by both (pattern intersection). */
  overlaps(other: Glob): boolean;
}

export declare function compileGlob(pattern: string, options?: { ignoreCase?: boolean }): Glob;
