/**
 * The JSON cursor that lets `simulate` recognise repeated documents by their text.
 */
import fc from 'fast-check';
import { JsonCursor, RawJson, SkimError } from '../../lambda/cli/json-skim';
import { skimRequests } from '../../lambda/cli/simulate-request';

function readArray(text: string): unknown[] {
  const cursor = new JsonCursor(text);
  return cursor.array(() => cursor.raw().parse());
}

function readObject(text: string): Record<string, unknown> {
  const cursor = new JsonCursor(text);
  const members: Record<string, unknown> = {};
  cursor.object((key) => {
    members[key] = cursor.raw().parse();
  });
  return members;
}

describe('JsonCursor', () => {
  it('hands out the exact values of arrays and objects, whatever the spacing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }))),
        fc.dictionary(
          fc.string({ unit: 'grapheme' }).filter((k) => k !== '__proto__'),
          fc.jsonValue(),
        ),
        fc.constantFrom(0, 2, '\t'),
        (list, object, space) => {
          // Given JSON text / When read through the cursor / Then each value parses to the original
          expect(readArray(JSON.stringify(list, null, space))).toEqual(JSON.parse(JSON.stringify(list)));
          expect(readObject(JSON.stringify(object, null, space))).toEqual(JSON.parse(JSON.stringify(object)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hands out the same RawJson for a text seen before', () => {
    // Given an array holding the same object twice, and a different one with the same start
    // (the texts are longer than the 128 characters a text is looked up by)
    const doc = `{"Statement": {"Sid": "a \\" ]", "Effect": "Allow", "Resource": "${'x'.repeat(300)}", "Action": "s3:*"}}`;
    const other = doc.replace('s3:*', 'kms:*');
    const cursor = new JsonCursor(`[${doc}, ${doc},${other}]`);
    // When read
    const [first, second, third] = cursor.array(() => cursor.raw());
    // Then
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(third.parse()).toMatchObject({ Statement: { Sid: 'a " ]', Action: 'kms:*' } });
  });

  it.each(['{"a": 1', '[1, 2', '{"a" 1}', '[1 2]', '{"a": "x}', '[1,]', ''])('rejects malformed text %j', (text) => {
    // Given malformed JSON / When read and parsed / Then it fails
    expect(() => readArray(text)).toThrow(text === '' || text.startsWith('{') ? SkimError : Error);
  });
});

describe('skimRequests', () => {
  it('keeps documents as raw text and parses every other field', () => {
    // Given a batch with a document holding escaped quotes and brackets inside strings
    const text = JSON.stringify({
      requests: [
        {
          id: 1,
          principal: 'p',
          identityPolicies: [{ Statement: { Sid: 'a "quoted" ]} sid', Effect: 'Allow' } }, '{"x":1}', 7],
          scps: [[{}], 3],
          resourcePolicy: null,
        },
        'not an object',
      ],
      other: true,
    });
    // When skimmed
    const [first, second] = skimRequests(text) as [Record<string, unknown>, unknown];
    // Then
    expect(first.id).toBe(1);
    expect(first.resourcePolicy).toBeNull();
    const [doc, stringDoc, seven] = first.identityPolicies as unknown[];
    expect((doc as RawJson).parse()).toEqual({ Statement: { Sid: 'a "quoted" ]} sid', Effect: 'Allow' } });
    expect((stringDoc as RawJson).parse()).toBe('{"x":1}');
    expect(seven).toBe(7);
    expect(first.scps).toEqual([[expect.any(RawJson)], 3]);
    expect(second).toBe('not an object');
  });

  it('gives undefined for a top level of another shape, and fails on trailing text', () => {
    expect(skimRequests('{"request": []}')).toBeUndefined();
    expect(skimRequests('"x"')).toBeUndefined();
    expect(() => skimRequests('[] []')).toThrow(SkimError);
    expect(() => skimRequests('{"requests": [], "x": tru}')).toThrow(SyntaxError);
  });
});
