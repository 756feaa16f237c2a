/**
 * `diagnose --format email|chat`: the notification the Lambda would publish, offline (the
 * Lambda's own output is compared byte for byte in test/harness/handler.test.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';
import { type Schema, violations } from '../notify/schema';

const FIXTURES = join(__dirname, '..', 'fixtures');
const read = (...path: string[]) => JSON.parse(readFileSync(join(FIXTURES, ...path), 'utf8'));
const chatSchema = read('notify', 'chat-notification.schema.json') as Schema;
const dir = mkdtempSync(join(tmpdir(), 'preview-'));
const files = (name: string) => {
  const scenario = read('acceptance', `${name}.json`) as { snapshot: unknown; event: unknown };
  const snapshot = join(dir, `${name}.snapshot.json`);
  const event = join(dir, `${name}.event.json`);
  writeFileSync(snapshot, JSON.stringify(scenario.snapshot));
  writeFileSync(event, JSON.stringify(scenario.event));
  return { snapshot, event };
};

async function run(argv: string[]) {
  const io: CommandIO & { out: string; err: string } = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (t) => (io.out += t),
    stderr: (t) => (io.err += t),
  };
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('diagnose --format email|chat', () => {
  const { snapshot, event } = files('identity-missing-getobject');

  it('email: the plain text, fix first', async () => {
    const { code, out, err } = await run(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'email']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^SageMaker training job '.+' failed: access was denied\.\n/);
    expect(out.indexOf('HOW TO FIX')).toBeLessThan(out.indexOf('FINDINGS'));
    expect(out).toMatch(/\n-- SageMaker Access Doctor\n$/);
  });

  it('chat: the custom-notification document, one line of JSON, its id the idempotency key', async () => {
    const { code, out } = await run(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'chat']);
    expect(code).toBe(0);
    expect(out.trimEnd()).not.toContain('\n');
    const document = JSON.parse(out) as { id: string };
    expect(violations(document, chatSchema)).toEqual([]);
    const detail = (
      read('acceptance', 'identity-missing-getobject.json') as { event: { detail: Record<string, unknown> } }
    ).event.detail;
    expect(document.id).toBe(
      `${String(detail.TrainingJobArn).toLowerCase()}#${new Date(String(detail.CreationTime)).toISOString()}`,
    );
  });

  it('with --job NAME: the same notification as with the event, the time read from the description', async () => {
    const scenario = read('acceptance', 'identity-missing-getobject.json') as {
      event: { detail: { TrainingJobName: string } };
    };
    const byEvent = await run(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'chat']);
    const byName = await run([
      'diagnose',
      '--snapshot',
      snapshot,
      '--job',
      scenario.event.detail.TrainingJobName,
      '--format',
      'chat',
    ]);
    expect(byName.code).toBe(0);
    expect((JSON.parse(byName.out) as { id: string }).id).toBe((JSON.parse(byEvent.out) as { id: string }).id);
  });

  it("a pipeline step's event: the id is its job's, the time from the job's description", async () => {
    const step = files('pipeline-step-processing-output-not-writable');
    const { code, out } = await run([
      'diagnose',
      '--snapshot',
      step.snapshot,
      '--event',
      step.event,
      '--format',
      'chat',
    ]);
    expect(code).toBe(0);
    expect((JSON.parse(out) as { id: string }).id).toBe(
      'arn:aws:sagemaker:us-east-1:111111111111:processing-job/pipelines-7k2m9x4q1w8e-buildfeatures-qh3tz8lmna#2026-11-20T10:00:00.000Z',
    );
  });

  it('refuses another format, naming every one', async () => {
    const { code, err } = await run(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'slack']);
    expect(code).toBe(2);
    expect(err).toBe(
      "sagemaker-access-doctor diagnose: --format must be one of json, text, email, chat, not 'slack'\n",
    );
  });
});
