/**
 * `diagnose` on the command line (README.md, CLI): output formats, exit codes, and one
 * clear line on stderr for unusable input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../lambda/cli/main';
import type { CommandIO } from '../../../lambda/cli/io';
import { DOWNLOAD_DENIED, World, allow, doc, trainingEvent, trainingJob } from './world';
import { expectValidReport } from '../../schemas/validators';

function capture(isTTY = false): CommandIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY, stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'diagnose-cli-'));
const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const world = new World().role({ inline: { data: doc(allow('s3:ListBucket', 'arn:aws:s3:::data')) } }).bucket('data');
const job = trainingJob({ failureReason: DOWNLOAD_DENIED });
world.set('111111111111', 'sagemaker', { trainingJobs: { 'train-1': job } });
const snapshot = write('snapshot.json', world.snapshot());
const event = write('event.json', trainingEvent(job));

describe('sagemaker-access-doctor diagnose', () => {
  it('prints exactly the report as JSON when stdout is not a terminal, and exits 0', async () => {
    const io = capture();
    const code = await main(['diagnose', '--snapshot', snapshot, '--event', event], io);
    expect(code).toBe(0);
    const report = expectValidReport(JSON.parse(io.out));
    expect(report.reportVersion).toBe(2);
    expect(report.findings.map((f: { cause: string }) => f.cause)).toEqual([
      'IDENTITY_POLICY_NO_ALLOW',
      'IDENTITY_POLICY_NO_ALLOW',
    ]);
    expect(io.err).toBe('');
  });

  it('prints text on a terminal, with colour', async () => {
    const io = capture(true);
    expect(await main(['diagnose', '--snapshot', snapshot, '--event', event], io)).toBe(0);
    expect(io.out).toContain('IDENTITY_POLICY_NO_ALLOW');
    expect(io.out).toContain('\u001b[');
  });

  it('prints text without colour when asked for text off a terminal', async () => {
    const io = capture(false);
    expect(await main(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'text'], io)).toBe(0);
    expect(io.out).toContain('Findings (2)');
    expect(io.out).not.toContain('\u001b[');
  });

  it('diagnoses a job of the snapshot by name', async () => {
    const io = capture();
    expect(await main(['diagnose', '--snapshot', snapshot, '--job', 'train-1', '--job-type', 'training'], io)).toBe(0);
    expect(expectValidReport(JSON.parse(io.out)).job.name).toBe('train-1');
  });

  it.each([
    ['a missing event file', ['--snapshot', snapshot, '--event', join(dir, 'nope.json')], /nope\.json.*cannot read/],
    [
      'an event file that is not JSON',
      ['--snapshot', snapshot, '--event', write('bad.json', '{"detail-type":')],
      /bad\.json/,
    ],
    [
      'a snapshot file that is not JSON',
      ['--snapshot', write('bad-snap.json', '[1,'), '--event', event],
      /bad-snap\.json/,
    ],
    [
      'a snapshot of another version',
      ['--snapshot', write('v2.json', { snapshotVersion: 2, region: 'us-east-1', accounts: {} }), '--event', event],
      /another version/,
    ],
    [
      'an unknown detail-type',
      [
        '--snapshot',
        snapshot,
        '--event',
        write('odd.json', { ...trainingEvent(job), 'detail-type': 'EC2 Instance State-change Notification' }),
      ],
      /detail-type/,
    ],
    ['an unknown job name', ['--snapshot', snapshot, '--job', 'nope'], /nope/],
    ['a wrong --format', ['--snapshot', snapshot, '--event', event, '--format', 'xml'], /--format/],
    ['a wrong --job-type', ['--snapshot', snapshot, '--job', 'x', '--job-type', 'compilation'], /--job-type/],
    ['an unknown flag', ['--snapshot', snapshot, '--evnt', event], /evnt/],
    ['neither --event nor --job', ['--snapshot', snapshot], /--event/],
    ['--record with --snapshot', ['--snapshot', snapshot, '--job', 'train-1', '--record', 'x.json'], /--record/],
  ])('exits 2 with one line naming the problem for %s', async (_what, args, message) => {
    const io = capture();
    const code = await main(['diagnose', ...args], io);
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an unknown command', async () => {
    const io = capture();
    expect(await main(['diagnoze'], io)).toBe(2);
    expect(io.err).toContain("unknown command 'diagnoze'");
  });
});
