import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, jobOf, scenario, scratch, useFakeAws } from './harness';

describe('diagnose --job on the wire fake', () => {
  it('reports what the offline diagnosis of the same snapshot reports', async () => {
    // Given AWS answering on its wire protocols as a scenario's snapshot says
    const data = scenario('identity-missing-getobject');
    const job = jobOf(data.event);
    const aws = await useFakeAws(data.snapshot);
    try {
      // When the job is diagnosed live, and the snapshot is diagnosed offline
      const dir = scratch();
      const file = join(dir, 'snapshot.json');
      writeFileSync(file, JSON.stringify(data.snapshot));
      const live = await cli(['diagnose', '--job', job.name, '--job-type', job.kind, '--format', 'json']);
      const offline = await cli([
        'diagnose',
        '--snapshot',
        file,
        '--job',
        job.name,
        '--job-type',
        job.kind,
        '--format',
        'json',
      ]);
      // Then both succeed with the same findings and checks
      expect({ code: live.code, err: live.err }).toEqual({ code: 0, err: '' });
      expect(offline.code).toBe(0);
      const [liveReport, offlineReport] = [JSON.parse(live.out), JSON.parse(offline.out)];
      expect(liveReport.findings).toEqual(offlineReport.findings);
      expect(liveReport.checks).toEqual(offlineReport.checks);
      expect(aws.operations()).toContain('iam:GetRolePolicy');
    } finally {
      await aws.stop();
    }
  });
});
