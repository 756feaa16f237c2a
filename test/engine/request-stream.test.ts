/**
 * Reading a `simulate` requests file as a stream: every request handed out as it is read, at
 * whatever byte boundaries the file arrives, and repeated documents compiled once.
 */
import fc from 'fast-check';
import { MalformedJsonError, RequestsShapeError, RequestStream } from '../../lambda/cli/request-stream';
import { PolicyCache } from '../../lambda/cli/simulate-request';

/** The requests of `text`, fed in chunks that end at the given byte offsets. */
function read(text: string, cuts: number[] = []): unknown[] {
  const bytes = Buffer.from(text, 'utf8');
  const requests: unknown[] = [];
  const stream = new RequestStream((request) => requests.push(request));
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    stream.write(bytes.subarray(from, cut));
    from = cut;
  }
  stream.write(bytes.subarray(from));
  stream.end();
  return requests;
}

describe('RequestStream', () => {
  it('hands out the exact requests of a list or of {"requests": [...]}, whatever the spacing and chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), fc.string({ unit: 'binary' }))),
        fc.dictionary(
          fc.string({ unit: 'grapheme' }).filter((k) => k !== 'requests'),
          fc.jsonValue(),
        ),
        fc.constantFrom(0, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (list, others, space, cuts) => {
          // Given JSON text / When read through the stream in chunks / Then each request parses to the original
          const expected = JSON.parse(JSON.stringify(list));
          expect(read(JSON.stringify(list, null, space), cuts)).toEqual(expected);
          const wrapped = JSON.stringify({ ...others, requests: list, after: others }, null, space);
          expect(read(wrapped, cuts)).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('hands out each request as soon as it is read', () => {
    // Given the first half of a file / When written / Then its complete requests are out already
    const seen: unknown[] = [];
    const stream = new RequestStream((request) => seen.push(request));
    stream.write(Buffer.from('{"requests": [{"id": 1}, {"id": 2}, {"id"'));
    expect(seen).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it.each(['{"a": 1', '[1, 2', '{"a" 1}', '[1 2]', '{"a": "x}', '[1,]', '', '[] []', '{"requests": [], "x": tru}'])(
    'rejects malformed text %j',
    (text) => {
      // Given malformed JSON / When read / Then it fails as not JSON
      expect(() => read(text)).toThrow(MalformedJsonError);
    },
  );

  it('keeps documents as written and every other field parsed', () => {
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
    // When read
    const [first, second] = read(text) as [Record<string, unknown>, unknown];
    // Then
    expect(first.id).toBe(1);
    expect(first.resourcePolicy).toBeNull();
    expect(first.identityPolicies).toEqual([
      { Statement: { Sid: 'a "quoted" ]} sid', Effect: 'Allow' } },
      '{"x":1}',
      7,
    ]);
    expect(first.scps).toEqual([[{}], 3]);
    expect(second).toBe('not an object');
  });

  it('rejects a top level of another shape, after reading it whole', () => {
    expect(() => read('{"request": []}')).toThrow(RequestsShapeError);
    expect(() => read('{"requests": {"a": {"id": 1}}}')).toThrow(RequestsShapeError);
    expect(() => read('"x"')).toThrow(RequestsShapeError);
    expect(() => read('"x')).toThrow(MalformedJsonError);
    expect(read('{"requests": []}')).toEqual([]);
  });

  it('passes an error of the request handler through as it is', () => {
    const failure = new TypeError('engine bug');
    const stream = new RequestStream(() => {
      throw failure;
    });
    expect(() => stream.write(Buffer.from('[{"id": 1}]'))).toThrow(failure);
  });
});

describe('PolicyCache', () => {
  it('compiles a document repeated in request after request once, and tells apart documents that start alike', () => {
    // Given the same document twice (two objects, as two requests carry it), and a different one
    // with the same start (the texts are longer than any prefix a cache might key on)
    const doc = () => ({
      Statement: { Sid: 'a " ]', Effect: 'Allow', Resource: `${'x'.repeat(300)}`, Action: 's3:*' },
    });
    const other = { Statement: { ...doc().Statement, Action: 'kms:*' } };
    const cache = new PolicyCache();
    // When compiled
    const first = cache.get(doc(), 'identity', 'identityPolicies[0]');
    const second = cache.get(doc(), 'identity', 'identityPolicies[0]');
    const third = cache.get(other, 'identity', 'identityPolicies[0]');
    // Then
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(third.statements[0]).toMatchObject({ sid: 'a " ]', actions: ['kms:*'] });
    // The same text in another place is another policy (its name is part of what explains cite)
    expect(cache.get(doc(), 'identity', 'identityPolicies[1]')).not.toBe(first);
  });
});
