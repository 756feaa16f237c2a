import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import { buildNotification } from '../../lambda/notify/publish';
import { MAX_SUBJECT_LENGTH, primaryCause, severity, subject } from '../../lambda/notify/summary';
import { type Schema, violations } from './schema';

const FIXTURES = join(__dirname, '../fixtures/notify');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
const accessDenied = (): Report => fixture<Report>('report-access-denied.json');
const capacity = (): Report => fixture<Report>('report-capacity.json');
const chatSchema = fixture<Schema>('chat-notification.schema.json');

const messages = (report: Report, secrets: string[] = []) => {
  const notification = buildNotification(report, { id: 'key-1', secrets });
  return { notification, parts: JSON.parse(notification.Message) as Record<string, string> };
};

describe('the notification of a report', () => {
  it('has one message per protocol: plain text for default and email, the chat document for https', () => {
    // Given an access-denied report
    const { notification, parts } = messages(accessDenied());
    // Then SNS gets a JSON message structure with the three keys
    expect(notification.MessageStructure).toBe('json');
    expect(Object.keys(parts).sort()).toEqual(['default', 'email', 'https']);
    expect(parts.email).toBe(parts.default);
    // And the chat subscription receives exactly a valid custom notification
    expect(violations(JSON.parse(parts.https), chatSchema)).toEqual([]);
  });

  it('reads in one pass: what failed, the finding, and the command that fixes it', () => {
    const { parts } = messages(accessDenied());
    const text = parts.email;
    expect(text).toMatch(/^SageMaker training job 'churn-xgb-2026-11-20' failed: access was denied\.\n/);
    expect(text).toContain('Cause: IDENTITY_POLICY_NO_ALLOW.');
    expect(text).toContain(
      "1. IDENTITY_POLICY_NO_ALLOW: s3:GetObject on arn:aws:s3:::acme-ml-data/churn/train/* (input channel 'train')",
    );
    expect(text).toContain('HOW TO FIX');
    expect(text).toContain('$ aws iam put-role-policy --role-name MLTrainingRole');
  });

  it('names the job and the cause in a subject SNS accepts', () => {
    const { notification } = messages(accessDenied());
    expect(notification.Subject).toBe("SageMaker training job 'churn-xgb-2026-11-20' failed: IDENTITY_POLICY_NO_ALLOW");
  });

  it('shortens a long job name so that the subject stays under 100 characters and keeps the cause', () => {
    // Given a job with a 63-character name and several causes
    const report = accessDenied();
    report.job.name = 'x'.repeat(63);
    report.findings.push({ ...report.findings[0], cause: 'PERMISSIONS_BOUNDARY_EXPLICIT_DENY' });
    // When the subject is built
    const line = subject(report);
    // Then it fits and still names the cause
    expect(line.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(line).toMatch(/\.\.\.' failed: IDENTITY_POLICY_NO_ALLOW \(\+1\)$/);
  });

  it.each([
    ['access-denied', accessDenied, { cause: 'IDENTITY_POLICY_NO_ALLOW', severity: 'high' }],
    ['capacity', capacity, { cause: 'CAPACITY', severity: 'low' }],
  ] as const)('carries the filter attributes of a %s failure', (_name, report, expected) => {
    const { notification } = messages(report());
    expect(notification.MessageAttributes).toEqual({
      cause: { DataType: 'String', StringValue: expected.cause },
      jobType: { DataType: 'String', StringValue: 'TrainingJob' },
      account: { DataType: 'String', StringValue: '111111111111' },
      severity: { DataType: 'String', StringValue: expected.severity },
    });
    expect(primaryCause(report())).toBe(expected.cause);
    expect(severity(report())).toBe(expected.severity);
  });

  it('tells a person that a capacity failure is not a permissions problem', () => {
    const { notification, parts } = messages(capacity());
    expect(notification.Subject).toMatch(/failed: CAPACITY$/);
    expect(parts.email).toContain('not a permissions problem');
    expect(violations(JSON.parse(parts.https), chatSchema)).toEqual([]);
  });

  it('never carries a secret value, in any protocol, even when the failure text quotes it', () => {
    // Given a failure reason that quotes an environment variable's value
    const report = accessDenied();
    report.job.failureReason = 'AlgorithmError: could not connect with password "s3cr3t-db-password!"';
    // When the notification is built with the secrets the evidence saw
    const { notification } = messages(report, ['s3cr3t-db-password!']);
    // Then no payload holds it
    expect(JSON.stringify(notification)).not.toContain('s3cr3t-db-password!');
    expect(JSON.parse(notification.Message).email).toContain('"***"');
    // (in chat, markdown-escaped: it reads `***`, not an emphasis)
    expect(JSON.parse(JSON.parse(notification.Message).https).content.description).toContain('"\\*\\*\\*"');
  });

  it('stays a valid chat document when the report is huge', () => {
    // Given a report with 200 long findings
    const report = accessDenied();
    report.findings = Array.from({ length: 200 }, (_, index) => ({
      ...report.findings[0],
      explanation: `${'long explanation '.repeat(40)}${index}`,
    }));
    const { notification, parts } = messages(report);
    expect(violations(JSON.parse(parts.https), chatSchema)).toEqual([]);
    expect(Buffer.byteLength(notification.Message)).toBeLessThanOrEqual(256 * 1024);
  });
});

describe('the schema checker', () => {
  it('refuses a document without a description', () => {
    expect(violations({ version: '1.0', source: 'custom', content: { title: 't' } }, chatSchema)).toEqual([
      '$.content.description: required',
    ]);
  });
});

describe('the subject line', () => {
  it('holds no line break or control character, which SNS refuses', () => {
    const report = fixture<Report>('report-access-denied.json');
    report.job.name = 'bad\nname\u0007';
    expect(subject(report)).toBe("SageMaker training job 'bad name ' failed: IDENTITY_POLICY_NO_ALLOW");
  });
});
