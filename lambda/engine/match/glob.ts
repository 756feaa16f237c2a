import { patternCovers, patternsOverlap } from './containment';
import { equalsIgnoreCase, foldCode, startsWithIgnoreCase } from './fold';
import { WILDCARD, hasWildcard, literalText, patternTokens, tokensKey, type Tokens } from './tokens';

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

/** Options of a glob. */
export interface GlobOptions {
  /**
   * Compare letters case-insensitively (action names,
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
   * @default false - case-sensitive, as ARNs are
   */
  ignoreCase?: boolean;
}

/** Containment and intersection answers kept per glob, bounded so a long run cannot grow them forever. */
const MEMO_LIMIT = 512;

/**
 * Matches `text` against tokens with `*` and `?`: the greedy scan that backtracks only to the
 * last `*`, which is exact for these two wildcards and never worse than text times pattern length
 * (used for patterns with many `*`, where a regular expression could backtrack for long).
 */
function scan(tokens: Tokens, ignoreCase: boolean, text: string): boolean {
  const m = tokens.length;
  const n = text.length;
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < n) {
    if (p < m) {
      const token = tokens[p];
      if (token === WILDCARD.anyRun) {
        starP = p++;
        starT = t;
        continue;
      }
      if (token === WILDCARD.anyChar) {
        p++;
        t++;
        continue;
      }
      const code = text.charCodeAt(t);
      if (token === code || (ignoreCase && foldCode(token) === foldCode(code))) {
        p++;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < m && tokens[p] === WILDCARD.anyRun) p++;
  return p === m;
}

/** The shapes of pattern that get a cheaper matcher than the general scan. */
const SHAPE = { literal: 0, prefix: 1, everything: 2, regex: 3, general: 4 } as const;
type Shape = (typeof SHAPE)[keyof typeof SHAPE];

/**
 * Up to this many `*`, a compiled regular expression (machine code in V8) beats the scan; with
 * more, its backtracking could grow as a power of the text length, which the scan never does.
 */
export const REGEX_MAX_STARS = 4;

/**
 * Compiling a regular expression costs many scans: a glob is scanned until it has been matched
 * this often, and gets its regular expression then. In a batch, most patterns of most documents
 * are matched once or twice; the patterns that repeat get their machine code.
 */
export const REGEX_AFTER_MATCHES = 16;

/** The anchored regular expression of the tokens; letters and digits as such, the rest escaped. */
function regexFor(tokens: Tokens, ignoreCase: boolean): RegExp {
  let source = '^';
  for (const token of tokens) {
    if (token === WILDCARD.anyRun) source += '[\\s\\S]*';
    else if (token === WILDCARD.anyChar) source += '[\\s\\S]';
    else if ((token >= 48 && token <= 57) || (token >= 65 && token <= 90) || (token >= 97 && token <= 122)) {
      source += String.fromCharCode(token);
    } else source += `\\u${token.toString(16).padStart(4, '0')}`;
  }
  // Without the `u` flag, `i` folds as foldCode does (ECMAScript Canonicalize).
  return new RegExp(`${source}$`, ignoreCase ? 'i' : '');
}

function shapeOf(tokens: Tokens): Shape {
  if (!hasWildcard(tokens)) return SHAPE.literal;
  if (tokens.length === 1 && tokens[0] === WILDCARD.anyRun) return SHAPE.everything;
  const last = tokens.length - 1;
  if (tokens[last] === WILDCARD.anyRun && !hasWildcard(tokens.slice(0, last))) return SHAPE.prefix;
  let stars = 0;
  for (const token of tokens) if (token === WILDCARD.anyRun) stars++;
  return stars <= REGEX_MAX_STARS ? SHAPE.regex : SHAPE.general;
}

/** A compiled glob. Build with `compileGlob` or `globFromTokens`. */
export class CompiledGlob implements Glob {
  public readonly hasWildcards: boolean;
  /** @internal The matcher chosen for the pattern's shape. */
  public readonly shape: Shape;
  /** @internal The literal text (literal shape) or the text before the final `*` (prefix shape). */
  public readonly text: string;
  private regex: RegExp | undefined = undefined;
  private matched = 0;
  // Declared up front so that every glob has the same hidden class, memos set or not.
  private memoKey: string | undefined = undefined;
  private coversMemo: Map<string, boolean> | undefined = undefined;
  private overlapsMemo: Map<string, boolean> | undefined = undefined;

  public constructor(
    public readonly source: string,
    public readonly tokens: Tokens,
    public readonly ignoreCase: boolean,
  ) {
    this.hasWildcards = hasWildcard(tokens);
    this.shape = shapeOf(tokens);
    this.text = literalText(this.shape === SHAPE.prefix ? tokens.slice(0, -1) : this.hasWildcards ? [] : tokens);
  }

  /** One monomorphic method with a switch: cheaper per call than a closure chosen per glob. */
  public matches(text: string): boolean {
    switch (this.shape) {
      case SHAPE.literal:
        return this.ignoreCase ? equalsIgnoreCase(text, this.text) : text === this.text;
      case SHAPE.prefix:
        return this.ignoreCase ? startsWithIgnoreCase(text, this.text) : text.startsWith(this.text);
      case SHAPE.everything:
        return true;
      case SHAPE.regex:
        if (this.regex !== undefined) return this.regex.test(text);
        if (++this.matched >= REGEX_AFTER_MATCHES) this.regex = regexFor(this.tokens, this.ignoreCase);
        return scan(this.tokens, this.ignoreCase, text);
      default:
        return scan(this.tokens, this.ignoreCase, text);
    }
  }

  public covers(other: Glob): boolean {
    const inner = asCompiled(other);
    if (!inner.hasWildcards && (!inner.ignoreCase || this.ignoreCase)) {
      // A literal matches itself (or, case-insensitively, its case variants, which a
      // case-insensitive pattern treats alike): containment is one match.
      return this.matches(literalText(inner.tokens));
    }
    if (this.shape === SHAPE.everything) return true;
    if (this.shape === SHAPE.prefix && inner.shape === SHAPE.prefix && !this.ignoreCase && !inner.ignoreCase) {
      // `P*` holds every string of `Q*` exactly when Q starts with P (the common S3 prefix case).
      return inner.text.startsWith(this.text);
    }
    this.coversMemo ??= new Map();
    return memoised(this.coversMemo, inner.key(), () => patternCovers(this, inner));
  }

  public overlaps(other: Glob): boolean {
    const that = asCompiled(other);
    if (!that.hasWildcards && (!that.ignoreCase || this.ignoreCase)) return this.matches(literalText(that.tokens));
    if (!this.hasWildcards && (!this.ignoreCase || that.ignoreCase)) return that.matches(literalText(this.tokens));
    if (this.shape === SHAPE.everything || that.shape === SHAPE.everything) return true;
    if (this.shape === SHAPE.prefix && that.shape === SHAPE.prefix && !this.ignoreCase && !that.ignoreCase) {
      // `P*` and `Q*` share a string exactly when one prefix extends the other.
      return this.text.startsWith(that.text) || that.text.startsWith(this.text);
    }
    this.overlapsMemo ??= new Map();
    return memoised(this.overlapsMemo, that.key(), () => patternsOverlap(this, that));
  }

  /** Tells apart globs with different languages (same tokens and case rule: same language). */
  public key(): string {
    this.memoKey ??= `${this.ignoreCase ? 'i' : 's'}${tokensKey(this.tokens)}`;
    return this.memoKey;
  }
}

function memoised(memo: Map<string, boolean>, key: string, compute: () => boolean): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const answer = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, answer);
  return answer;
}

/** Our own globs are used as they are; any other implementation is recompiled from its source. */
function asCompiled(glob: Glob): CompiledGlob {
  return glob instanceof CompiledGlob ? glob : new CompiledGlob(glob.source, patternTokens(glob.source), false);
}

/**
 * Compiles a pattern where `*` matches any run of characters (`/` and `:` included) and `?`
 * exactly one, as IAM matches `Action` and `Resource` elements
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
 *
 * @example
 * compileGlob('arn:aws:s3:::b/*').covers(compileGlob('arn:aws:s3:::b/train/*')); // true
 * compileGlob('s3:get*', { ignoreCase: true }).matches('s3:GetObject'); // true
 */
export function compileGlob(pattern: string, options?: GlobOptions): Glob {
  return new CompiledGlob(pattern, patternTokens(pattern), options?.ignoreCase === true);
}

/**
 * Builds a glob from tokens, where literal `*` and `?` can stand next to wildcards (a pattern
 * after policy-variable substitution). `source` is the text shown in explanations.
 */
export function globFromTokens(source: string, tokens: Tokens, options?: GlobOptions): CompiledGlob {
  return new CompiledGlob(source, tokens, options?.ignoreCase === true);
}
