/**
 * The JSON skimmer that lets `simulate` recognise repeated documents by their text.
 */
import fc from 'fast-check';
import { RawJson, skimArray, skimDocument, skimObject, SkimError } from '../../lambda/cli/json-skim';
import { skimRequests } from '../../lambda/cli/simulate-request';

describe('json-skim', () => {
  it('hands out the exact values of arrays and objects, whatever the spacing', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(0, 2, '\t'), (list, object, space) => {
        // Given JSON text / When skimmed / Then each raw member parses to the original member
        expect(skimArray(skimDocument(JSON.stringify(list, null, space))).map((raw) => raw.parse())).toEqual(
          JSON.parse(JSON.stringify(list)),
        );
        const members = skimObject(skimDocument(JSON.stringify(object, null, space)));
        expect(Object.fromEntries([...members].map(([k, raw]) => [k, raw.parse()]))).toEqual(JSON.parse(JSON.stringify(object)));
      }),
      { numRuns: 500 },
    );
  });

  it.each(['{"a": 1', '[1, 2', '{"a" 1}', '[1 2]', '{"a": "x}', '[1,]', '{} x', ''])('rejects malformed text %j', (text) => {
    // Given malformed JSON / When skimmed and parsed / Then it fails
    expect(() => {
      const top = skimDocument(text);
      if (top.kind === '[') skimArray(top).forEach((raw) => raw.parse());
      else if (top.kind === '{') skimObject(top).forEach((raw) => raw.parse());
      else top.parse();
    }).toThrow(text === '' ? SkimError : Error);
  });

  it('skimRequests keeps documents as raw text and parses every other field', () => {
    // Given a batch with a document holding escaped quotes and brackets inside strings
    const text = JSON.stringify({
      requests: [
        { id: 1, principal: 'p', identityPolicies: [{ Statement: { Sid: 'a "quoted" ]} sid', Effect: 'Allow' } }, '{"x":1}', 7], scps: [[{}], 3], resourcePolicy: null },
        'not an object',
      ],
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

  it('skimRequests gives undefined for a top level of another shape', () => {
    expect(skimRequests('{"request": []}')).toBeUndefined();
    expect(skimRequests('"x"')).toBeUndefined();
  });
});
