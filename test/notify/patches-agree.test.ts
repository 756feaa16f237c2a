import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderText } from '../../lambda/diagnosis/render-text';
import type { Finding, Patch, Report } from '../../lambda/diagnosis/report';
import { reportFacts } from '../../lambda/diagnosis/report-facts';
import { chatNotification } from '../../lambda/notify/chat';
import { renderPlainText } from '../../lambda/notify/text';

const base = (): Report =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/notify/report-access-denied.json'), 'utf8')) as Report;

const ROLE = 'arn:aws:iam::111111111111:role/MLTrainingRole';
const manual = (): Patch => ({
  kind: 'manual',
  target: 'arn:aws:kms:us-east-1:111111111111:key/k-1',
  steps: ['Enable the key (aws kms enable-key).'],
});
const bucketPatch: Patch = {
  kind: 'bucket-policy',
  target: 'arn:aws:s3:::churn-data',
  document: { Version: '2012-10-17', Statement: [] },
  commands: ["aws s3api put-bucket-policy --bucket churn-data --policy '{}'"],
};

/**
 * A report whose five findings need three distinct patches: findings 1 and 2 share one patch
 * object, findings 3 and 4 have equal manual patches built apart (as manual patches are), and
 * finding 5 has its own.
 */
function reportWithSharedPatches(): Report {
  const report = base();
  const [first] = report.findings;
  const rolePatch = first.patch as Patch;
  const finding = (cause: string, patch: Patch | null, resource: string): Finding => ({
    ...first,
    cause,
    resource,
    patch,
  });
  const keyManual = manual();
  const keyManualAgain = manual();
  report.findings = [
    finding('IDENTITY_POLICY_NO_ALLOW', rolePatch, 'arn:aws:s3:::churn-data/train/a.csv'),
    finding('IDENTITY_POLICY_NO_ALLOW', rolePatch, 'arn:aws:s3:::churn-data/train/b.csv'),
    finding('KMS_KEY_NOT_USABLE', keyManual, 'arn:aws:kms:us-east-1:111111111111:key/k-1'),
    finding('KMS_KEY_NOT_USABLE', keyManualAgain, 'arn:aws:kms:us-east-1:111111111111:key/k-1'),
    finding('BUCKET_POLICY_EXPLICIT_DENY', bucketPatch, 'arn:aws:s3:::churn-data/train/a.csv'),
  ];
  return report;
}

/** The patch targets, in order, as each rendering lists them. */
const emailTargets = (text: string): string[] =>
  [...(text.split('HOW TO FIX\n')[1] ?? '').matchAll(/^\d+\. \S+ on (\S+)/gm)].map((match) => match[1]);
const textReportTargets = (text: string): string[] =>
  [...text.matchAll(/^ {3}(?:Fix \(\S+ on (\S+?)[,)]|What to change \(manual, (\S+?)\))/gm)].map(
    (match) => match[1] ?? match[2],
  );

describe('the patches of a report', () => {
  it('are the same, in the same order, in the email, the chat message and the text report', () => {
    // Given a report whose findings share patches, by object and by content
    const report = reportWithSharedPatches();

    // When it is rendered for email, for chat and for the terminal
    const email = renderPlainText(report);
    const chat = chatNotification(report, 'id-1');
    const text = renderText(report);

    // Then each lists the three distinct patches once, in the order of the findings
    const expected = [ROLE, 'arn:aws:kms:us-east-1:111111111111:key/k-1', 'arn:aws:s3:::churn-data'];
    expect(reportFacts(report).patches.map(({ patch }) => patch.target)).toEqual(expected);
    expect(emailTargets(email)).toEqual(expected);
    expect(textReportTargets(text)).toEqual(expected);
    // And the chat's next steps are those patches' steps and commands, each once
    const steps = reportFacts(report).patches.flatMap(({ patch }) => [
      ...(patch.steps ?? []),
      ...(patch.commands ?? []).map((command) => `\`${command}\``),
    ]);
    expect(chat.content.nextSteps).toEqual(steps);
    expect(new Set(chat.content.nextSteps).size).toBe(chat.content.nextSteps.length);
    // And the text report points a finding whose patch came earlier at that finding
    expect(text).toContain('Fix: the same patch as finding 1.');
    expect(text).toContain('Fix: the same patch as finding 3.');
  });

  it('tell patches apart by content, so a report read back from JSON renders the same', () => {
    // Given the report and its JSON round trip, where no two findings share an object
    const report = reportWithSharedPatches();
    const readBack = JSON.parse(JSON.stringify(report)) as Report;

    // Then every rendering is unchanged
    expect(renderText(readBack)).toBe(renderText(report));
    expect(renderPlainText(readBack)).toBe(renderPlainText(report));
    expect(chatNotification(readBack, 'id-1')).toEqual(chatNotification(report, 'id-1'));
  });
});
