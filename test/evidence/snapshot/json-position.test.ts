import fc from 'fast-check';
import { lineAndColumn, syntaxErrorOffset } from '../../../lambda/evidence/snapshot/json-position';

/** JSON text with a few characters replaced at a random place: sometimes valid, mostly not. */
const damagedJson = fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 2 })).map(([json, cut, junk]) => {
  const at = cut % (json.length + 1);
  return json.slice(0, at) + junk + json.slice(at + 1);
});

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('syntaxErrorOffset', () => {
  it('finds no error in valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        // Given valid JSON text / When it is scanned / Then no offset is reported
        expect(syntaxErrorOffset(text)).toBeUndefined();
      }),
    );
  });

  it('finds an error exactly where JSON.parse fails, at the position JSON.parse names when it names one', () => {
    fc.assert(
      fc.property(damagedJson, (text) => {
        // Given damaged JSON text
        // When it is scanned and parsed
        const offset = syntaxErrorOffset(text);
        let message = '';
        try {
          JSON.parse(text);
        } catch (error) {
          message = (error as Error).message;
        }

        // Then both agree whether it is valid, and on the position
        expect(offset === undefined).toBe(parses(text));
        const position = /position (\d+)/.exec(message);
        if (position) expect(offset).toBe(Number(position[1]));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['{"a": }', 6],
    ['[1, 2', 5],
    ['{"a": tru}', 9],
    ['"\\x"', 2],
    ['01', 1],
    ['{} x', 3],
  ])('points into %s at offset %d', (text, offset) => {
    // Given a known syntax error / When it is scanned / Then the offset is that of the bad character
    expect(syntaxErrorOffset(text)).toBe(offset);
  });
});

describe('lineAndColumn', () => {
  it.each([
    ['abc', 0, 'line 1, column 1'],
    ['abc', 2, 'line 1, column 3'],
    ['a\nbc', 3, 'line 2, column 2'],
    ['a\n', 2, 'line 2, column 1'],
  ])('places offset %#', (text, offset, expected) => {
    // Given text and an offset / When it is located / Then lines and columns count from 1
    expect(lineAndColumn(text, offset)).toBe(expected);
  });
});
