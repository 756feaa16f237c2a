import { type CompiledGlob, globFromTokens, REGEX_AFTER_MATCHES, REGEX_MAX_STARS } from './glob';
import { WILDCARD, hasWildcard, literalText, type Tokens } from './tokens';

/** An ARN has six colon-delimited components: arn:partition:service:region:account:resource. */
const SEPARATORS = 5;
const COLON = 58;

/** Matches a whole ARN; built once per condition value. */
export type ArnMatcher = (arn: string) => boolean;

const NEVER: ArnMatcher = () => false;

/** A letter or digit as itself, any other code unit escaped, in a regular expression's source. */
function escapeCode(code: number): string {
  const alphanumeric = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return alphanumeric ? String.fromCharCode(code) : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Compiles an `ArnEquals` / `ArnLike` value: "each of the six colon-delimited components of the
 * ARN is checked separately and each can include multi-character match wildcards (*) or
 * single-character match wildcards (?)"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
 *
 * So a wildcard never spans a colon in the first five components, and a value with fewer than
 * six components matches nothing (neither as pattern nor as request value). The resource
 * component is everything after the fifth colon, colons included.
 */
export function compileArnTokens(tokens: Tokens): ArnMatcher {
  let colons = 0;
  for (const token of tokens) if (token === COLON) colons++;
  if (colons < SEPARATORS) return NEVER;
  if (!hasWildcard(tokens)) {
    const literal = literalText(tokens);
    return (arn) => arn === literal;
  }
  let stars = 0;
  for (const token of tokens) if (token === WILDCARD.anyRun) stars++;
  return stars <= REGEX_MAX_STARS ? scannedThenRegex(tokens) : componentwise(tokens);
}

/**
 * As a glob (match/glob.ts) does: a pattern with few `*` is matched component by component until
 * it has been matched REGEX_AFTER_MATCHES times, then gets its regular expression (compiling one
 * costs many scans, and most condition values of a batch are matched once or twice); one with
 * more than REGEX_MAX_STARS keeps the scan, which never backtracks for long.
 */
function scannedThenRegex(tokens: Tokens): ArnMatcher {
  let scan: ArnMatcher | undefined;
  let regex: ArnMatcher | undefined;
  let matched = 0;
  return (arn) => {
    if (regex !== undefined) return regex(arn);
    if (++matched >= REGEX_AFTER_MATCHES) regex = arnRegex(tokens);
    scan ??= componentwise(tokens);
    return scan(arn);
  };
}

/**
 * With few `*`, one regular expression where a wildcard cannot cross a colon before the resource.
 */
function arnRegex(tokens: Tokens): ArnMatcher {
  let source = '^';
  let component = 0;
  for (const token of tokens) {
    const inResource = component >= SEPARATORS;
    if (token === WILDCARD.anyRun) source += inResource ? '[\\s\\S]*' : '[^:]*';
    else if (token === WILDCARD.anyChar) source += inResource ? '[\\s\\S]' : '[^:]';
    else {
      if (token === COLON) component++;
      source += escapeCode(token);
    }
  }
  const regex = new RegExp(`${source}$`);
  return (arn) => regex.test(arn);
}

/** Splits at the first five colons: the six components (the last keeps its colons), or undefined. */
function components(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < SEPARATORS; i++) {
    const colon = arn.indexOf(':', from);
    if (colon < 0) return undefined;
    parts.push(arn.slice(from, colon));
    from = colon + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}

/**
 * With many `*`, each component against its own glob, whose scan never backtracks for long (a
 * regular expression with many `*` could).
 */
function componentwise(tokens: Tokens): ArnMatcher {
  const globs: CompiledGlob[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length && globs.length < SEPARATORS; i++) {
    if (tokens[i] !== COLON) continue;
    globs.push(globFromTokens('', tokens.slice(start, i)));
    start = i + 1;
  }
  globs.push(globFromTokens('', tokens.slice(start)));
  return (arn) => {
    const parts = components(arn);
    return parts !== undefined && globs.every((glob, i) => glob.matches(parts[i]));
  };
}
