import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { createHandler } from '../../lambda/handler';
import { publishReport } from '../../lambda/notify/publish';
import { fakeAws, type FakeAws } from '../evidence/live/fake-aws';
import { OWN, resetLiveCaches } from '../evidence/live/helpers';
import { captureLogs, leaks, PLANTED, plantedScenario } from './planted';

const TOPIC = `arn:aws:sns:us-east-1:${OWN}:access-doctor`;
const sns = mockClient(SNSClient);
let aws: FakeAws | undefined;

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

const context = (): Context =>
  ({
    functionName: 'access-doctor',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
    awsRequestId: 'request-1',
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

beforeEach(() => {
  resetLiveCaches();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  jest.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
    return this;
  });
});
afterEach(() => {
  aws?.restore();
  aws = undefined;
  jest.restoreAllMocks();
});

describe('secrets planted in every secret field and quoted by the failure text', () => {
  it.each(['json', 'text'])('never reach the live report (%s) nor the recorded snapshot', async (format) => {
    // Given a job on live AWS whose description carries the secrets
    const planted = plantedScenario();
    aws = fakeAws(planted.snapshot, OWN);
    const file = join(mkdtempSync(join(tmpdir(), 'doctor-')), 'recorded.json');
    // When it is diagnosed live with --record
    const io = capture();
    const code = await main(
      [
        'diagnose',
        '--job',
        planted.jobName,
        '--job-type',
        'training',
        '--region',
        'us-east-1',
        '--record',
        file,
        '--format',
        format,
      ],
      io,
    );
    // Then neither the report nor the snapshot holds a secret, and the report still says why
    expect(code).toBe(0);
    expect(leaks(io.out + io.err)).toEqual([]);
    expect(leaks(readFileSync(file, 'utf8'))).toEqual([]);
    expect(io.out).toContain('IDENTITY_POLICY_NO_ALLOW');
    expect(io.out).toContain('ExecuteUserScriptError: Command');
  });

  it.each([
    ['json', false],
    ['text', false],
    ['json', true],
    ['text', true],
  ])('never reach the report (%s) of a snapshot that keeps them (with the event: %s)', async (format, withEvent) => {
    // Given a hand-made snapshot (and event) whose description keeps the secret fields
    const planted = plantedScenario();
    const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(planted.snapshot));
    writeFileSync(join(dir, 'event.json'), JSON.stringify(planted.event));
    // When it is diagnosed offline
    const io = capture();
    const target = withEvent ? ['--event', join(dir, 'event.json')] : ['--job', planted.jobName];
    const code = await main(['diagnose', '--snapshot', join(dir, 'snapshot.json'), ...target, '--format', format], io);
    // Then the report holds no secret
    expect(code).toBe(0);
    expect(leaks(io.out + io.err)).toEqual([]);
    expect(io.out).toContain('IDENTITY_POLICY_NO_ALLOW');
  });

  it('never reach a notification (default, email, chat, subject, attributes) nor a log line', async () => {
    // Given the Lambda, with the job's description and its event carrying the secrets
    const planted = plantedScenario();
    aws = fakeAws(planted.snapshot, OWN);
    const logger = new Logger({ logLevel: 'DEBUG' });
    const logs = captureLogs(logger);
    const handler = createHandler({
      config: { topicArn: TOPIC, notifyOn: 'all', objectLevelReads: false },
      logger,
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
      createEvidence: createLiveEvidence,
      diagnose,
      publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
    });
    // When the failure is handled
    const outcome = await handler(planted.event, context());
    // Then one message went out, and no byte of it nor of the logs holds a secret
    expect(outcome).toMatchObject({ status: 'notified' });
    const messages = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(messages).toHaveLength(1);
    const parts = JSON.parse(messages[0].Message ?? '{}') as Record<string, string>;
    expect(Object.keys(parts).sort()).toEqual(['default', 'email', 'https']);
    for (const part of Object.values(parts)) expect(leaks(part)).toEqual([]);
    expect(leaks(JSON.stringify(messages[0]))).toEqual([]);
    expect(leaks(JSON.stringify(outcome))).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
    expect(leaks(logs.join('\n'))).toEqual([]);
    // And the chat still quotes the failure, redacted (markdown-escaped: it reads `--api_key ***`)
    const chat = JSON.parse(parts.https) as { content: { description: string } };
    expect(chat.content.description).toContain('--api\\_key \\*\\*\\*');
  });

  it('are all planted where the test looks for them (the test can fail)', () => {
    const planted = plantedScenario();
    expect(leaks(JSON.stringify(planted.event))).toEqual(expect.arrayContaining(Object.values(PLANTED).slice(0, 5)));
  });
});
