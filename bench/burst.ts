/**
 * Burst benchmark of organization mode (issue 12; not a test: timings on a shared machine
 * vary). A burst of failure events from many accounts of an organization arrives within a
 * minute at the Lambda of the central account; the wire fake (test/harness/server.ts) answers
 * with 50 ms per call and throttles as AWS does: Organizations at 5 requests a second, IAM
 * reads at 20 a second per account. Each Lambda instance (up to the reserved concurrency) is a
 * worker thread running the deployed handler with its own caches; an event waits in the
 * asynchronous invocation queue for a free instance, and a failed invocation is retried twice,
 * as Lambda retries it.
 *
 * Prints: events notified, retried or lost; Organizations and STS calls per event and per
 * burst (goal: Organizations calls per burst at most 2 x (accounts + OUs)); throttled calls;
 * p50 / p99 time from the event to its notification; Lambda-seconds per failure.
 *
 *     npm run bench:burst                      # 1,000 events, 100 accounts, 10 OUs, 60 s, 3 instances
 *     npm run bench:burst -- --events 300 --accounts 30 --seconds 18 --concurrency 3
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startFakeAws } from '../test/harness/server';
import { burstWorld, CENTRAL } from './burst-world';
import { percentile } from './stats';

interface Options {
  events: number;
  accounts: number;
  ous: number;
  seconds: number;
  concurrency: number;
  latencyMs: number;
}

const DEFAULTS: Options = { events: 1000, accounts: 100, ous: 10, seconds: 60, concurrency: 3, latencyMs: 50 };
/** Lambda retries a failed asynchronous invocation twice. */
const RETRIES = 2;
const TIMEOUT_MS = 60_000;

function parseOptions(argv: string[]): Options {
  const options = { ...DEFAULTS };
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof Options;
    if (!(name in options) || !Number.isFinite(Number(argv[index + 1])))
      throw new Error(`bench:burst: unknown option or value '${argv[index]} ${argv[index + 1] ?? ''}'`);
    options[name] = Number(argv[index + 1]);
  }
  return options;
}

interface Result {
  index: number;
  outcome?: { status: string; cause?: string; incomplete?: number };
  error?: string;
  ms: number;
}

