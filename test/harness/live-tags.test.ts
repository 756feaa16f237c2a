/**
 * Tags read live, on the wire fake: a role's tags (`iam:ListRoleTags`,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html) give its sessions'
 * `aws:PrincipalTag/KEY`, and with object-level reads an object's tags (`s3:GetObjectTagging`)
 * give `s3:ExistingObjectTag/KEY` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html).
 * What is read is recorded, what could not be read is recorded as such: the replay is the live report.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { Report } from '../../lambda/diagnosis/report';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { cli, jobOf, OWN, scenario, scratch, useFakeAws } from './harness';
import type { FaultKind } from './wire';

const causes = (report: Report) => report.findings.map((finding) => `${finding.cause} ${finding.action}`);

describe("a role's tags read live", () => {
  const data = scenario('v2-principal-tag-project-bucket');
  const job = jobOf(data.event);
  const args = ['--job', job.name, '--job-type', job.kind, '--format', 'json'];

  async function liveAndReplay(faults: Record<string, FaultKind> = {}) {
    const aws = await useFakeAws(data.snapshot, { faults });
    try {
      const recorded = join(scratch(), 'recorded.json');
      const live = await cli(['diagnose', ...args, '--record', recorded]);
      const replay = await cli(['diagnose', '--snapshot', recorded, ...args]);
      return { live: JSON.parse(live.out) as Report, replay: JSON.parse(replay.out) as Report, ops: aws.operations() };
    } finally {
      await aws.stop();
    }
  }

  it('grant the project bucket through ${aws:PrincipalTag/...}, as the snapshot does, and replay to the same report', async () => {
    // Given a SageMaker Unified Studio role whose bucket grant names its own tag
    const original = join(scratch(), 'snapshot.json');
    writeFileSync(original, JSON.stringify(data.snapshot));
    // When the job is diagnosed live with --record, and the snapshot offline
    const { live, replay, ops } = await liveAndReplay();
    const offline = JSON.parse((await cli(['diagnose', '--snapshot', original, ...args])).out) as Report;
    // Then the tags were listed, the live report is the offline one and the replay is the live one
    expect(ops).toContain('iam:ListRoleTags');
    expect(causes(live)).toEqual(causes(offline));
    expect(live.checks).toEqual(offline.checks);
    expect(replay).toEqual(live);
  });

  it('when ListRoleTags is denied, leave the tag grants undecided (never a false denial) and say why', async () => {
    // Given IAM refuses to list the role's tags
    const { live, replay } = await liveAndReplay({ 'iam:ListRoleTags': 'denied' });
    // Then no check granted only through a tag is denied: it is Unknown, and the tags are under incomplete
    expect(live.findings.filter((finding) => finding.cause === 'IDENTITY_POLICY_NO_ALLOW')).toEqual([]);
    expect(live.checks.some((check) => check.decision === 'Unknown')).toBe(true);
    expect(live.incomplete).toEqual(
      expect.arrayContaining([expect.objectContaining({ what: expect.stringMatching(/^tags of role /) })]),
    );
    expect(replay).toEqual(live);
  });
});

describe("objects' tags read live with object-level reads", () => {
  const data = scenario('v2-object-tag-listed-objects');

  async function diagnoseLive(faults: Record<string, FaultKind> = {}) {
    const aws = await useFakeAws(data.snapshot, { faults });
    try {
      const live = await createLiveEvidence({ region: data.snapshot.region, account: OWN, objectLevelReads: true });
      const report = await diagnose({ event: parseFailureEvent(data.event) }, live.evidence);
      const recorded = parseSnapshot(JSON.parse(JSON.stringify(live.snapshot())), 'recorded.json');
      const replay = await diagnose({ event: parseFailureEvent(data.event) }, new SnapshotEvidence(recorded));
      return { report, replay, ops: aws.operations() };
    } finally {
      await aws.stop();
    }
  }

  it('decide each object by its own tags, as the listed snapshot does, and replay to the same report', async () => {
    // Given two listed objects whose tags differ, one of them outside the role's tag-scoped grant
    const offline = await diagnose(
      { event: parseFailureEvent(data.event) },
      new SnapshotEvidence(parseSnapshot(data.snapshot, 'snapshot.json')),
    );
    // When diagnosed live with object-level reads
    const { report, replay, ops } = await diagnoseLive();
    // Then each object's tags were read, the findings and checks are the offline ones, the replay the live report
    expect(ops).toContain('s3:GetObjectTagging');
    expect(report.findings).toEqual(offline.findings);
    expect(report.checks).toEqual(offline.checks);
    expect(replay).toEqual(report);
  });

  it('when GetObjectTagging is denied, leave the tag-scoped reads Unknown, not denied', async () => {
    // Given S3 refuses the objects' tags
    const { report, replay } = await diagnoseLive({ 's3:GetObjectTagging': 'denied' });
    // Then no object read is denied for lack of a tag-scoped Allow: it is Unknown
    expect(causes(report)).not.toContain('IDENTITY_POLICY_NO_ALLOW s3:GetObject');
    expect(
      report.checks.filter((check) => check.action === 's3:GetObject').every((check) => check.decision === 'Unknown'),
    ).toBe(true);
    expect(replay).toEqual(report);
  });
});
