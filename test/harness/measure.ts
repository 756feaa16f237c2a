/**
 * Calls and rounds of calls per job on the wire fake with 50 ms per call (issue: "the call
 * count and rounds per job"), printed as a table. Not a test: timings on a shared machine
 * vary; run it alone with `npx tsx test/harness/measure.ts`.
 *
 * A round is 50 ms of the timeline: a call started in the n-th 50 ms after the first call is in
 * round n + 1 (a call waits for the answers it depends on, each 50 ms away).
 */
import { tenChannelJob } from '../../bench/lambda';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { OWN, useFakeAws } from './harness';
import { allScenarios } from './scenarios';

const LATENCY_MS = 50;

async function measure(snapshot: Snapshot, event: unknown, pageSize: number) {
  const aws = await useFakeAws(snapshot, { latencyMs: LATENCY_MS, pageSize });
  try {
    const started = Date.now();
    const live = await createLiveEvidence({ region: snapshot.region, account: OWN });
    await diagnose({ event: parseFailureEvent(event) }, live.evidence);
    const ms = Date.now() - started;
    const calls = aws.calls();
    const first = calls[0]?.at ?? 0;
    const rounds = Math.max(0, ...calls.map((call) => Math.floor((call.at - first) / LATENCY_MS))) + 1;
    return { calls: calls.length, rounds, ms };
  } finally {
    await aws.stop();
  }
}

async function main(): Promise<void> {
  const jobs = [{ name: 'ten-channel bench job', ...tenChannelJob() }, ...allScenarios()];
  process.stdout.write('job\tcalls\trounds (1 item a page)\tms\trounds (100 a page)\tms\n');
  for (const job of jobs) {
    try {
      const one = await measure(job.snapshot, job.event, 1);
      const hundred = await measure(job.snapshot, job.event, 100);
      process.stdout.write(`${job.name}\t${one.calls}\t${one.rounds}\t${one.ms}\t${hundred.rounds}\t${hundred.ms}\n`);
    } catch (error) {
      process.stdout.write(`${job.name}\t${(error as Error).message.slice(0, 100)}\n`);
    }
  }
}

void main();
