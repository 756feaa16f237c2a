import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import { cli, jobOf, scratch, useFakeAws } from './harness';
import { allScenarios, readableByTheCli, withReasonsMasked } from './scenarios';

// The CLI finds a job by name in the caller's account: a scenario whose job only its event
// describes (or a pipeline step's, named in the step's metadata) has none to find there.
const scenarios = allScenarios().filter(
  (data) =>
    data.snapshot.accounts['111111111111']?.sagemaker !== undefined &&
    !data.event['detail-type']?.toString().includes('Pipeline'),
);

describe('diagnose --job on the wire fake, on every scenario', () => {
  it('covers most scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(35);
    expect(scenarios.filter(readableByTheCli).length).toBeGreaterThanOrEqual(25);
  });

  it.each(scenarios.map((data) => [data.name, data] as const))(
    '%s: --record replays to the live report; a fully readable one is the offline report',
    async (_name, data) => {
      // Given AWS answering on its wire protocols as the scenario's snapshot says
      const job = jobOf(data.event);
      const aws = await useFakeAws(data.snapshot);
      try {
        const dir = scratch();
        const recorded = join(dir, 'recorded.json');
        const original = join(dir, 'snapshot.json');
        writeFileSync(original, JSON.stringify(data.snapshot));
        const args = ['--job', job.name, '--job-type', job.kind, '--format', 'json'];
        // When the job is diagnosed live with --record, then the recording and the snapshot offline
        const live = await cli(['diagnose', ...args, '--record', recorded]);
        const replay = await cli(['diagnose', '--snapshot', recorded, ...args]);
        const offline = await cli(['diagnose', '--snapshot', original, ...args]);
        // Then the replay is the live report, `incomplete` included in the same order and with
        // the same reasons (the recording keeps AWS's: unreadableReasons)
        expect({ code: live.code, err: live.err }).toEqual({ code: 0, err: '' });
        expect({ code: replay.code, err: replay.err }).toEqual({ code: 0, err: '' });
        const [liveReport, replayReport] = [JSON.parse(live.out) as Report, JSON.parse(replay.out) as Report];
        expect(replayReport.incomplete).toEqual(liveReport.incomplete);
        expect(replayReport).toEqual(liveReport);
        // And where the CLI reads all the snapshot holds, the live report is the offline one
        if (readableByTheCli(data)) {
          const offlineReport = JSON.parse(offline.out) as Report;
          expect(withReasonsMasked(liveReport)).toEqual(withReasonsMasked(offlineReport));
        }
      } finally {
        await aws.stop();
      }
    },
  );
});

describe('the order of incomplete', () => {
  it('is the same whatever order AWS answers in, and in the replay', async () => {
    // Given reads that fail in several services, answered with random delays
    const data = allScenarios().find((candidate) => candidate.name === 'multi-channel-several-accounts');
    if (!data) throw new Error('scenario missing');
    const job = jobOf(data.event);
    const faults = { 'kms:*': 'denied', 'organizations:*': 'denied', 's3:GetBucketPolicy': 'denied' } as const;
    const orders: string[][] = [];
    for (let run = 0; run < 3; run++) {
      const aws = await useFakeAws(data.snapshot, { jitterMs: 20, faults });
      try {
        const recorded = join(scratch(), 'recorded.json');
        const args = ['--job', job.name, '--job-type', job.kind, '--format', 'json'];
        const live = JSON.parse((await cli(['diagnose', ...args, '--record', recorded])).out) as Report;
        const replay = JSON.parse((await cli(['diagnose', '--snapshot', recorded, ...args])).out) as Report;
        orders.push(
          live.incomplete.map((entry) => entry.what),
          replay.incomplete.map((entry) => entry.what),
        );
      } finally {
        await aws.stop();
      }
    }
    // Then every run and every replay lists the same entries in the same order
    expect(orders[0].length).toBeGreaterThan(3);
    for (const order of orders) expect(order).toEqual(orders[0]);
  });
});
