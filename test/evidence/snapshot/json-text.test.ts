import fc from 'fast-check';
import { InputError } from '../../../lambda/errors';
import { parseJson } from '../../../lambda/evidence/snapshot/load';
import { positionAt, syntaxErrorPosition, valuePosition } from '../../../lambda/evidence/snapshot/json-text';

/** JSON text with a few characters replaced at a random place: sometimes valid, mostly not. */
const damagedJson = fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 2 })).map(([json, cut, junk]) => {
  const at = cut % (json.length + 1);
  return json.slice(0, at) + junk + json.slice(at + 1);
});

/** What JSON.parse says of `text`: undefined when it parses. */
function parseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The message of parseJson's InputError; undefined when the text parses. */
function parseJsonError(text: string): string | undefined {
  try {
    parseJson(text, 'f.json');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
}

describe('parseJson', () => {
  it('accepts valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        // Given valid JSON text / When it is parsed / Then it is the value JSON.parse gives
        expect(parseJson(text, 'f.json')).toEqual(JSON.parse(text));
      }),
    );
  });

  it('fails exactly where JSON.parse fails, at the position JSON.parse names when it names one', () => {
    fc.assert(
      fc.property(damagedJson, (text) => {
        // Given damaged JSON text
        // When it is parsed by both
        const native = parseError(text);
        const ours = parseJsonError(text);

        // Then both agree whether it is valid, and on the position
        expect(ours === undefined).toBe(native === undefined);
        const named = /position (\d+)/.exec(native ?? '');
        if (named) {
          const { line, column } = positionAt(text, Number(named[1]));
          expect(ours).toContain(`at line ${line}, column ${column} `);
        }
        if (ours !== undefined) expect(ours).not.toMatch(/\n/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('syntaxErrorPosition', () => {
  it.each([
    ['{"a": }', 1, 7],
    ['[1, 2', 1, 6],
    // JSON.parse stops at the "}"; the syntax tree names the word that is not a literal.
    ['{"a": tru}', 1, 7],
    ['"\\x"', 1, 3],
    ['01', 1, 2],
    ['{} x', 1, 4],
    ['{\n  "a": 1,\n  x}', 3, 3],
    ['{"a":\n', 2, 1],
  ])('points into %j at line %d, column %d', (text, line, column) => {
    // Given a known syntax error / When it is located / Then the position is that of the bad character
    expect(syntaxErrorPosition(text, parseError(text) ?? '')).toEqual({ line, column });
  });
});

describe('positionAt', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['a\nbc', 3, 2, 2],
    ['a\n', 2, 2, 1],
  ])('places offset %#', (text, offset, line, column) => {
    // Given text and an offset / When it is located / Then lines and columns count from 1
    expect(positionAt(text, offset)).toEqual({ line, column });
  });
});

describe('valuePosition', () => {
  const text = '{\n  "a": [1, {"b": true}],\n  "c.d": null,\n  "a": [7]\n}';

  it.each([
    [['c.d'], 'value', 3, 10],
    [['c.d'], 'key', 3, 3],
    // JSON.parse keeps the last of duplicate keys: so do positions.
    [['a', 0], 'value', 4, 9],
    [['a', 5], 'value', 4, 8],
    [['missing'], 'value', 1, 1],
    [[], 'value', 1, 1],
  ] as const)('places %j (%s) at line %d, column %d', (path, at, line, column) => {
    // Given a document and a path / When the path is located / Then it is where the text writes it
    expect(valuePosition(text, path, at)).toEqual({ line, column });
  });

  it('gives no position in text that is not JSON', () => {
    expect(valuePosition('{', ['a'])).toBeUndefined();
  });
});
