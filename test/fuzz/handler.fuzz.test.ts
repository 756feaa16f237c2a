/**
 * The handler under 2,000+ generated events (test/fuzz/arbitraries.ts), with AWS mocked
 * (aws-sdk-client-mock: the live evidence reads the scenario's snapshot, SNS accepts): every
 * event ends in one notification or a clear log line, in bounded time; every message is one SNS
 * and the chat accept; no planted secret reaches a message, a log line or the outcome.
 */
import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { createHandler } from '../../lambda/handler';
import { MAX_SUBJECT_LENGTH } from '../../lambda/notify/fit';
import { MAX_CHAT_BYTES, MAX_MESSAGE_BYTES, publishReport } from '../../lambda/notify/publish';
import { fakeAws } from '../evidence/live/fake-aws';
import { OWN, resetLiveCaches } from '../evidence/live/helpers';
import { type Schema, violations } from '../notify/schema';
import { captureLogs } from '../redaction/planted';
import { eventOf, type Json, plant, type Planted } from './arbitraries';

const EVENTS_PER_SCENARIO = 108;
/** An event that takes longer than this counts as a hang (the mocked AWS answers at once). */
const HANG_MS = 5_000;
/** About 20 s alone; the full suite shares two cores with it. */
const FUZZ_TIMEOUT_MS = 180_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const TOPIC = `arn:aws:sns:us-east-1:${OWN}:access-doctor`;
const ACCEPTANCE = join(__dirname, '../fixtures/acceptance');
const chatSchema = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/notify/chat-notification.schema.json'), 'utf8'),
) as Schema;

interface Scenario {
  name: string;
  snapshot: Snapshot;
  event: Json;
}

const scenarios: Scenario[] = readdirSync(ACCEPTANCE)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    name: file,
    ...(JSON.parse(readFileSync(join(ACCEPTANCE, file), 'utf8')) as Omit<Scenario, 'name'>),
  }))
  .filter((scenario) => scenario.event !== undefined);

/** Plants secrets in every description of the snapshot, quoted by its failure text. */
function plantSnapshot(snapshot: Snapshot, tag: string): Planted {
  const planted: Planted = { values: [], quoted: [] };
  for (const account of Object.values(snapshot.accounts)) {
    for (const section of Object.values(account.sagemaker ?? {})) {
      for (const description of Object.values(section ?? {})) {
        if (description === null || typeof description !== 'object') continue;
        const found = plant({ detail: description as Json }, tag);
        planted.values.push(...found.values);
        planted.quoted.push(...found.quoted);
      }
    }
  }
  return planted;
}

