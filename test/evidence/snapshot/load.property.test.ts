import fc from 'fast-check';
import { InputError } from '../../../lambda/errors';
import { parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { fixture, setAt } from './helpers';

type Path = (string | number)[];

/** Every path inside `json`, containers included. */
function pathsOf(json: unknown, path: Path = []): Path[] {
  const children = Array.isArray(json)
    ? json.map((value, index) => pathsOf(value, [...path, index]))
    : typeof json === 'object' && json !== null
      ? Object.entries(json).map(([key, value]) => pathsOf(value, [...path, key]))
      : [];
  return [path, ...children.flat()];
}

/** Runs `parseSnapshot`; returns the thrown value, or undefined when it parsed. */
function thrownBy(json: unknown): unknown {
  try {
    parseSnapshot(json, 'snap.json');
    return undefined;
  } catch (error) {
    return error;
  }
}

const VALID_PATHS = pathsOf(fixture('multi-account.json'));

describe('parseSnapshot on arbitrary input', () => {
  it('throws nothing but InputError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        // Given any JSON value / When it is parsed as a snapshot
        const error = thrownBy(json);

        // Then it either parses or fails with a one-line InputError
        if (error !== undefined) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).not.toMatch(/\n/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but InputError, naming a path, when any part of a valid snapshot is replaced by arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID_PATHS), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        // Given the valid fixture with one part replaced
        const json = setAt(fixture('multi-account.json'), path, value);

        // When it is parsed
        const error = thrownBy(json);

        // Then it either parses or fails with a one-line InputError that starts with the file
        if (error !== undefined) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).message).toMatch(/^snap\.json: [^\n]+$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts any snapshot of the documented shape with only unknown (absent) sections', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^\d{12}$/), { maxLength: 4 }), (accounts) => {
        // Given accounts that hold nothing / When the snapshot is parsed / Then every account is kept
        const json = {
          snapshotVersion: 1,
          region: 'us-east-1',
          accounts: Object.fromEntries(accounts.map((id) => [id, {}])),
        };
        expect(Object.keys(parseSnapshot(json, 'snap.json').accounts).sort()).toEqual([...accounts].sort());
      }),
    );
  });
});
