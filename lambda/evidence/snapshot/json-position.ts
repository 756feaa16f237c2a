/**
 * Where JSON text stops being valid, for error messages that point at a line and column.
 *
 * `JSON.parse` reports a position for some errors only (Node 20 says "Unexpected token '}', ...
 * is not valid JSON" with none), so on failure the text is scanned again by the JSON grammar
 * (RFC 8259, https://www.rfc-editor.org/rfc/rfc8259) to find the offset of the first bad character.
 */

/** Thrown inside the scanner to unwind to the first error. */
class OffsetFound {
  public constructor(public readonly offset: number) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]$/;

/** The offset of the first character that makes `text` invalid JSON; `undefined` when it is valid. */
export function syntaxErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new OffsetFound(at);
  };
  const skipWhitespace = (): void => {
    while (at < text.length && WHITESPACE.has(text[at])) at += 1;
  };
  const expect = (char: string): void => {
    if (text[at] !== char) fail();
    at += 1;
  };
  const string = (): void => {
    expect('"');
    while (text[at] !== '"') {
      if (at >= text.length || text.charCodeAt(at) < 0x20) fail();
      if (text[at] === '\\') {
        at += 1;
        if (text[at] === 'u') {
          at += 1;
          for (let count = 0; count < 4; count += 1) {
            if (!HEX.test(text[at] ?? '')) fail();
            at += 1;
          }
        } else {
          if (!ESCAPES.has(text[at])) fail();
          at += 1;
        }
      } else at += 1;
    }
    at += 1;
  };
  const isDigit = (): boolean => text[at] >= '0' && text[at] <= '9';
  const digits = (): void => {
    if (!isDigit()) fail();
    while (isDigit()) at += 1;
  };
  const number = (): void => {
    if (text[at] === '-') at += 1;
    if (text[at] === '0') at += 1;
    else digits();
    if (text[at] === '.') {
      at += 1;
      digits();
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at += 1;
      if (text[at] === '+' || text[at] === '-') at += 1;
      digits();
    }
  };
  const sequence = (close: string, item: () => void): void => {
    at += 1;
    skipWhitespace();
    if (text[at] === close) {
      at += 1;
      return;
    }
    for (;;) {
      item();
      skipWhitespace();
      if (text[at] === close) {
        at += 1;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[at];
    if (char === '{') {
      sequence('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
      });
    } else if (char === '[') sequence(']', value);
    else if (char === '"') string();
    else if (char === 't' || char === 'f' || char === 'n') {
      const word = char === 't' ? 'true' : char === 'f' ? 'false' : 'null';
      for (const letter of word) expect(letter);
    } else number();
  };
  try {
    value();
    skipWhitespace();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof OffsetFound) return error.offset;
    // Nesting too deep to scan: no position to give.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** `line L, column C` (both from 1) of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
}
