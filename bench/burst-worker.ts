/**
 * One Lambda instance of the burst benchmark (bench/burst.ts): the deployed handler, in a
 * worker thread of its own, so that its module-level caches are its own as an instance's are.
 * It takes one event at a time, as an instance does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

interface Job {
  index: number;
  event: unknown;
}

const { functionArn, timeoutMs } = workerData as { functionArn: string; timeoutMs: number };

async function main(): Promise<void> {
  const { handler } = await import('../lambda/handler');
  parentPort?.on('message', (job: Job) => {
    const started = Date.now();
    const context = {
      functionName: 'access-doctor',
      invokedFunctionArn: functionArn,
      awsRequestId: `burst-${job.index}-${started}`,
      getRemainingTimeInMillis: () => timeoutMs - (Date.now() - started),
    } as unknown as Context;
    handler(job.event, context).then(
      (outcome) => parentPort?.postMessage({ index: job.index, outcome, ms: Date.now() - started }),
      (error: unknown) =>
        parentPort?.postMessage({ index: job.index, error: (error as Error).message, ms: Date.now() - started }),
    );
  });
  parentPort?.postMessage({ ready: true });
}

void main();
