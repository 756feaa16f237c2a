import { BoundedMemo } from '../memo';
import type { NormalizedContext } from './context';
import { globFromTokens, type Glob } from './match/glob';
import { pushLiteralTokens, pushPatternTokens } from './match/tokens';

/** A `Resource` / `NotResource` pattern that may hold policy variables (`${aws:username}`). */
export interface PatternTemplate {
  readonly source: string;
  readonly hasVariables: boolean;
  /** The (lower-cased) keys of its policy variables. */
  readonly variableKeys: readonly string[];
  /** The glob after substitution; null when a variable has no value and no default (matches nothing). */
  resolve(ctx: NormalizedContext): Glob | null;
}

/** A condition value of an `...Equals` operator that may hold policy variables. */
export interface StringTemplate {
  readonly source: string;
  readonly hasVariables: boolean;
  /** The value after substitution; null when a variable has no value and no default. */
  resolve(ctx: NormalizedContext): string | null;
}

/** The pieces of a text with policy variables. */
export type TemplatePart =
  /** Plain policy text: `*` and `?` keep whatever meaning the operator gives them. */
  | { readonly kind: 'text'; readonly text: string }
  /** `${*}`, `${?}`, `${$}`: the literal character, never a wildcard. */
  | { readonly kind: 'literal'; readonly text: string }
  /** `${key}` or `${key, 'default'}`; `key` is lower-cased (context keys are case-insensitive). */
  | { readonly kind: 'variable'; readonly key: string; readonly fallback: string | undefined };

/** Special characters written as variables so that they read literally. */
const SPECIAL = new Set(['*', '?', '$']);

/**
 * `key` or `key, 'default'`: the key has no spaces, commas or quotes; in the default, `''`
 * stands for one quote. Spaces around both are ignored.
 */
