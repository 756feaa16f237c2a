/**
 * Reading a `simulate` requests file as a stream: every request handed out as it is read, at
 * whatever byte boundaries the file arrives, and repeated documents compiled once.
 */
import fc from 'fast-check';
import { MalformedJsonError, RequestsShapeError, RequestStream } from '../../lambda/cli/request-stream';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';

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

  it('hands out the same requests wherever a chunk ends, escapes and nested values included', () => {
    // Given requests with escapes inside values at every depth, and members followed or not
    const requests = [
      { id: 'a\\"b', identityPolicies: [{ S: ['x\\"y', { c: '\\\\', d: [[]] }] }], scps: [[{ e: '"}]' }], []] },
      [[{ f: '\\u0041' }]],
      's\\"t',
      { context: { k: ['{', ']'] }, resourcePolicy: { g: { h: '\\\\"' } } },
    ];
    const text = JSON.stringify({ requests });
    const bytes = Buffer.from(text);
    for (const options of [
      undefined,
      { members: ['identityPolicies', 'scps', 'resourcePolicy'], reuse: () => false },
    ]) {
      for (let cut = 0; cut <= bytes.length; cut++) {
        // When the file arrives in two chunks cut at that byte
        const out: unknown[] = [];
        const stream = new RequestStream((request) => out.push(request), options);
        stream.write(bytes.subarray(0, cut));
        stream.write(bytes.subarray(cut));
        stream.end();
        // Then the requests are those of the file
        expect(out).toEqual(requests);
      }
    }
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

  it.each([
    ['{"requests": [\n{"id": 1},\n{"id" 2}]}', /^Expected ':' after property name at line 3, column 7$/],
    ['[1 2]', /^expected ',' or '\]' after a request, found '2' at line 1, column 4$/],
    ['[{"a": 1},\n ]', /^expected a value, found '\]' at line 2, column 2$/],
    ['{"a" 1}', /^expected ':' after the member name, found '1' at line 1, column 6$/],
    ['[{"a": 1}] x', /^unexpected text after the JSON value at line 1, column 12$/],
    ['{"requests": [\n  {"id": "été", "x": tru}]}', /^Unexpected token '}' at line 2, column 22$/],
    ['[{"a": 1},\n{"b": 2', /^the file ends before its JSON value does \(line 2, column 8\)$/],
    ['', /^the file holds no JSON value$/],
  ])('places the error in %j at its line and column', (text, message) => {
    // Given malformed JSON / When read / Then the message says what and where (columns count characters)
    expect(() => read(text)).toThrow(message);
  });

  it('places an error at the same line and column wherever the chunks end', () => {
    // Given malformed text with characters of two, three and four bytes before the error
    const text = '\uFEFF{"requests": [\n  {"id": "été €"},\n  {"id": "ü𝄞", "x": tru}]}';
    const messageOf = (cuts: number[]) => {
      try {
        read(text, cuts);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    // When read whole, and cut at every byte after the byte order mark (a mark cut in two is not
    // looked for) / Then the same message (columns count characters)
    expect(messageOf([])).toBe("Unexpected token '}' at line 3, column 22");
    for (let cut = 3; cut <= Buffer.byteLength(text); cut++) {
      expect(messageOf([cut])).toBe(messageOf([]));
      expect(messageOf([cut, Math.min(cut + 7, Buffer.byteLength(text))])).toBe(messageOf([]));
    }
  });

  it('refuses text that is not UTF-8, at the first bad byte, and skips a byte order mark', () => {
    // Given a request with a byte that is not UTF-8 after a two-byte character
    const bad = Buffer.concat([Buffer.from('[\n{"id": "é'), Buffer.from([0xff]), Buffer.from('"}]')]);
    const stream = new RequestStream(() => undefined);
    // When read / Then refused at line 2, column 10 (the column counts 'é' once)
    expect(() => stream.write(bad)).toThrow(/^the text is not UTF-8 at line 2, column 10$/);
    expect(() => read('[{"id": "\uFFFD"}]')).not.toThrow();
    // A UTF-8 byte order mark at the start is not part of the JSON (editors write one)
    expect(read('\uFEFF{"requests": [{"id": 1}]}')).toEqual([{ id: 1 }]);
  });

  it('tells the texts of the members asked for, and reads those the caller holds as null', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'keep', 'c'), fc.jsonValue()), { minLength: 1 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(0, 2),
        (requests, cuts, space) => {
          // Given requests whose member `keep` the caller holds when it has seen its text before
          const text = JSON.stringify({ requests }, null, space);
          const seen = new Set<string>();
          const out: Array<{ value: unknown; texts: ReadonlyMap<string, string> }> = [];
          const stream = new RequestStream((value, texts) => out.push({ value, texts }), {
            members: ['keep', 'b'],
            reuse: (name, memberText) => {
              if (name !== 'keep') return false;
              const held = seen.has(memberText);
              seen.add(memberText);
              return held;
            },
          });
          const bytes = Buffer.from(text, 'utf8');
          let from = 0;
          for (const cut of cuts.map((c) => c % (bytes.length + 1)).sort((x, y) => x - y)) {
            stream.write(bytes.subarray(from, cut));
            from = cut;
          }
          stream.write(bytes.subarray(from));
          stream.end();
          // Then each member text is the member's value as written, and a held member reads as null
          expect(out).toHaveLength(requests.length);
          const before = new Set<string>();
          out.forEach(({ value, texts }, i) => {
            const expected = JSON.parse(JSON.stringify(requests[i])) as Record<string, unknown>;
            for (const name of ['keep', 'b']) {
              if (!(name in expected)) expect(texts.has(name)).toBe(false);
              else expect(JSON.parse(Buffer.from(texts.get(name)!, 'latin1').toString('utf8'))).toEqual(expected[name]);
            }
            const keep = texts.get('keep');
            if (keep !== undefined && before.has(keep)) expected.keep = null;
            if (keep !== undefined) before.add(keep);
            expect(value).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells the texts of the object and string elements of list members, and reads those held as null', () => {
    const element = fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.array(fc.record({ docs: fc.array(element, { maxLength: 4 }), other: fc.jsonValue() }), { minLength: 1 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(0, 2),
        (requests, cuts, space) => {
          // Given requests whose list member `docs` holds documents, and lists of them; the
          // caller holds an element (never the whole member) when it has seen its text before
          const text = JSON.stringify({ requests }, null, space);
          const seen = new Set<string>();
          const out: Array<{ value: unknown; texts: ReadonlyMap<string, string> }> = [];
          const stream = new RequestStream((value, texts) => out.push({ value, texts }), {
            members: ['docs'],
            reuse: (name, elementText) => {
              if (name === 'docs') return false;
              const key = `${name} ${elementText}`;
              const held = seen.has(key);
              seen.add(key);
              return held;
            },
          });
          const bytes = Buffer.from(text, 'utf8');
          let from = 0;
          for (const cut of cuts.map((c) => c % (bytes.length + 1)).sort((x, y) => x - y)) {
            stream.write(bytes.subarray(from, cut));
            from = cut;
          }
          stream.write(bytes.subarray(from));
          stream.end();
          // Then each object or string element, at any depth of one or two lists, is told as
          // written, under `docs[i]` / `docs[i][j]`, and reads as null once held
          const told = new Set<string>();
          const isTold = (value: unknown) =>
            typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value));
          out.forEach(({ value, texts }, r) => {
            const expected = JSON.parse(JSON.stringify(requests[r])) as { docs: unknown[] };
            const names = new Set<string>(['docs']);
            const check = (name: string, item: unknown): unknown => {
              if (!isTold(item)) return item;
              names.add(name);
              const written = texts.get(name);
              expect(written).toBeDefined();
              expect(JSON.parse(Buffer.from(written!, 'latin1').toString('utf8'))).toEqual(item);
              const key = `${name} ${written}`;
              const held = told.has(key);
              told.add(key);
              return held ? null : item;
            };
            expected.docs = expected.docs.map((item, i) =>
              Array.isArray(item)
                ? item.map((inner, j) => check(`docs[${i}][${j}]`, inner))
                : check(`docs[${i}]`, item),
            );
            expect(new Set(texts.keys())).toEqual(names);
            expect(value).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
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

  it('never serialises a document of a request read from a file to look it up (docs/engine.md, "Speed")', () => {
    // Given a request as the stream hands it out, with every kind of document, one member of it
    // followed by its text and the others not (the stream stops following members on a batch
    // that repeats none)
    const document = { Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: '*' } };
    const raw = {
      principal: 'arn:aws:iam::111111111111:role/R',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      identityPolicies: [document],
      resourcePolicy: document,
      sessionPolicy: document,
      scps: [[document]],
    };
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      // When read, as from a file (the stream gave the texts it followed)
      const request = readRequest(raw, new PolicyCache(), new Map([['identityPolicies', JSON.stringify([document])]]));
      stringify.mockClear();
      readRequest(raw, new PolicyCache(), new Map());
      // Then every document was compiled, and none was serialised
      expect(request.resourcePolicy?.statements).toHaveLength(1);
      expect(request.sessionPolicy?.statements).toHaveLength(1);
      expect(stringify).not.toHaveBeenCalled();
      // While a request built in memory (no texts) is looked up by its documents' JSON
      readRequest(raw, new PolicyCache());
      expect(stringify).toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
  });
});
