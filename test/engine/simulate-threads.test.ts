/**
 * `simulate` on several threads (docs/engine.md, "Speed"): each share of a file, merged in input
 * order, gives the lines one thread gives, and a file found unusable stops at the same point,
 * with the same message, whichever share finds it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShareReader, type Unusable } from '../../lambda/cli/simulate-share';
import { InOrder } from '../../lambda/cli/simulate-threads';

const ENGINE_FIXTURES = join(__dirname, '..', 'fixtures', 'engine');
const CLI = join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');

/** Every request of the engine's rule fixtures, over its file's defaults (as simulate.test.ts). */
const fixtures: Record<string, unknown>[] = ['ec2', 'ecr', 'kms', 's3', 'sts'].flatMap((group) =>
  readdirSync(join(ENGINE_FIXTURES, group))
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => {
      const file = JSON.parse(readFileSync(join(ENGINE_FIXTURES, group, name), 'utf8'));
      return file.cases.map((c: { request: object }) => ({ ...file.defaults, ...c.request }));
    }),
);

/** `count` requests: the fixtures over and over, each with an id of its own, one per line. */
function requests(count: number): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify({ ...fixtures[i % fixtures.length], id: `r${i}` }));
}

/** `lines` with line `i` replaced by `text`. */
const replaced = (lines: string[], i: number, text: string) => lines.map((line, at) => (at === i ? text : line));

const file = (lines: string[]) => `{"requests": [\n${lines.join(',\n')}\n]}`;

/** The file read in `of` shares, chunk by chunk, and merged as runSimulate merges them. */
function readInShares(bytes: Buffer, of: number, chunk = 1 << 14): { lines: string[]; failure?: Unusable } {
  const readers = Array.from({ length: of }, (_, index) => new ShareReader('json', { index, of }));
  const order = new InOrder();
  for (let at = 0; at < bytes.length && order.failure === undefined; at += chunk) {
    for (const reader of readers) order.add(reader.write(bytes.subarray(at, at + chunk)));
  }
  if (order.failure === undefined) for (const reader of readers) order.add(reader.end());
  return { lines: order.take(), ...(order.failure && { failure: order.failure }) };
}

describe('simulate in shares', () => {
  // An Error line among them: a request without its principal.
  const noPrincipal = '{"id": "no-principal", "action": "s3:GetObject", "resource": "*"}';
  const batch = replaced(replaced(requests(1000), 130, noPrincipal), 500, noPrincipal);
  const alone = readInShares(Buffer.from(file(batch)), 1);

  it.each([2, 3, 5])('gives the lines of one thread, in input order, read in %i shares', (of) => {
    // Given a batch of 1,000 requests (the first thread's 384, then batches of 64 in turn; Error
    // lines among them, in both shares)
    expect(alone.lines).toHaveLength(1000);
    expect(alone.lines.some((line) => JSON.parse(line).decision === 'Error')).toBe(true);
    // When read in shares / Then the same lines
    expect(readInShares(Buffer.from(file(batch)), of)).toEqual(alone);
  });

  it.each([
    ['a request that is not JSON', (lines: string[]) => replaced(lines, 460, '{"id": "bad", "principal": tru}')],
    [
      'a request that is not UTF-8',
      (lines: string[]) => replaced(lines, 460, lines[460].replace('"id":"r460"', '"id":"r460\u0000"')),
    ],
    ['text that ends the list early', (lines: string[]) => replaced(lines, 460, `${lines[460]}]]`)],
  ])('stops at the same point, with the same message, for %s in the second share', (_case, spoil) => {
    // Given the batch spoiled at request 460 (the second share's, of two: past the first
    // thread's 384, in the second batch of 64)
    const text = file(spoil(batch.slice(0, 600)));
    const bytes = Buffer.from(text.replace('\u0000', '\u00ff'), 'latin1');
    // When read by one thread and in two shares
    const one = readInShares(bytes, 1);
    const two = readInShares(bytes, 2);
    // Then the same lines (those before the point), and the same failure
    expect(one.failure?.kind).toBe('malformed');
    expect(two).toEqual(one);
    expect(one.lines.length).toBeLessThanOrEqual(461);
    expect(one.lines.length).toBeGreaterThanOrEqual(460);
  });

  it('finds a file of another shape in every share', () => {
    const bytes = Buffer.from(JSON.stringify({ notRequests: batch.slice(0, 100).map((line) => JSON.parse(line)) }));
    expect(readInShares(bytes, 2)).toEqual(readInShares(bytes, 1));
    expect(readInShares(bytes, 2).failure?.kind).toBe('shape');
  });
});

describe('simulate --threads, as a process (dist/bin/cli.js, built before the tests run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-threads-'));
  const run = (path: string, threads: number) =>
    spawnSync(
      process.execPath,
      [CLI, 'simulate', '--requests', path, '--format', 'json', '--threads', String(threads)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      },
    );

  it('writes the same lines on 2 threads as on one, for a file of more than one chunk', () => {
    // Given a file of more than 1 MiB (worker threads start only then)
    const path = join(dir, 'large.json');
    const lines = requests(4000);
    writeFileSync(path, file(lines));
    expect(readFileSync(path).length).toBeGreaterThan(1 << 20);
    // When simulated on one thread and on two / Then the same output, a line per request
    const one = run(path, 1);
    const two = run(path, 2);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(4000);
  });

  it('stops where one thread stops when a request past the first chunk is not UTF-8', () => {
    // Given a large file whose request 3,010 (of the second share) holds a byte that is not UTF-8
    const path = join(dir, 'not-utf8.json');
    const lines = requests(4000);
    lines[3010] = lines[3010].replace('"id":"r3010"', '"id":"r3010\u0000"');
    writeFileSync(path, Buffer.from(file(lines).replace('\u0000', '\u00ff'), 'latin1'));
    // When simulated on one thread and on two / Then the same lines before it, the same one-line error
    const one = run(path, 1);
    const two = run(path, 2);
    expect(one.status).toBe(2);
    expect(two.status).toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toMatch(/not-utf8\.json is not valid JSON: the text is not UTF-8 at line 3012, column \d+/);
    expect(one.stdout.trimEnd().split('\n')).toHaveLength(3010);
  });

  it.each(['0', '65', 'two'])('refuses --threads %s in one line', (threads) => {
    const refused = spawnSync(process.execPath, [CLI, 'simulate', '--requests', '-', '--threads', threads], {
      encoding: 'utf8',
      input: '[]',
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/--threads must be a whole number from 1 to 64/);
  });
});