const context = (): Context =>
  ({
    functionName: 'access-doctor',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
    awsRequestId: 'request-1',
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a published message, if anything ('' when it is sound). */
function garbage(input: PublishCommandInput, eventText: string): string {
  const subject = input.Subject ?? '';
  if (subject.trim() === '' || [...subject].length > MAX_SUBJECT_LENGTH) return `subject length ${subject.length}`;
  if (CONTROL.test(subject) || LONE_SURROGATE.test(subject)) return 'subject control character';
  const message = input.Message ?? '';
  const attributes = Object.entries(input.MessageAttributes ?? {});
  const size =
    Buffer.byteLength(message) +
    attributes.reduce((sum, [k, v]) => sum + k.length + Buffer.byteLength(v.StringValue ?? ''), 0);
  if (size > MAX_MESSAGE_BYTES) return `message of ${size} bytes`;
  if (attributes.some(([, value]) => !value.StringValue || value.StringValue.length > 256)) return 'attribute value';
  let parts: Record<string, string>;
  try {
    parts = JSON.parse(message) as Record<string, string>;
  } catch {
    return 'message is no JSON';
  }
  if (Object.keys(parts).sort().join() !== 'default,email,https') return 'protocol keys';
  if (parts.default !== parts.email || parts.email.trim() === '') return 'email text';
  if (Buffer.byteLength(parts.https) > MAX_CHAT_BYTES) return 'chat document too long';
  let chat: unknown;
  try {
    chat = JSON.parse(parts.https);
  } catch {
    return 'chat document is no JSON';
  }
  const problems = violations(chat, chatSchema);
  if (problems.length > 0) return `chat document: ${problems[0]}`;
  for (const [name, text] of [
    ['email', parts.email],
    ['chat', parts.https],
  ]) {
    if (CONTROL.test(text.replace(/\n/g, ''))) return `${name}: control character`;
    if (LONE_SURROGATE.test(text)) return `${name}: lone surrogate`;
    for (const word of ['undefined', '[object Object]', 'NaN'])
      if (text.includes(word) && !eventText.includes(word)) return `${name}: '${word}'`;
  }
  return '';
}

interface Tally {
  events: number;
  byMutation: Record<string, number>;
  outcomes: Record<string, number>;
  crashes: string[];
  hangs: string[];
  unclear: string[];
  garbage: string[];
  planted: number;
  leaked: string[];
  slowestMs: number;
}

const sns = mockClient(SNSClient);

describe('the handler under generated events', () => {
  it(
    `ends every one of ${EVENTS_PER_SCENARIO} events per scenario in a sound notification or a clear log, leaking no secret`,
    async () => {
      jest.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
        return this;
      });
      const tally: Tally = {
        events: 0,
        byMutation: {},
        outcomes: {},
        crashes: [],
        hangs: [],
        unclear: [],
        garbage: [],
        planted: 0,
        leaked: [],
        slowestMs: 0,
      };
      const logger = new Logger({ logLevel: 'INFO' });
      const logs = captureLogs(logger);
      const handler = createHandler({
        config: { topicArn: TOPIC, notifyOn: 'all', objectLevelReads: false },
        logger,
        metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
        createEvidence: createLiveEvidence,
        diagnose,
        publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
      });

      for (const [index, scenario] of scenarios.entries()) {
        const snapshot = JSON.parse(JSON.stringify(scenario.snapshot)) as Snapshot;
        const inSnapshot = plantSnapshot(snapshot, `s${index}`);
        resetLiveCaches();
        const aws = fakeAws(snapshot, OWN);
        try {
          const events = fc.sample(eventOf(scenario.event), { numRuns: EVENTS_PER_SCENARIO, seed: SEED + index });
          for (const [number, { mutation, event }] of events.entries()) {
            const id = `${scenario.name}#${number} (${mutation})`;
            const planted = plant(event, `e${index}x${number}`);
            const secrets = [...planted.values, ...planted.quoted, ...inSnapshot.values, ...inSnapshot.quoted];
            tally.events += 1;
            tally.byMutation[mutation] = (tally.byMutation[mutation] ?? 0) + 1;
            tally.planted += planted.values.length + planted.quoted.length;
            const eventText = JSON.stringify(event);
            sns.reset();
            sns.on(PublishCommand).resolves({ MessageId: 'm' });
            logs.length = 0;

            const started = Date.now();
            let timer: NodeJS.Timeout | undefined;
            const result = await Promise.race([
              handler(event, context()).then(
                (outcome) => ({ outcome }),
                (error: unknown) => ({ error }),
              ),
              new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS))),
            ]);
            clearTimeout(timer);
            tally.slowestMs = Math.max(tally.slowestMs, Date.now() - started);
            if (result === 'hang') {
              tally.hangs.push(id);
              continue;
            }
            const published = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
            const logText = logs.join('\n');
            const everything = `${JSON.stringify(published)}\n${logText}\n${JSON.stringify(result)}`;
            for (const secret of secrets) if (everything.includes(secret)) tally.leaked.push(`${id}: ${secret}`);

            if ('error' in result) {
              // Thrown on for Lambda to retry: fine for an AWS error, with its log line; a crash otherwise.
              const error = result.error as Error;
              const retried =
                logText.includes('Lambda retries it') &&
                !(error instanceof TypeError) &&
                !(error instanceof RangeError) &&
                !(error instanceof ReferenceError);
              tally.outcomes[retried ? 'retried' : 'crash'] = (tally.outcomes[retried ? 'retried' : 'crash'] ?? 0) + 1;
              if (!retried) tally.crashes.push(`${id}: ${error?.name}: ${error?.message?.slice(0, 200)}`);
              continue;
            }
            const { outcome } = result;
            tally.outcomes[outcome.status] = (tally.outcomes[outcome.status] ?? 0) + 1;
            if (outcome.status === 'notified') {
              if (published.length !== 1) tally.unclear.push(`${id}: notified with ${published.length} messages`);
              for (const input of published) {
                const wrong = garbage(input, eventText);
                if (wrong) tally.garbage.push(`${id}: ${wrong}`);
              }
            } else {
              if (published.length !== 0) tally.unclear.push(`${id}: ${outcome.status} yet published`);
              // A rejected event gets one error line whose reason is one line, naming what is wrong.
              if (outcome.status === 'rejected') {
                const clear = outcome.reason !== '' && !outcome.reason.includes('\n') && outcome.reason.length <= 1_000;
                if (!clear || !logs.some((line) => line.includes('"level":"ERROR"') && line.includes('not retried')))
                  tally.unclear.push(`${id}: rejected: ${JSON.stringify(outcome.reason.slice(0, 300))}`);
              }
            }
          }
        } finally {
          aws.restore();
        }
      }

      if (process.env.FUZZ_SUMMARY) {
        process.stdout.write(
          `${JSON.stringify({ ...tally, crashes: tally.crashes.length, hangs: tally.hangs.length, unclear: tally.unclear.length, garbage: tally.garbage.length, leaked: tally.leaked.length, examples: [...tally.crashes, ...tally.hangs, ...tally.unclear, ...tally.garbage, ...tally.leaked].slice(0, 30) }, null, 1)}\n`,
        );
      }
      expect(tally.events).toBeGreaterThanOrEqual(2_000);
      expect(tally.planted).toBeGreaterThan(10_000);
      expect(tally.outcomes.notified ?? 0).toBeGreaterThan(300);
      expect(tally.outcomes.rejected ?? 0).toBeGreaterThan(300);
      expect({
        crashes: tally.crashes.slice(0, 10),
        hangs: tally.hangs.slice(0, 10),
        unclear: tally.unclear.slice(0, 10),
        garbage: tally.garbage.slice(0, 10),
        leaked: tally.leaked.slice(0, 10),
      }).toEqual({ crashes: [], hangs: [], unclear: [], garbage: [], leaked: [] });
    },
    FUZZ_TIMEOUT_MS,
  );
});