const VARIABLE_BODY = /^\s*([^\s,']+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

/**
 * Splits a policy text into plain text, special characters and variables
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 *
 * A `${` without a closing `}`, or whose body is not a variable, stays plain text: such a text
 * is matched as written.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let plain = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('${', at);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    const body = text.slice(open + 2, close);
    const variable = SPECIAL.has(body) ? undefined : VARIABLE_BODY.exec(body);
    if (!SPECIAL.has(body) && !variable) {
      plain += text.slice(at, open + 2);
      at = open + 2;
      continue;
    }
    plain += text.slice(at, open);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    if (variable) {
      parts.push({ kind: 'variable', key: variable[1].toLowerCase(), fallback: variable[2]?.replace(/''/g, "'") });
    } else {
      parts.push({ kind: 'literal', text: body });
    }
    at = close + 1;
  }
  plain += text.slice(at);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

/**
 * The value of one variable, or undefined when it has none. Only single-valued keys can be
 * policy variables ("you can't use multivalued context keys as policy variables",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * a key with several values, or none, counts as having no value.
 */
function valueOf(part: TemplatePart & { kind: 'variable' }, ctx: NormalizedContext): string | undefined {
  const values = ctx.get(part.key);
  return values !== undefined && values.length === 1 ? values[0] : part.fallback;
}

/** Values of the template's variables in order; null when one has no value and no default. */
function variableValues(parts: readonly TemplatePart[], ctx: NormalizedContext): string[] | null {
  const values: string[] = [];
  for (const part of parts) {
    if (part.kind !== 'variable') continue;
    const value = valueOf(part, ctx);
    if (value === undefined) return null;
    values.push(value);
  }
  return values;
}

/**
 * Tokens of a template after substitution: plain text keeps its wildcards; special characters,
 * substituted values and defaults are literal, so that a request cannot widen a policy by
 * putting `*` in a tag (docs/engine-conditions.md).
 */
function templateTokens(parts: readonly TemplatePart[], values: readonly string[]): number[] {
  const tokens: number[] = [];
  let next = 0;
  for (const part of parts) {
    if (part.kind === 'text') pushPatternTokens(tokens, part.text);
    else pushLiteralTokens(tokens, part.kind === 'literal' ? part.text : values[next++]);
  }
  return tokens;
}

/** The text of a template after substitution, every character literal. */
function templateText(parts: readonly TemplatePart[], values: readonly string[]): string {
  let text = '';
  let next = 0;
  for (const part of parts) text += part.kind === 'variable' ? values[next++] : part.text;
  return text;
}

/** Compiled forms kept per template, bounded so a long run over many principals stays small. */
const CACHE_LIMIT = 256;

/**
 * Compiles a text with policy variables into something built from its substituted tokens
 * (a glob, an ARN matcher), building each distinct substitution once.
 *
 * @returns a resolver; it returns null when a variable has no value and no default.
 */
export function compileTemplate<T>(
  text: string,
  build: (tokens: number[], source: string) => T,
): { readonly hasVariables: boolean; resolve(ctx: NormalizedContext): T | null } {
  const parts = parseTemplate(text);
  if (!parts.some((part) => part.kind === 'variable')) {
    const fixed = build(templateTokens(parts, []), templateText(parts, []));
    return { hasVariables: false, resolve: () => fixed };
  }
  const cache = new BoundedMemo<string, T>(CACHE_LIMIT);
  const variables = parts.filter((part) => part.kind === 'variable');
  if (variables.length === 1) {
    // The common case (`${aws:username}`): the value itself is the cache key, nothing allocated.
    const [variable] = variables;
    const buildFor = (value: string): T => build(templateTokens(parts, [value]), templateText(parts, [value]));
    return {
      hasVariables: true,
      resolve(ctx) {
        const value = valueOf(variable, ctx);
        return value === undefined ? null : cache.get(value, buildFor);
      },
    };
  }
  return {
    hasVariables: true,
    resolve(ctx) {
      const values = variableValues(parts, ctx);
      if (values === null) return null;
      return cache.get(values.join('\u0000'), () => build(templateTokens(parts, values), templateText(parts, values)));
    },
  };
}

/**
 * Compiles a `Resource` / `NotResource` (or `StringLike`) pattern with policy variables.
 *
 * Variables are substituted from the request context: `${aws:username}`,
 * `${aws:PrincipalTag/team}`, any `${key}` of the context; `${*}`, `${?}`, `${$}` are the literal
 * characters; `${key, 'default'}` gives a value to a key the request lacks. A variable without a
 * value and without default makes the pattern match nothing
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value).
 *
 * @example
 * compilePattern('arn:aws:s3:::b/home/${aws:username}/*')
 *   .resolve(normalizeContext({ 'aws:username': 'ana' }))
 *   ?.matches('arn:aws:s3:::b/home/ana/x'); // true
 */
export function compilePattern(pattern: string, options?: { ignoreCase?: boolean }): PatternTemplate {
  const template = compileTemplate(pattern, (tokens, source) => globFromTokens(source, tokens, options));
  const variableKeys = template.hasVariables
    ? parseTemplate(pattern).flatMap((part) => (part.kind === 'variable' ? [part.key] : []))
    : [];
  return {
    source: pattern,
    hasVariables: template.hasVariables,
    variableKeys,
    resolve: (ctx) => template.resolve(ctx),
  };
}

/**
 * Compiles a condition value of an `...Equals` operator with policy variables: the value after
 * substitution, compared as a plain string.
 */
export function compileStringTemplate(text: string): StringTemplate {
  const parts = parseTemplate(text);
  if (!parts.some((part) => part.kind === 'variable')) {
    const fixed = templateText(parts, []);
    return { source: text, hasVariables: false, resolve: () => fixed };
  }
  return {
    source: text,
    hasVariables: true,
    resolve(ctx) {
      const values = variableValues(parts, ctx);
      return values === null ? null : templateText(parts, values);
    },
  };
}
