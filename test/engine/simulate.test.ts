/**
 * The `simulate` command (docs/formats/requests.md): one JSON line per request in input order, an
 * `Error` line for a request that cannot be evaluated, exit 2 for an unusable file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lambda/cli/main';
import { runSimulate } from '../../lambda/cli/simulate';
import type { CommandIO } from '../../lambda/cli/io';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';
import { PolicyError } from '../../lambda/engine/errors';
import { evaluate } from '../../lambda/engine/evaluate';
import { explain } from '../../lambda/engine/explain';

const BATCH = join(__dirname, '..', 'fixtures', 'engine', 'simulate', 'batch.json');
const ENGINE_FIXTURES = join(__dirname, '..', 'fixtures', 'engine');

/** Every request of the engine's rule fixtures (test/engine/fixtures.test.ts), over its file's defaults. */
function fixtureRequests(): Record<string, unknown>[] {
  return ['ec2', 'ecr', 'kms', 's3', 'sts'].flatMap((group) =>
    readdirSync(join(ENGINE_FIXTURES, group))
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        const file = JSON.parse(readFileSync(join(ENGINE_FIXTURES, group, name), 'utf8'));
        return file.cases.map((c: { request: object }) => ({ ...file.defaults, ...c.request }));
      }),
  );
}

/** The output line of one request evaluated on its own, with a cache of its own. */
function aloneLine(raw: Record<string, unknown>): unknown {
  const id = raw.id ?? null;
  try {
    const evaluation = evaluate(readRequest(raw, new PolicyCache()));
    return { id, decision: evaluation.decision, blockedBy: evaluation.blockedBy, explain: explain(evaluation) };
  } catch (error) {
    if (!(error instanceof PolicyError) && !(error instanceof Error && error.name === 'RequestError')) throw error;
    return { id, decision: 'Error', error: error.message };
  }
}
const ROOT = join(__dirname, '..', '..');

function captured(isTTY = false): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY,
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'simulate-test-')), name);
  writeFileSync(file, content);
  return file;
}

