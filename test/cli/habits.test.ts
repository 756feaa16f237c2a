/**
 * AWS CLI habits of every command: `-` (standard input) and `file://PATH` for every file flag,
 * `NO_COLOR`, `--region` / `--profile` refused with `--snapshot`, no command → usage on stderr and
 * exit 2, and no AWS SDK Node-version banner. Run through `main`, and through the built program
 * (dist/bin/cli.js, built before the tests run) where a real process is what is checked.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';

const CLI = join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');
const fixture = (...path: string[]) => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', ...path), 'utf8'));
const acceptance = fixture('acceptance', 'kms-key-policy-no-delegation.json') as { snapshot: unknown; event: unknown };
const preflightCase = fixture('preflight', 'v2-preflight-training-missing-listbucket.json') as {
  snapshot: unknown;
  preflight: { request: unknown; jobType: string };
};

const dir = mkdtempSync(join(tmpdir(), 'cli-habits-'));
const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const snapshot = write('snapshot.json', acceptance.snapshot);
const event = write('event.json', acceptance.event);

function capture(isTTY = false): CommandIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY, stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}
async function run(argv: string[], isTTY = false) {
  const io = capture(isTTY);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}
/** The built program, with `input` on its standard input and the SDK's switch not set by us. */
function spawn(argv: string[], input = '', env: NodeJS.ProcessEnv = {}) {
  const clean = { ...process.env };
  delete clean.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  delete clean.NO_COLOR;
  const result = spawnSync(process.execPath, [CLI, ...argv], { input, encoding: 'utf8', env: { ...clean, ...env } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('file arguments: a path, file://PATH, or - for standard input', () => {
  it('diagnose --snapshot and --event: the same report from a path, from file:// and from standard input', async () => {
    const byPath = await run(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'json']);
    expect(byPath).toMatchObject({ code: 0, err: '' });
    const byUrl = await run([
      'diagnose',
      '--snapshot',
      `file://${snapshot}`,
      '--event',
      `file://${event}`,
      '--format',
      'json',
    ]);
    expect(byUrl).toEqual(byPath);
    const snapshotOnStdin = spawn(
      ['diagnose', '--snapshot', '-', '--event', event, '--format', 'json'],
      JSON.stringify(acceptance.snapshot),
    );
    expect(snapshotOnStdin).toEqual({ code: 0, out: byPath.out, err: '' });
    const eventOnStdin = spawn(['diagnose', '--snapshot', snapshot, '--event', '-'], JSON.stringify(acceptance.event));
    expect(eventOnStdin).toEqual({ code: 0, out: byPath.out, err: '' });
  });

  it('a missing file:// file is named without its scheme, with the flag to fix', async () => {
    const missing = join(dir, 'nope.json');
    const { code, out, err } = await run(['diagnose', '--snapshot', snapshot, '--event', `file://${missing}`]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe(
      `sagemaker-access-doctor diagnose: ${missing}: cannot read the event file (ENOENT); check the path given to --event\n`,
    );
  });

  it('invalid JSON on standard input is named as standard input', () => {
    const { code, out, err } = spawn(['diagnose', '--snapshot', '-', '--event', event], '{"snapshotVersion": ');
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(/^sagemaker-access-doctor diagnose: standard input: invalid JSON/);
    expect(err.split('\n')).toHaveLength(2);
  });

  it('preflight --snapshot and --request: file:// and standard input give the path’s result', async () => {
    const snap = write('preflight-snapshot.json', preflightCase.snapshot);
    const request = write('preflight-request.json', preflightCase.preflight.request);
    const args = ['--job-type', preflightCase.preflight.jobType, '--format', 'json'];
    const byPath = await run(['preflight', '--snapshot', snap, '--request', request, ...args]);
    expect(byPath.err).toBe('');
    expect(byPath.code).toBe(3);
    expect(await run(['preflight', '--snapshot', `file://${snap}`, '--request', `file://${request}`, ...args])).toEqual(
      byPath,
    );
    const onStdin = spawn(
      ['preflight', '--snapshot', snap, '--request', '-', ...args],
      JSON.stringify(preflightCase.preflight.request),
    );
    expect(onStdin).toEqual({ code: 3, out: byPath.out, err: '' });
  });
});

describe('--region and --profile choose live AWS', () => {
  it.each([
    [['--region', 'eu-west-1'], '--region chooses'],
    [['--profile', 'dev'], '--profile chooses'],
    [['--region', 'eu-west-1', '--profile', 'dev'], '--region and --profile choose'],
  ])('diagnose --snapshot with %j: exit 2, one line', async (flags, said) => {
    const { code, out, err } = await run(['diagnose', '--snapshot', snapshot, '--event', event, ...flags]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe(
      `sagemaker-access-doctor diagnose: ${said} live AWS: it does not go with --snapshot, which is read offline\n`,
    );
  });

  it('preflight --snapshot with --region: exit 2, one line', async () => {
    const snap = write('preflight-snapshot.json', preflightCase.snapshot);
    const request = write('preflight-request.json', preflightCase.preflight.request);
    const { code, out, err } = await run([
      'preflight',
      '--snapshot',
      snap,
      '--request',
      request,
      '--job-type',
      'training',
      '--region',
      'us-east-1',
    ]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(/^sagemaker-access-doctor preflight: --region chooses live AWS: [^\n]*\n$/);
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  const argv = ['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'text'];
  const saved = process.env.NO_COLOR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  });

  it('a terminal gets colour; NO_COLOR set turns it off; NO_COLOR empty does not', async () => {
    delete process.env.NO_COLOR;
    const coloured = await run(argv, true);
    expect(coloured.code).toBe(0);
    expect(coloured.out).toContain(ESC);
    process.env.NO_COLOR = '1';
    const plain = await run(argv, true);
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain(ESC);
    expect(plain.out).toBe((await run(argv, false)).out);
    process.env.NO_COLOR = '';
    expect((await run(argv, true)).out).toBe(coloured.out);
  });
});

describe('the program itself', () => {
  it('without a command: the usage on stderr, nothing on stdout, exit 2', () => {
    const { code, out, err } = spawn([]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toContain('Usage: sagemaker-access-doctor <command>');
  });

  it('prints no AWS SDK Node-version banner when it makes AWS clients (live mode)', () => {
    // Live mode against an endpoint that refuses at once: the clients are made, the call fails.
    const { code, err } = spawn(['diagnose', '--job', 'some-job', '--region', 'us-east-1', '--format', 'json'], '', {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    });
    expect(code).not.toBe(0);
    expect(err).not.toContain('NodeVersionSupportWarning');
    expect(err).not.toMatch(/Warning/);
  });

  it('the user may turn the banner back on: their setting of the switch wins', () => {
    const major = Number(process.versions.node.split('.')[0]);
    const { err } = spawn(['diagnose', '--job', 'some-job', '--region', 'us-east-1', '--format', 'json'], '', {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_MAX_ATTEMPTS: '1',
    });
    if (major < 22) expect(err).toContain('NodeVersionSupportWarning');
    else expect(err).not.toContain('NodeVersionSupportWarning');
  });
});
