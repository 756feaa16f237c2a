/**
 * Notifications keep the fix, whatever the report's size: findings grouped by cause and resource,
 * HOW TO FIX before the details and never what is cut, every command whole (or, in chat, named
 * with the command that prints the whole report), never a pointer to an email that a Slack-only
 * deployment does not have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Patch, Report } from '../../lambda/diagnosis/report';
import { reportFacts } from '../../lambda/diagnosis/report-facts';
import { chatNotification, MAX_CHAT_BYTES, MAX_NEXT_STEP_LENGTH, MAX_NEXT_STEPS } from '../../lambda/notify/chat';
import { jsonBytes } from '../../lambda/notify/fit';
import { findingGroups } from '../../lambda/notify/groups';
import { buildNotification, MAX_MESSAGE_BYTES } from '../../lambda/notify/publish';
import { fullReportCommand } from '../../lambda/notify/summary';
import { renderPlainText } from '../../lambda/notify/text';
import { bigReport, commandsOf } from './big-report';
import { type Schema, violations } from './schema';

const FIXTURES = join(__dirname, '../fixtures/notify');
const accessDenied = (): Report =>
  JSON.parse(readFileSync(join(FIXTURES, 'report-access-denied.json'), 'utf8')) as Report;
const chatSchema = JSON.parse(readFileSync(join(FIXTURES, 'chat-notification.schema.json'), 'utf8')) as Schema;
const parts = (report: Report) =>
  JSON.parse(buildNotification(report, { id: 'key-1' }).Message) as { email: string; default: string; https: string };
/** The commands an email shows (`   $ COMMAND` lines). */
const emailCommands = (text: string): string[] => [...text.matchAll(/^ {3}\$ (.*)$/gm)].map((match) => match[1]);

describe('findings grouped by cause and resource', () => {
  it('puts findings of one cause on one resource in one group, with their actions, in report order', () => {
    const report = accessDenied();
    const [first] = report.findings;
    report.findings = [
      first,
      { ...first, action: 's3:PutObject', purpose: 'output' },
      { ...first, cause: 'BUCKET_POLICY_EXPLICIT_DENY', patch: null },
      { ...first, action: 's3:ListBucket' },
    ];
    const groups = findingGroups(reportFacts(report));
    expect(groups.map((group) => [group.cause, group.actions, group.findings.map((fact) => fact.number)])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], [1, 2, 4]],
      ['BUCKET_POLICY_EXPLICIT_DENY', ['s3:GetObject'], [3]],
    ]);
    expect(groups[0].purposes).toEqual(["input channel 'train'", 'output']);
    expect(groups[0].patches).toEqual([0]);
    expect(groups[1].patches).toEqual([]);

    const text = renderPlainText(report);
    expect(text).toContain(
      "1. IDENTITY_POLICY_NO_ALLOW: s3:GetObject, s3:PutObject, s3:ListBucket on arn:aws:s3:::acme-ml-data/churn/train/* (input channel 'train'; output) [3 findings]",
    );
    expect(text).toContain('Cause: IDENTITY_POLICY_NO_ALLOW. 4 finding(s) in 2 group(s) by cause and resource');
  });
});