describe('simulate', () => {
  it('writes one JSON line per request, in input order, and goes on after a request that cannot be evaluated', async () => {
    // Given a batch with good and bad requests / When simulated as JSON
    const io = captured();
    const code = await runSimulate(['--requests', BATCH, '--format', 'json'], io);
    // Then every request has its line, in order
    const lines = io.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(code).toBe(0);
    expect(lines.map((l) => [l.id, l.decision])).toEqual([
      ['denied-by-bucket', 'ExplicitlyDenied'],
      [2, 'Error'],
      ['bad-field', 'Error'],
      ['allowed', 'Allowed'],
      ['two-boundaries', 'Error'],
    ]);
    expect(lines[0]).toEqual({
      id: 'denied-by-bucket',
      decision: 'ExplicitlyDenied',
      blockedBy: ['identity', 'resource'],
      explain: expect.stringContaining("Deny 'DenyExecRole'"),
    });
    expect(lines[1].error).toMatch(
      /policy 'identityPolicies\[0\]' \(identity\): statement #0: has neither Action nor NotAction/,
    );
    expect(lines[2].error).toBe("'resource' must be a non-empty string");
    expect(lines[4].error).toBe("'permissionBoundaries' holds at most one document");
    expect(lines[3]).toEqual({ id: 'allowed', decision: 'Allowed', blockedBy: [], explain: expect.any(String) });
  });

  it('gives each request the line it gets on its own when a batch repeats the same documents', async () => {
    // Given the rule fixtures' requests and the batch's (bad ones included), each three times
    // over, in different orders, with the documents written the same way every time
    const batch = JSON.parse(readFileSync(BATCH, 'utf8')).requests as Record<string, unknown>[];
    const requests = [...fixtureRequests(), ...batch];
    const repeated = [...requests, ...[...requests].reverse(), ...requests].map((r, i) => ({ ...r, id: i }));
    const file = tempFile('repeated.json', JSON.stringify({ requests: repeated }, null, 1));
    // When simulated as one batch
    const io = captured();
    expect(await runSimulate(['--requests', file, '--format', 'json'], io)).toBe(0);
    // Then every line is the one the request gets alone
    const lines = io.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(repeated.map(aloneLine));
    expect(lines.filter((l) => l.decision === 'Error').length).toBeGreaterThanOrEqual(9);
  });

  it('gives each request its own line when a batch mixes the same documents into other lists', async () => {
    // Given requests whose identity policies, SCP levels and endpoint policies are drawn from one
    // pool of documents (bad ones included), so that a document recurs in lists that differ
    const pool = fixtureRequests().flatMap((r) => (r.identityPolicies as unknown[] | undefined) ?? []);
    pool.push(
      { Statement: { Effect: 'Allow' } },
      7,
      '{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}',
    );
    const requests = fixtureRequests().flatMap((r, i) =>
      [0, 1, 2].map((round) => ({
        ...r,
        id: `${i}-${round}`,
        identityPolicies: [pool[(i + round) % pool.length], pool[(i * 7 + round) % pool.length]],
        scps: [[pool[(i + 2 * round) % pool.length]], [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }]],
        vpcEndpointPolicies: round === 1 ? [pool[i % pool.length]] : [],
      })),
    );
    const file = tempFile('mixed.json', JSON.stringify({ requests: [...requests, ...requests] }));
    // When simulated as one batch
    const io = captured();
    expect(await runSimulate(['--requests', file, '--format', 'json'], io)).toBe(0);
    // Then every line is the one the request gets alone
    const lines = io.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([...requests, ...requests].map(aloneLine));
    expect(lines.filter((l) => l.decision === 'Error').length).toBeGreaterThan(0);
  });

  it('accepts a UTF-8 byte order mark at the start of the file', async () => {
    const file = tempFile(
      'bom.json',
      `\uFEFF${JSON.stringify([{ id: 'x', principal: 'arn:aws:iam::111111111111:role/R', action: 'a:b', resource: '*' }])}`,
    );
    const io = captured();
    expect(await runSimulate(['--requests', file], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ id: 'x', decision: 'ImplicitlyDenied' });
  });

  it('refuses a document nested deeper than 100 levels with its Error line, whatever part of the request nests', async () => {
    // Given requests whose condition value nests deeper and deeper: the document nests 4 levels
    // more than the value (the document, Statement, Condition, StringEquals), the file 7 more
    // (the request list, the request, identityPolicies) (docs/formats/snapshot.md, "Limits")
    const request = (id: string) => ({
      id,
      principal: 'arn:aws:iam::111111111111:role/R',
      action: 's3:GetObject',
      resource: '*',
      identityPolicies: ['__DOCUMENT__'],
    });
    const document = (levels: number) =>
      `{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"k":${'['.repeat(levels)}"v"${']'.repeat(levels)}}}}}`;
    const text = `[${[90, 96, 97, 150]
      .map((levels) => JSON.stringify(request(`deep-${levels}`)).replace('"__DOCUMENT__"', document(levels)))
      .join(',')}]`;
    const io = captured();
    // When simulated
    expect(await runSimulate(['--requests', tempFile('deep.json', text), '--format', 'json'], io)).toBe(0);
    // Then a document within the limit is evaluated (the request around it may nest past the
    // limit), and one past it is refused with the path of its first value past the limit
    const lines = io.out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; decision: string; error?: string });
    expect(lines.map((l) => [l.id, l.decision])).toEqual([
      ['deep-90', 'ImplicitlyDenied'],
      ['deep-96', 'ImplicitlyDenied'],
      ['deep-97', 'Error'],
      ['deep-150', 'Error'],
    ]);
    expect(lines[2].error).toMatch(/Statement\.Condition\.StringEquals\.k(\[0\])+… nests deeper than 100 levels/);
  });

  it('accepts a bare array of requests', async () => {
    const file = tempFile(
      'bare.json',
      JSON.stringify([{ id: 'x', principal: 'arn:aws:iam::111111111111:role/R', action: 'a:b', resource: '*' }]),
    );
    const io = captured();
    await runSimulate(['--requests', file], io);
    expect(JSON.parse(io.out)).toMatchObject({ id: 'x', decision: 'ImplicitlyDenied', blockedBy: ['identity'] });
  });

  it('defaults to text on a terminal', async () => {
    const io = captured(true);
    await runSimulate(['--requests', BATCH], io);
    expect(io.out).toContain(
      'denied-by-bucket: ExplicitlyDenied (blocked by: identity, resource)\n  identity: denies: no applicable Allow',
    );
    expect(io.out).toContain("bad-field: Error: 'resource' must be a non-empty string");
  });

  it.each([
    [
      'a missing file',
      ['--requests', '/nonexistent/requests.json'],
      /simulate: cannot read \/nonexistent\/requests\.json: ENOENT/,
    ],
    [
      'a file that is not JSON',
      ['--requests', tempFile('bad.json', '{"requests": [')],
      /simulate: .*bad\.json is not valid JSON/,
    ],
    [
      'a file of the wrong shape',
      ['--requests', tempFile('shape.json', '{"request": []}')],
      /expected \{"requests": \[\.\.\.\]\} or a list of requests/,
    ],
    ['no --requests', [], /--requests REQUESTS\.json is required/],
    ['an unknown flag', ['--requests', BATCH, '--verbose'], /unknown option '--verbose'/i],
    ['an unknown format', ['--requests', BATCH, '--format', 'yaml'], /--format must be json or text, not 'yaml'/],
  ])('exits 2 with one line on stderr for %s', async (_name, args, message) => {
    // Given unusable input / When run through the CLI dispatcher
    const io = captured();
    const code = await main(['simulate', ...args], io);
    // Then exit 2, one line naming the problem, no stack trace
    expect(code).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
  });

  it('streams: a file found malformed part way has the lines of the requests before it, then exit 2', async () => {
    // Given a file whose second request is cut off
    const file = tempFile(
      'cut.json',
      `{"requests": [${JSON.stringify({ id: 'x', principal: 'arn:aws:iam::111111111111:role/R', action: 'a:b', resource: '*' })}, {"id": "y", "principal": tru`,
    );
    // When run through the CLI dispatcher
    const io = captured();
    const code = await main(['simulate', '--requests', file], io);
    // Then the first request's line, and one line on stderr naming the file
    expect(code).toBe(2);
    expect(JSON.parse(io.out)).toMatchObject({ id: 'x', decision: 'ImplicitlyDenied' });
    expect(io.err).toMatch(/cut\.json is not valid JSON: /);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('reads file://PATH, as the AWS CLI does', async () => {
    const io = captured();
    expect(await runSimulate(['--requests', `file://${BATCH}`, '--format', 'json'], io)).toBe(0);
    expect(io.out.trimEnd().split('\n')).toHaveLength(5);
  });

  it("reads standard input for '-'", () => {
    // Given the batch on standard input / When simulate runs as a process
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bin', 'cli.ts'), 'simulate', '--requests', '-'],
      { cwd: ROOT, encoding: 'utf8', input: readFileSync(BATCH, 'utf8') },
    );
    // Then every request has its line
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['denied-by-bucket', 2, 'bad-field', 'allowed', 'two-boundaries']);
  });

  it('runs as a process: JSON on a pipe by default, exit code 0', () => {
    // Given the CLI entry point run by node / When simulate runs on the batch
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bin', 'cli.ts'), 'simulate', '--requests', BATCH],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    // Then five JSON lines on stdout
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).decision),
    ).toEqual(['ExplicitlyDenied', 'Error', 'Error', 'Allowed', 'Error']);
  });
});
