/**
 * Report version 2 (docs/formats/report.md): `reportVersion: 2`, `principal` on every finding,
 * `account` on every patch (absent only for statements for an owner the evidence does not name),
 * findings over listed objects merged per location, and a report that grows with the job's
 * locations, not with its listing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../lambda/diagnosis/report';
import { allow, diagnoseSnapshot, diagnoseWorld, doc, DOWNLOAD_DENIED, ROLE_ARN, trainingJob, World } from './world';

const ACCEPTANCE = join(__dirname, '..', '..', 'fixtures', 'acceptance');

const scenarios = readdirSync(ACCEPTANCE)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(join(ACCEPTANCE, name), 'utf8'))] as const)
  .filter(([, s]) => s.event !== undefined);

function expectVersion2(report: Report): void {
  expect(report.reportVersion).toBe(2);
  for (const finding of report.findings) {
    expect(finding.principal).toMatch(/^arn:aws[\w-]*:(iam|sts)::\d{12}:/);
    const patch = finding.patch;
    if (!patch) continue;
    if (patch.account === undefined) {
      // Only the owner of a resource outside the evidence is not known.
      expect(patch.kind).toBe('statement-for-owner');
      expect(report.incomplete.some((i) => i.what.includes(patch.target.replace(/^arn:[^:]+:s3:::/, '')))).toBe(true);
    } else expect(patch.account).toMatch(/^\d{12}$/);
  }
}

describe('report version 2 over the acceptance scenarios', () => {
  it.each(scenarios)('%s', async (_name, scenario) => {
    expectVersion2(await diagnoseSnapshot(scenario.snapshot, scenario.event));
  });
});

describe('UNEXPLAINED_ACCESS_DENIED', () => {
  it("names the job's execution role as its principal", async () => {
    // Given the bucket policy is not in the snapshot, and the role's own policies allow
    const world = new World()
      .role({ inline: { data: doc(allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['*'])) } })
      .bucket('data', { omit: ['policy'] });
    // When a job whose download was denied is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    // Then the one finding, unexplained, names the role whose request was denied
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ cause: 'UNEXPLAINED_ACCESS_DENIED', principal: ROLE_ARN });
    expectVersion2(report);
  });
});