describe('the email', () => {
  it('gives HOW TO FIX before the findings, each finding group naming its fix', () => {
    const text = renderPlainText(bigReport(10));
    expect(text.indexOf('HOW TO FIX')).toBeGreaterThan(0);
    expect(text.indexOf('HOW TO FIX')).toBeLessThan(text.indexOf('FINDINGS'));
    expect(text).toMatch(/^ {3}Fix: HOW TO FIX 1\.$/m);
  });

  it.each([10, 200, 2_000])('of %i findings fits SNS and holds every distinct command whole', (count) => {
    const report = bigReport(count);
    const notification = buildNotification(report, { id: 'key-1' });
    expect(Buffer.byteLength(notification.Message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const { email } = JSON.parse(notification.Message) as { email: string };
    expect(emailCommands(email)).toEqual(commandsOf(report));
  });

  it('leaves out, never cuts: in any size, every command shown is whole, and a cut says what is missing', () => {
    const report = bigReport(2_000);
    const commands = new Set(commandsOf(report));
    for (const size of [2_000, 6_000, 20_000, 60_000]) {
      const text = renderPlainText(report, size);
      expect(jsonBytes(text)).toBeLessThanOrEqual(size);
      const shown = emailCommands(text);
      for (const command of shown) expect(commands.has(command)).toBe(true);
      expect(text).toContain('[cut: the report is longer than an SNS message may be; left out:');
      expect(text).toContain(`The full report: ${fullReportCommand(report)}`);
    }
    // A budget that holds the fixes but not the findings keeps every fix
    const fixesOnly = renderPlainText(report, 60_000);
    expect(emailCommands(fixesOnly)).toEqual(commandsOf(report));
    expect(fixesOnly).toMatch(/left out: \d+ of \d+ group\(s\) of findings/);
  });

  it('leaves a fix too long for the message out whole, and says so', () => {
    const report = accessDenied();
    const huge = {
      kind: 'bucket-policy',
      target: 'arn:aws:s3:::acme-ml-data',
      commands: [`aws s3api put-bucket-policy --bucket acme-ml-data --policy '${'x'.repeat(300_000)}'`],
    } as Patch;
    report.findings.push({ ...report.findings[0], cause: 'BUCKET_POLICY_NO_ALLOW', patch: huge });
    const { email } = parts(report);
    expect(emailCommands(email)).toEqual(report.findings[0].patch?.commands);
    expect(email).toContain('left out: 1 of 2 fix(es), too long for this message');
    expect(email).toContain(
      '2. bucket-policy on arn:aws:s3:::acme-ml-data\n   (left out: too long for this message; the full report below has it)\n',
    );
  });
});

describe('the chat document', () => {
  it.each([10, 200, 2_000])(
    'of %i findings is valid, within its limits, and every command whole or pointed to',
    (count) => {
      const report = bigReport(count);
      const document = JSON.parse(parts(report).https) as ReturnType<typeof chatNotification>;
      expect(violations(document, chatSchema)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(document))).toBeLessThanOrEqual(MAX_CHAT_BYTES);
      expect(document.content.nextSteps.length).toBeLessThanOrEqual(MAX_NEXT_STEPS);
      const commands = new Set(commandsOf(report).map((command) => `\`${command}\``));
      for (const step of document.content.nextSteps) {
        expect(step.length).toBeLessThanOrEqual(MAX_NEXT_STEP_LENGTH);
        if (step.startsWith('`')) expect(commands.has(step)).toBe(true);
      }
      const all = JSON.stringify(document);
      expect(all).not.toMatch(/see the email/i);
      if (document.content.nextSteps.length < commands.size) {
        expect(document.content.nextSteps.at(-1)).toContain(`\`${fullReportCommand(report)}\``);
      }
    },
  );

  it('names a command too long for chat in words, with the command that prints the whole report', () => {
    const report = accessDenied();
    const patch = report.findings[0].patch as Patch;
    patch.commands = [`${patch.commands?.[0]}${' '.repeat(MAX_NEXT_STEP_LENGTH)}`];
    const document = chatNotification(report, 'id-1');
    expect(document.content.nextSteps).toEqual([
      'Fix 1: role-inline-policy on `arn:aws:iam::111111111111:role/MLTrainingRole` (policy `SageMakerAccessDoctor`): too long for a chat message.',
      'every fix with its commands whole is in the full report: `sagemaker-access-doctor diagnose --job churn-xgb-2026-11-20 --job-type training --region us-east-1`',
    ]);
  });

  it('says how to get the findings it leaves out, without an email to point to', () => {
    const report = bigReport(2_000);
    const { description } = chatNotification(report, 'id-1').content;
    expect(description.length).toBeLessThanOrEqual(3_000);
    expect(description).toMatch(
      /more group\(s\) of findings:_ the full report: `sagemaker-access-doctor diagnose --job/,
    );
  });
});

describe('markdown in chat', () => {
  const withText = (explanation: string, failureReason: string): ReturnType<typeof chatNotification> => {
    const report = accessDenied();
    report.findings[0].explanation = explanation;
    report.job.failureReason = failureReason;
    return chatNotification(report, 'id-1');
  };

  it('puts ARNs and S3 URIs in code spans and escapes the rest', () => {
    const { description } = withText(
      "Policy 'AmazonSageMakerFullAccess' allows s3:GetObject only on arn:aws:s3:::*SageMaker*, arn:aws:s3:::*SageMaker*/*.",
      'Failed for s3://my_bucket/my_data/x.csv: *bold* _it_ `tick` <!channel> ~strike~',
    ).content;
    expect(description).toContain('only on `arn:aws:s3:::*SageMaker*`, `arn:aws:s3:::*SageMaker*/*`.');
    expect(description).toContain(
      '> Failed for `s3://my_bucket/my_data/x.csv`: \\*bold\\* \\_it\\_ \\`tick\\` \\<!channel\\> \\~strike\\~',
    );
  });

  it('keeps every command in a code span that no backtick of it can end', () => {
    const report = accessDenied();
    const patch = report.findings[0].patch as Patch;
    patch.commands = ['aws iam put-role-policy --policy-document \'{"Sid":"a`b``c"}\''];
    expect(chatNotification(report, 'id-1').content.nextSteps).toEqual([
      '```aws iam put-role-policy --policy-document \'{"Sid":"a`b``c"}\'```',
    ]);
  });

  it('escapes the title and leads it with an emoji every chat application renders', () => {
    const report = accessDenied();
    report.job.name = 'my_job*1';
    const { title } = chatNotification(report, 'id-1').content;
    expect(title).toBe("\u{1F6A8} SageMaker training job 'my\\_job\\*1' failed: IDENTITY\\_POLICY\\_NO\\_ALLOW");
    expect(JSON.stringify(chatNotification(accessDenied(), 'id-1'))).not.toContain(':rotating_light:');
  });
});

describe('the command that prints the whole report', () => {
  it.each([
    [
      'a SageMaker name',
      'TrainingJob',
      'churn-1',
      'sagemaker-access-doctor diagnose --job churn-1 --job-type training --region us-east-1',
    ],
    [
      'an endpoint',
      'Endpoint',
      'ep-1',
      'sagemaker-access-doctor diagnose --job ep-1 --job-type endpoint --region us-east-1',
    ],
    [
      'a name the shell would split',
      'TrainingJob',
      "a b'c",
      "sagemaker-access-doctor diagnose --job 'a b'\\''c' --job-type training --region us-east-1",
    ],
    ['a kind the CLI does not take', 'Pipeline', 'p', 'sagemaker-access-doctor diagnose --job p --region us-east-1'],
  ])('is whole and runnable for %s', (_case, type, name, expected) => {
    const report = accessDenied();
    Object.assign(report.job, { type, name });
    expect(fullReportCommand(report)).toBe(expected);
  });
});

describe("another account's fix", () => {
  /** The fixture's fix, turned into a bucket policy of the data account 222222222222. */
  const crossAccount = (): Report => {
    const report = accessDenied();
    const patch = report.findings[0].patch as Patch;
    Object.assign(patch, {
      kind: 'bucket-policy',
      target: 'arn:aws:s3:::acme-ml-data',
      account: '222222222222',
      policyName: undefined,
      commands: ["aws s3api put-bucket-policy --bucket acme-ml-data --policy '{}'"],
    });
    return report;
  };

  it('says in the email which account runs it, before its command, and that it replaces the whole policy', () => {
    const text = parts(crossAccount()).email;
    const lines = text.split('\n');
    const command = lines.findIndex((line) => line.startsWith('   $ aws s3api put-bucket-policy'));
    expect(lines[command - 1]).toBe('   Run as account 222222222222 (with its credentials):');
    expect(lines[command + 1]).toMatch(/^ {3}This replaces the whole bucket policy as it was read for this report/);
  });

  it("says nothing of the account for the job account's own fix", () => {
    const report = accessDenied();
    (report.findings[0].patch as Patch).account = report.job.account;
    expect(parts(report).email).not.toMatch(/Run as account/);
    expect(chatNotification(report, 'key-1').content.nextSteps?.join('\n') ?? '').not.toMatch(/Run as account/);
  });

  it('says in chat which account runs it, as the step before its command', () => {
    const steps = chatNotification(crossAccount(), 'key-1').content.nextSteps ?? [];
    const command = steps.findIndex((step) => step.startsWith('`aws s3api put-bucket-policy'));
    expect(steps[command - 1]).toBe('Run as account 222222222222 (with its credentials):');
  });
});
