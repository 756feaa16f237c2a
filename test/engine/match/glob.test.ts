import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { compileGlob } from '../../../lambda/engine/match/glob';

interface MatchCase {
  rule: string;
  doc: string;
  pattern: string;
  text: string;
  ignoreCase: boolean;
  expected: boolean;
}
interface PairCase {
  rule: string;
  doc: string;
  pattern: string;
  other: string;
  expected: boolean;
}

const table = JSON.parse(readFileSync(join(__dirname, '../../fixtures/engine/match/globs.json'), 'utf8')) as {
  matches: MatchCase[];
  covers: PairCase[];
  overlaps: PairCase[];
};

describe('compileGlob().matches', () => {
  it.each(table.matches)('$rule ($doc)', ({ pattern, text, ignoreCase, expected }) => {
    // Given a compiled pattern, When a string is matched, Then the answer follows the rule
    expect(compileGlob(pattern, { ignoreCase }).matches(text)).toBe(expected);
  });
});

describe('compileGlob().covers (pattern containment)', () => {
  it.each(table.covers)('$rule ($doc)', ({ pattern, other, expected }) => {
    // Given two patterns, When containment is asked, Then the answer follows the rule
    expect(compileGlob(pattern).covers(compileGlob(other))).toBe(expected);
  });
});

describe('compileGlob().overlaps (pattern intersection)', () => {
  it.each(table.overlaps)('$rule ($doc)', ({ pattern, other, expected }) => {
    // Given two patterns, When intersection is asked, Then the answer is the same both ways
    expect(compileGlob(pattern).overlaps(compileGlob(other))).toBe(expected);
    expect(compileGlob(other).overlaps(compileGlob(pattern))).toBe(expected);
  });
});

/** Every string over `alphabet` up to `maxLength` characters. */
function allStrings(alphabet: string, maxLength: number): string[] {
  const out = [''];
  let layer = [''];
  for (let length = 1; length <= maxLength; length++) {
    layer = layer.flatMap((prefix) => [...alphabet].map((char) => prefix + char));
    out.push(...layer);
  }
  return out;
}

/** The reference semantics: a regular expression built independently of the matcher. */
function reference(pattern: string, ignoreCase = false): RegExp {
  const body = [...pattern]
    .map((char) =>
      char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

// Patterns of up to 5 tokens over {a, b, *, ?}; witnesses of containment failure and of
// intersection for such patterns are short, so strings of up to 9 letters decide both.
const smallPattern = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 5 }).map((chars) => chars.join(''));
const UNIVERSE = allStrings('abc', 9);

describe('glob properties (fast-check)', () => {
  it('matches agrees with a regular-expression reference on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.string({ maxLength: 12 }),
        fc.boolean(),
        (pattern, text, ignoreCase) => {
          // Given any pattern and text, When matched, Then the answer equals the reference's
          expect(compileGlob(pattern, { ignoreCase }).matches(text)).toBe(reference(pattern, ignoreCase).test(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches agrees with the reference on patterns built from pattern characters', () => {
    const patternChars = fc
      .array(fc.constantFrom('a', 'b', 'A', '*', '?', ':', '/'), { maxLength: 8 })
      .map((c) => c.join(''));
    const texts = fc.array(fc.constantFrom('a', 'b', 'A', 'B', ':', '/'), { maxLength: 10 }).map((c) => c.join(''));
    fc.assert(
      fc.property(patternChars, texts, fc.boolean(), (pattern, text, ignoreCase) => {
        expect(compileGlob(pattern, { ignoreCase }).matches(text)).toBe(reference(pattern, ignoreCase).test(text));
      }),
      { numRuns: 800 },
    );
  });

  it('covers agrees with brute-force enumeration', () => {
    fc.assert(
      fc.property(smallPattern, smallPattern, (outer, inner) => {
        // Given two small patterns
        const o = compileGlob(outer);
        const i = compileGlob(inner);
        // When containment is decided by enumeration of every short string
        const expected = UNIVERSE.every((text) => !i.matches(text) || o.matches(text));
        // Then the automaton gives the same answer
        expect(o.covers(i)).toBe(expected);
      }),
      { numRuns: 800 },
    );
  });

  it('overlaps agrees with brute-force enumeration', () => {
    fc.assert(
      fc.property(smallPattern, smallPattern, (a, b) => {
        const x = compileGlob(a);
        const y = compileGlob(b);
        const expected = UNIVERSE.some((text) => x.matches(text) && y.matches(text));
        expect(x.overlaps(y)).toBe(expected);
      }),
      { numRuns: 800 },
    );
  });

  it('covers and overlaps agree with enumeration when cases differ', () => {
    const mixed = fc.array(fc.constantFrom('a', 'A', '*', '?'), { maxLength: 4 }).map((chars) => chars.join(''));
    const universe = allStrings('aAb', 6);
    fc.assert(
      fc.property(mixed, fc.boolean(), mixed, fc.boolean(), (p, pi, q, qi) => {
        // Given patterns that may each ignore case
        const x = compileGlob(p, { ignoreCase: pi });
        const y = compileGlob(q, { ignoreCase: qi });
        // Then containment and intersection follow the enumerated languages
        expect(x.covers(y)).toBe(universe.every((text) => !y.matches(text) || x.matches(text)));
        expect(x.overlaps(y)).toBe(universe.some((text) => x.matches(text) && y.matches(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary patterns and texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (p, q, text) => {
        const x = compileGlob(p);
        const y = compileGlob(q, { ignoreCase: true });
        x.matches(text);
        x.covers(y);
        y.overlaps(x);
      }),
      { numRuns: 500 },
    );
  });
});
