/**
 * Splitting JSON text into the raw text of its values without building them.
 *
 * A `simulate` batch repeats the same policy documents in request after request: reading each
 * document's text and compiling each distinct text once is much cheaper than building every copy
 * with JSON.parse and serialising it again to recognise it. The skimmer checks the structure
 * (brackets, commas, colons, strings); the values it hands out are parsed (or recognised as a
 * text already parsed) by the caller, which so validates them.
 */

/** A JSON value kept as its text. */
export class RawJson {
  public constructor(public readonly text: string) {}

  /** The first character: `{` object, `[` array, `"` string, else a literal. */
  public get kind(): string {
    return this.text[0];
  }

  public parse(): unknown {
    return JSON.parse(this.text);
  }
}

/** The text is not well-formed JSON at `offset`. */
export class SkimError extends Error {
  public constructor(public readonly offset: number) {
    super(`malformed JSON at offset ${offset}`);
    this.name = 'SkimError';
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** The index after the string that opens at `at`. */
function skipString(text: string, at: number): number {
  let i = at + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new SkimError(at);
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index after the value that starts at `at` (after spaces). */
function skipValue(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return skipString(text, at);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new SkimError(at);
  }
  let i = at;
  while (i < text.length) {
    const d = text.charCodeAt(i);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
    i++;
  }
  if (i === at) throw new SkimError(at);
  return i;
}

/** The values of the array `value` as raw texts. */
export function skimArray(value: RawJson): RawJson[] {
  const text = value.text;
  if (text.charCodeAt(0) !== OPEN_BRACKET) throw new SkimError(0);
  const items: RawJson[] = [];
  let i = skipSpace(text, 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return items;
  for (;;) {
    const end = skipValue(text, i);
    items.push(new RawJson(text.slice(i, end)));
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACKET && i === text.length - 1) return items;
    if (c !== COMMA) throw new SkimError(i);
    i = skipSpace(text, i + 1);
  }
}

/** The members of the object `value` as raw texts, by key (the last of duplicate keys wins). */
export function skimObject(value: RawJson): Map<string, RawJson> {
  const text = value.text;
  if (text.charCodeAt(0) !== OPEN_BRACE) throw new SkimError(0);
  const members = new Map<string, RawJson>();
  let i = skipSpace(text, 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return members;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw new SkimError(i);
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new SkimError(i);
    i = skipSpace(text, i + 1);
    const end = skipValue(text, i);
    members.set(key, new RawJson(text.slice(i, end)));
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE && i === text.length - 1) return members;
    if (c !== COMMA) throw new SkimError(i);
    i = skipSpace(text, i + 1);
  }
}

/** The whole text as one value, surrounding spaces trimmed. */
export function skimDocument(text: string): RawJson {
  const start = skipSpace(text, 0);
  const end = skipValue(text, start);
  if (skipSpace(text, end) !== text.length) throw new SkimError(end);
  return new RawJson(text.slice(start, end));
}
