/**
 * Reading JSON text without building every value.
 *
 * A `simulate` batch repeats the same policy documents in request after request: reading each
 * document as its text, recognising a text already seen with one comparison, and compiling each
 * distinct text once is much cheaper than building every copy with JSON.parse. The cursor checks
 * the structure (brackets, commas, colons, strings); the values it hands out as text are parsed
 * by the caller (or recognised as a text already parsed), which so validates them.
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

/** Texts already seen are looked up by their first characters, then compared whole. */
const PREFIX_LENGTH = 128;
const CANDIDATES_PER_PREFIX = 8;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** A text already seen, with its bytes for comparison. */
interface Seen {
  value: RawJson;
  bytes: Buffer;
}

/**
 * A cursor over JSON text (UTF-8 bytes) that reads structure and hands out values as text.
 * It works on the bytes: only the values handed out are decoded, and bytes of multi-byte
 * characters never look like JSON's ASCII punctuation.
 */
export class JsonCursor {
  private at = 0;
  private readonly bytes: Buffer;
  private readonly seen = new Map<string, Seen[]>();

  public constructor(text: string | Buffer) {
    this.bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    this.space();
  }

  /** The character code of the next value (after spaces); NaN at the end. */
  public peek(): number {
    return this.at < this.bytes.length ? this.bytes[this.at] : NaN;
  }

  /** Whether the whole text has been read. */
  public atEnd(): boolean {
    return this.at >= this.bytes.length;
  }

  /** The next value as text; an object or a string seen before is the same RawJson again. */
  public raw(): RawJson {
    const start = this.at;
    const code = this.peek();
    const reusable = code === OPEN_BRACE || code === QUOTE;
    if (reusable) {
      const known = this.known(start);
      if (known) {
        this.at = start + known.bytes.length;
        this.space();
        return known.value;
      }
    }
    const end = this.skipValue(start);
    const value = new RawJson(this.bytes.toString('utf8', start, end));
    if (reusable) this.remember(start, end, value);
    this.at = end;
    this.space();
    return value;
  }

  /** Reads an array, calling `element` at the start of each element. */
  public array<T>(element: () => T): T[] {
    this.expect(OPEN_BRACKET);
    const items: T[] = [];
    if (this.peek() === CLOSE_BRACKET) {
      this.expect(CLOSE_BRACKET);
      return items;
    }
    for (;;) {
      items.push(element());
      if (this.peek() === CLOSE_BRACKET) {
        this.expect(CLOSE_BRACKET);
        return items;
      }
      this.expect(COMMA);
    }
  }

  /** Reads an object, calling `member` with each key at the start of its value. */
  public object(member: (key: string) => void): void {
    this.expect(OPEN_BRACE);
    if (this.peek() === CLOSE_BRACE) {
      this.expect(CLOSE_BRACE);
      return;
    }
    for (;;) {
      if (this.peek() !== QUOTE) throw new SkimError(this.at);
      const end = this.skipString(this.at);
      const key = JSON.parse(this.bytes.toString('utf8', this.at, end)) as string;
      this.at = end;
      this.space();
      this.expect(COLON);
      member(key);
      if (this.peek() === CLOSE_BRACE) {
        this.expect(CLOSE_BRACE);
        return;
      }
      this.expect(COMMA);
    }
  }

  private prefix(start: number): string {
    return this.bytes.toString('latin1', start, Math.min(start + PREFIX_LENGTH, this.bytes.length));
  }

  private known(start: number): Seen | undefined {
    const candidates = this.seen.get(this.prefix(start));
    if (candidates === undefined) return undefined;
    // A complete object or string that the text continues with is the value that starts here.
    for (const candidate of candidates) {
      const end = start + candidate.bytes.length;
      if (end <= this.bytes.length && candidate.bytes.compare(this.bytes, start, end) === 0) return candidate;
    }
    return undefined;
  }

  private remember(start: number, end: number, value: RawJson): void {
    const prefix = this.prefix(start);
    const seen = { value, bytes: this.bytes.subarray(start, end) };
    const candidates = this.seen.get(prefix);
    if (candidates === undefined) this.seen.set(prefix, [seen]);
    else if (candidates.length < CANDIDATES_PER_PREFIX) candidates.push(seen);
  }

  private expect(code: number): void {
    if (this.peek() !== code) throw new SkimError(this.at);
    this.at++;
    this.space();
  }

  private space(): void {
    while (this.at < this.bytes.length && isSpace(this.bytes[this.at])) this.at++;
  }

  /** The index after the string that opens at `start`. */
  private skipString(start: number): number {
    let from = start + 1;
    for (;;) {
      const quote = this.bytes.indexOf(QUOTE, from);
      if (quote < 0) throw new SkimError(start);
      let backslashes = 0;
      for (let j = quote - 1; this.bytes[j] === BACKSLASH; j--) backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  /** The index after the value that starts at `start`. */
  private skipValue(start: number): number {
    const bytes = this.bytes;
    const code = bytes[start];
    if (code === QUOTE) return this.skipString(start);
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      let depth = 0;
      for (let i = start; i < bytes.length;) {
        const c = bytes[i];
        if (c === QUOTE) {
          i = this.skipString(i);
          continue;
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
        i++;
      }
      throw new SkimError(start);
    }
    let i = start;
    while (i < bytes.length) {
      const c = bytes[i];
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
      i++;
    }
    if (i === start) throw new SkimError(start);
    return i;
  }
}
