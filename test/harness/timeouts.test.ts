import type { Report } from '../../lambda/diagnosis/report';
import { REQUEST_TIMEOUT_MS } from '../../lambda/evidence/live/clients';
import { CALL_TIMEOUT_MS } from '../../lambda/evidence/live/read';
import { cli, jobOf, scenario, useFakeAws } from './harness';

describe('a read whose socket hangs', () => {
  it('is abandoned after each attempt, and the CLI ends within the read bound with it under incomplete', async () => {
    // Given AWS never answers ListGrants (a paginated read) nor GetKeyPolicy (a single call)
    const data = scenario('kms-key-policy-no-delegation');
    const job = jobOf(data.event);
    const aws = await useFakeAws(data.snapshot, { faults: { 'kms:ListGrants': 'hang', 'kms:GetKeyPolicy': 'hang' } });
    try {
      // When the job is diagnosed live
      const run = await cli(['diagnose', '--job', job.name, '--job-type', job.kind, '--format', 'json']);
      // Then the report comes within the bound of one read, naming both reads as timed out
      expect(run.code).toBe(0);
      expect(run.ms).toBeLessThan(CALL_TIMEOUT_MS + 2_000);
      const report = JSON.parse(run.out) as Report;
      const timedOut = report.incomplete.filter((entry) => /timed out/.test(entry.why)).map((entry) => entry.what);
      expect(timedOut).toEqual(
        expect.arrayContaining([expect.stringMatching(/^grants of KMS key /), expect.stringMatching(/KMS key/)]),
      );
      // And each attempt was abandoned at the per-attempt timeout and retried (3 attempts each)
      const attempts = (operation: string) => aws.calls().filter((call) => call.operation === operation);
      expect(attempts('ListGrants')).toHaveLength(3);
      expect(attempts('GetKeyPolicy')).toHaveLength(3);
      const [first, second] = attempts('ListGrants');
      expect(second.at - first.at).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      // And no socket is left hanging to keep the process alive
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(aws.openHangs()).toBe(0);
    } finally {
      await aws.stop();
    }
  }, 30_000);
});
