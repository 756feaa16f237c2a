/**
 * What the CLI prints for a person holds no escape sequence or control character from the input
 * (a policy `Sid` with `ESC[2J` would clear the terminal): text reports, simulate's text lines and
 * error messages. JSON output escapes them itself.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';

const EVIL = 'Deny\u001b[2J\u001b]8;;https://example.com\u0007Role\u0007';
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAK = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const dir = mkdtempSync(join(tmpdir(), 'terminal-safe-'));
const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const scenario = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'acceptance', 'bucket-policy-denies-role.json'), 'utf8'),
) as { snapshot: Record<string, unknown>; event: unknown };

async function run(argv: string[], isTTY = false) {
  const io: CommandIO & { out: string; err: string } = {
    out: '',
    err: '',
    isTTY,
    stdout: (t) => (io.out += t),
    stderr: (t) => (io.err += t),
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

/** The scenario with every bucket policy statement's Sid replaced by EVIL. */
function evilSnapshot(): string {
  const text = JSON.stringify(scenario.snapshot).replace(/"Sid":"[^"]*"/g, `"Sid":${JSON.stringify(EVIL)}`);
  expect(text).toContain('\\u001b[2J');
  return write('snapshot.json', JSON.parse(text));
}

describe('the CLI prints no escape sequence of its input', () => {
  it('diagnose --format text: the Sid is shown without its escape sequences, the patch keeps it escaped', async () => {
    const { code, out } = await run([
      'diagnose',
      '--snapshot',
      evilSnapshot(),
      '--event',
      write('e.json', scenario.event),
      '--format',
      'text',
    ]);
    expect(code).toBe(0);
    expect(out).not.toMatch(CONTROL_BUT_LINE_BREAK);
    expect(out).toContain("(statement 'DenyRole')");
    // The patch document is JSON: the Sid is the one read, escaped as JSON escapes it.
    expect(out).toContain('"Sid": "Deny\\u001b[2J');
  });

  it('diagnose on a terminal: only its own colours', async () => {
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      const { out } = await run(
        ['diagnose', '--snapshot', evilSnapshot(), '--event', write('e.json', scenario.event), '--format', 'text'],
        true,
      );
      // eslint-disable-next-line no-control-regex
      const escapes = out.match(/\u001b[^m]*m?/g) ?? [];
      expect(escapes.length).toBeGreaterThan(0);
      // eslint-disable-next-line no-control-regex
      for (const escape of escapes) expect(escape).toMatch(/^\u001b\[\d+m$/);
    } finally {
      if (saved !== undefined) process.env.NO_COLOR = saved;
    }
  });

  it('simulate --format text: a request id with escape sequences', async () => {
    const requests = write('requests.json', [
      {
        id: `r\u001b[2J1`,
        principal: 'arn:aws:iam::111111111111:role/R',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        policies: {
          identity: [
            { Version: '2012-10-17', Statement: [{ Sid: EVIL, Effect: 'Allow', Action: '*', Resource: '*' }] },
          ],
        },
      },
    ]);
    const { code, out } = await run(['simulate', '--requests', requests, '--format', 'text']);
    expect(code).toBe(0);
    expect(out).toMatch(/^r1: /);
    expect(out).not.toMatch(CONTROL_BUT_LINE_BREAK);
  });

  it('an error message quoting a flag value', async () => {
    const { code, err } = await run(['diagnose', '--snapshot', 'x.json', '--job', 'j', '--format', 'te\u001b[2Jxt']);
    expect(code).toBe(2);
    expect(err).toBe("sagemaker-access-doctor diagnose: --format must be one of json, text, email, chat, not 'text'\n");
  });
});
