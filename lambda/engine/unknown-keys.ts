/**
 * Unknowable context keys (`unknownKeys`, docs/engine.md, "Unknowable context keys"): keys whose
 * value the caller cannot know, such as `s3:ExistingObjectTag/*` for objects whose tags were not
 * read (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html).
 *
 * A condition on such a key is neither true nor false. The evaluator judges the request in two
 * worlds: the most permissive one (every Allow that depends on an unknowable key applies, no Deny
 * that does) and the most restrictive one (the reverse). Every layer's verdict only improves as
 * Allows apply and Denies stop applying, so every real assignment of the keys lands between the
 * two: when both worlds agree, the decision is known; otherwise it is `Unknown`.
 */
import { BoundedMemo } from '../memo';
import type { NormalizedContext } from './context';
import { compileGlob, type Glob } from './match/glob';

/** The compiled `unknownKeys` patterns of a request. */
export interface UnknownKeys {
  /** Whether `key` (any case) is unknowable. */
  has(key: string): boolean;
}

/**
 * Compiles `unknownKeys` patterns (`*` and `?` wildcards; key names are case-insensitive,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 *
 * @returns undefined when there are none.
 */
export function compileUnknownKeys(patterns: readonly string[] | undefined): UnknownKeys | undefined {
  if (patterns === undefined || patterns.length === 0) return undefined;
  // The same few patterns come with every object of a listing: compiled once each.
  return compiledUnknownKeys.get(patterns.length === 1 ? patterns[0] : patterns.join('\u0000'), () =>
    compile(patterns),
  );
}

/** Compiled patterns, by their list; the answers a compiled list gave are kept with it. */
const compiledUnknownKeys = new BoundedMemo<string, UnknownKeys>(256);

function compile(patterns: readonly string[]): UnknownKeys {
  const globs: Glob[] = patterns.map((pattern) => compileGlob(pattern, { ignoreCase: true }));
  const answers = new BoundedMemo<string, boolean>(1024);
  const matches = (key: string): boolean => globs.some((glob) => glob.matches(key));
  return { has: (key) => answers.get(key, matches) };
}

/**
 * The keys a pass over the policies found unknowable, and the statements it could not decide
 * (a NotResource variable without a value, a condition value its operator cannot read:
 * docs/engine.md, "Fail-open review"); either makes the evaluator judge the other world too.
 */
export class UnknownKeyLog {
  /** Unknowable keys the policies asked about, as the policies write them, first seen first. */
  public readonly keys: string[] = [];
  /** The statements that could not be decided, first seen first. */
  public readonly undecided: string[] = [];
  /** Made on first use: most requests read no unknowable key, and each evaluation has a log. */
  #seen: Set<string> | undefined;

  public note(key: string): void {
    const lower = key.toLowerCase();
    this.#seen ??= new Set();
    if (this.#seen.has(lower)) return;
    this.#seen.add(lower);
    this.keys.push(key);
  }

  public noteUndecided(what: string): void {
    if (!this.undecided.includes(what)) this.undecided.push(what);
  }

  public get consulted(): boolean {
    return this.keys.length > 0 || this.undecided.length > 0;
  }
}

/**
 * A request context in one world: `get` as the request gives it, and `assumed(key)` the value a
 * condition (or policy variable) on an unknowable key counts as for the statement being judged.
 * An unknowable key is unknowable even where the context gives it a value (docs/engine.md).
 */
export class AssumingContext implements NormalizedContext {
  public constructor(
    private readonly base: NormalizedContext,
    private readonly unknown: UnknownKeys,
    /** What a test on an unknowable key counts as: true (it holds) or false. */
    private readonly holds: boolean,
    private readonly log: UnknownKeyLog,
  ) {}

  public get(key: string): string[] | undefined {
    return this.base.get(key);
  }

  public assumed(key: string): boolean | undefined {
    if (!this.unknown.has(key)) return undefined;
    this.log.note(key);
    return this.holds;
  }
}
