import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import { cli, jobOf, scenario, scratch, useFakeAws } from './harness';
import { withReasonsMasked } from './scenarios';

describe('a bucket of another region', () => {
  it('is read where S3 redirects the client, and reported as offline', async () => {
    // Given the job's bucket lives in eu-west-1 while the job runs in us-east-1
    const data = scenario('identity-missing-getobject');
    for (const account of Object.values(data.snapshot.accounts))
      for (const bucket of Object.values(account.s3?.buckets ?? {})) if (bucket) bucket.region = 'eu-west-1';
    const job = jobOf(data.event);
    const aws = await useFakeAws(data.snapshot);
    try {
      const file = join(scratch(), 'snapshot.json');
      writeFileSync(file, JSON.stringify(data.snapshot));
      const args = ['--job', job.name, '--job-type', job.kind, '--format', 'json'];
      const live = await cli(['diagnose', ...args]);
      const offline = await cli(['diagnose', '--snapshot', file, ...args]);
      // Then S3 answered 301 with the bucket's region, the client followed, and the reports agree
      const redirected = aws.calls().filter((call) => call.service === 's3' && call.status === 301);
      expect(redirected.length).toBeGreaterThan(0);
      expect(
        aws.calls().some((call) => call.service === 's3' && call.region === 'eu-west-1' && call.status === 200),
      ).toBe(true);
      expect(withReasonsMasked(JSON.parse(live.out) as Report)).toEqual(
        withReasonsMasked(JSON.parse(offline.out) as Report),
      );
    } finally {
      await aws.stop();
    }
  });
});