export async function runBurstBench(argv: string[] = []): Promise<void> {
  const options = parseOptions(argv);
  const world = burstWorld(options.accounts, options.ous, options.events);
  const aws = await startFakeAws(world.snapshot, CENTRAL, {
    latencyMs: options.latencyMs,
    // AWS's page sizes: 20 accounts a page (ListAccounts), 100 items (IAM).
    pageSize: 20,
    rateLimits: { organizations: { perSecond: 5 }, iam: { perSecond: 20 } },
    organizationTree: world.tree,
  });
  const env = {
    ...process.env,
    ...aws.environment(),
    TOPIC_ARN: `arn:aws:sns:us-east-1:${CENTRAL}:access-doctor`,
    IDEMPOTENCY_TABLE: 'access-doctor-idempotency',
    CROSS_ACCOUNT_ROLE_NAME: 'SageMakerAccessDoctorReader',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_DEV: 'false',
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
  };
  const instances = await Promise.all(Array.from({ length: options.concurrency }, () => startInstance(env)));
  const events = world.events;
  const arrival: number[] = [];
  const notifiedAt: number[] = [];
  const attempts = new Array<number>(events.length).fill(0);
  const results: Result[] = [];
  const queue: number[] = [];
  let lambdaMs = 0;
  const started = Date.now();
  const spacing = (options.seconds * 1000) / events.length;

  await new Promise<void>((resolve) => {
    let done = 0;
    const idle = [...instances];
    const dispatch = () => {
      while (idle.length > 0 && queue.length > 0) {
        const index = queue.shift() as number;
        const instance = idle.pop() as Worker;
        attempts[index] += 1;
        instance.once('message', (result: Result) => {
          lambdaMs += result.ms;
          idle.push(instance);
          if (result.error !== undefined && attempts[index] <= RETRIES) queue.push(index);
          else {
            results[index] = result;
            notifiedAt[index] = Date.now();
            done += 1;
            if (done === events.length) resolve();
          }
          dispatch();
        });
        instance.postMessage({ index, event: events[index] });
      }
    };
    events.forEach((_, index) => {
      setTimeout(
        () => {
          arrival[index] = Date.now();
          queue.push(index);
          dispatch();
        },
        Math.round(index * spacing),
      );
    });
  });
  const wall = Date.now() - started;
  await Promise.all(instances.map((instance) => instance.terminate()));
  const calls = aws.calls();
  await aws.close();

  const statuses = new Map<string, number>();
  for (const result of results) {
    const status = result.outcome?.status ?? `error: ${result.error ?? ''}`.slice(0, 80);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const causes = new Map<string, number>();
  for (const result of results)
    if (result.outcome?.cause) causes.set(result.outcome.cause, (causes.get(result.outcome.cause) ?? 0) + 1);
  const count = (test: (call: (typeof calls)[number]) => boolean) => calls.filter(test).length;
  const organizations = count((call) => call.service === 'organizations');
  const assumeRoles = count((call) => call.service === 'sts' && call.operation === 'AssumeRole');
  const throttledBy = new Map<string, number>();
  for (const call of calls) if (call.throttled) throttledBy.set(call.service, (throttledBy.get(call.service) ?? 0) + 1);
  const throttledInReports = aws.world.published.filter((message) => /was throttled/.test(message.Message)).length;
  const latencies = results.map((_, index) => notifiedAt[index] - arrival[index]).sort((a, b) => a - b);
  const nodes = options.accounts + options.ous;
  const retried = attempts.filter((attempt) => attempt > 1).length;
  const lines = [
    `burst: ${events.length} failure events from ${options.accounts} accounts in ${options.ous} OUs over ${options.seconds} s, ` +
      `${options.concurrency} Lambda instances, ${options.latencyMs} ms per call, Organizations 5 req/s, IAM 20 req/s per account`,
    `wall ${(wall / 1000).toFixed(1)} s; outcomes ${[...statuses].map(([status, n]) => `${status} ${n}`).join(', ')}; ` +
      `SNS messages ${aws.world.published.length}; invocations retried ${retried}`,
    `causes ${[...causes].map(([cause, n]) => `${cause} ${n}`).join(', ')}`,
    `organizations calls ${organizations} (${(organizations / events.length).toFixed(3)} per event; goal <= 2 x (accounts + OUs) = ${2 * nodes}: ${organizations <= 2 * nodes ? 'met' : 'NOT met'})`,
    `sts:AssumeRole ${assumeRoles} (${(assumeRoles / events.length).toFixed(3)} per event); all calls ${calls.length} (${(calls.length / events.length).toFixed(1)} per event)`,
    `throttled answers ${[...throttledBy].map(([service, n]) => `${service} ${n}`).join(', ') || 'none'}; reports with a read throttled past its retries ${throttledInReports}`,
    `time to notification p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies[latencies.length - 1]} ms`,
    `Lambda-seconds per failure ${(lambdaMs / 1000 / events.length).toFixed(3)} (${(lambdaMs / 1000).toFixed(1)} s in all)`,
  ];
  for (const line of lines) console.log(line);
}

function startInstance(env: NodeJS.ProcessEnv): Promise<Worker> {
  // The handler's own console output (Powertools' metric warnings) is not the benchmark's.
  const worker = new Worker(join(__dirname, 'burst-worker.js'), {
    env,
    stdout: true,
    stderr: true,
    workerData: { functionArn: `arn:aws:lambda:us-east-1:${CENTRAL}:function:access-doctor`, timeoutMs: TIMEOUT_MS },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

if (require.main === module) {
  runBurstBench(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
