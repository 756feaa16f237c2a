/**
 * The token form of `*`/`?` patterns, shared by globs, ARN patterns and policy variables.
 *
 * A token is a UTF-16 code unit (>= 0) for a literal character, or one of the wildcards below.
 * Keeping literals and wildcards apart lets a substituted policy variable, or `${*}`, put a
 * literal `*` into a pattern (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
export const WILDCARD = {
  /** `*`: any run of characters, the empty run included. */
  anyRun: -1,
  /** `?`: exactly one character. */
  anyChar: -2,
} as const;

/** Tokens of a pattern; consecutive `anyRun` tokens are collapsed into one. */
export type Tokens = readonly number[];

/** Appends the tokens of `text`, where `*` and `?` are wildcards. */
export function pushPatternTokens(out: number[], text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 42 /* * */) {
      if (out[out.length - 1] !== WILDCARD.anyRun) out.push(WILDCARD.anyRun);
    } else if (code === 63 /* ? */) {
      out.push(WILDCARD.anyChar);
    } else {
      out.push(code);
    }
  }
}

/** Appends the tokens of `text`, every character literal (`*` and `?` included). */
export function pushLiteralTokens(out: number[], text: string): void {
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i));
}

/** The tokens of a pattern where `*` and `?` are wildcards. */
export function patternTokens(text: string): number[] {
  const out: number[] = [];
  pushPatternTokens(out, text);
  return out;
}

/** Whether any token is a wildcard. */
export function hasWildcard(tokens: Tokens): boolean {
  for (const token of tokens) if (token < 0) return true;
  return false;
}

/** The literal string of wildcard-free tokens. */
export function literalText(tokens: Tokens): string {
  // Built in chunks by fromCharCode rather than by `+=`, which leaves a rope that some string
  // operations flatten again on every call.
  let text = '';
  for (let at = 0; at < tokens.length; at += 4096) {
    text += String.fromCharCode(...tokens.slice(at, at + 4096));
  }
  return text;
}

/** A key that tells token sequences apart (a literal `*` differs from the wildcard). */
export function tokensKey(tokens: Tokens): string {
  return tokens.join(',');
}
