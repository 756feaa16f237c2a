import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../../lambda/cli/io';
import { main } from '../../../lambda/cli/main';
import type { Snapshot } from '../../../lambda/evidence/snapshot/types';
import { fakeAws, type FakeAws } from './fake-aws';
import { OWN, resetLiveCaches } from './helpers';
import { expectValidReport } from '../../schemas/validators';

function capture(): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (text: string) => (io.out += text),
    stderr: (text: string) => (io.err += text),
  };
  return io;
}

const scenario = JSON.parse(
  readFileSync(join(__dirname, '../../fixtures/acceptance/kms-key-policy-no-delegation.json'), 'utf8'),
) as {
  snapshot: Snapshot;
};
const jobName = Object.keys(scenario.snapshot.accounts[OWN].sagemaker?.trainingJobs ?? {})[0];
let aws: FakeAws;

beforeEach(() => {
  resetLiveCaches();
  aws = fakeAws(scenario.snapshot, OWN);
});
afterEach(() => aws.restore());

describe('diagnose --job on live AWS', () => {
  it('prints the report, and --record writes a snapshot that --snapshot replays to the same report', async () => {
    // Given a directory for the recording
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const file = join(dir, 'recorded.json');
    // When the job is diagnosed live with --record
    const live = capture();
    const code = await main(
      [
        'diagnose',
        '--job',
        jobName,
        '--job-type',
        'training',
        '--region',
        'us-east-1',
        '--record',
        file,
        '--format',
        'json',
      ],
      live,
    );
    // Then it succeeds, and the file alone (no temporary file left) replays to the same report
    expect({ code, err: live.err }).toEqual({ code: 0, err: '' });
    expect(readdirSync(dir)).toEqual(['recorded.json']);
    const offline = capture();
    const replayCode = await main(
      ['diagnose', '--snapshot', file, '--job', jobName, '--job-type', 'training', '--format', 'json'],
      offline,
    );
    expect(replayCode).toBe(0);
    expect(JSON.parse(offline.out)).toEqual(expectValidReport(JSON.parse(live.out)));
    expect(JSON.parse(live.out).findings.map((finding: { cause: string }) => finding.cause)).toContain(
      'KEY_POLICY_NO_ALLOW',
    );
  });

  it('exits 2 with one line when the snapshot file cannot be written', async () => {
    const io = capture();
    const code = await main(
      [
        'diagnose',
        '--job',
        jobName,
        '--region',
        'us-east-1',
        '--record',
        '/nonexistent-dir/x.json',
        '--format',
        'json',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err).toBe(
      "sagemaker-access-doctor diagnose: cannot write the snapshot file '/nonexistent-dir/x.json': ENOENT\n",
    );
    expect(io.out).toBe('');
  });

  it('--record file://PATH writes PATH, as the AWS CLI reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    const file = join(dir, 'recorded.json');
    const io = capture();
    const code = await main(
      ['diagnose', '--job', jobName, '--region', 'us-east-1', '--record', `file://${file}`, '--format', 'json'],
      io,
    );
    expect({ code, err: io.err }).toEqual({ code: 0, err: '' });
    expect(readdirSync(dir)).toEqual(['recorded.json']);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Snapshot).accounts[OWN]).toBeDefined();
  });

  it.each([
    ['diagnose', '--job', 'j'],
    ['preflight', '--request', 'r.json'],
  ])('%s --record - is refused before any AWS call: standard output holds the report', async (...argv) => {
    const io = capture();
    const code = await main([...argv, '--region', 'us-east-1', '--record', '-'], io);
    expect(code).toBe(2);
    expect(io.err).toBe(
      `sagemaker-access-doctor ${argv[0]}: --record needs a file (a path or file://PATH), not '-': standard output holds the report\n`,
    );
    expect(io.out).toBe('');
    expect(aws.commandNames()).toEqual([]);
  });

  it('--format email|chat previews the notification the Lambda would publish for the live report', async () => {
    const email = capture();
    expect(await main(['diagnose', '--job', jobName, '--region', 'us-east-1', '--format', 'email'], email)).toBe(0);
    expect(email.out).toContain(`SageMaker training job '${jobName}' failed`);
    expect(email.out).toContain('KEY_POLICY_NO_ALLOW');
    const chat = capture();
    expect(await main(['diagnose', '--job', jobName, '--region', 'us-east-1', '--format', 'chat'], chat)).toBe(0);
    const document = JSON.parse(chat.out) as { id: string; source: string };
    expect(document.source).toBe('custom');
    expect(document.id).toMatch(new RegExp(`training-job/${jobName}#\\d{4}-`, 'i'));
  });
});
