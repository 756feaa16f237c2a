import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import { fitJsonString, jsonBytes, MAX_SUBJECT_LENGTH, plainText, snsSubject } from '../../lambda/notify/fit';
import { buildNotification, MAX_CHAT_BYTES, MAX_MESSAGE_BYTES, type Notification } from '../../lambda/notify/publish';
import { type Schema, violations } from './schema';

const FIXTURES = join(__dirname, '../fixtures/notify');
const accessDenied = (): Report =>
  JSON.parse(readFileSync(join(FIXTURES, 'report-access-denied.json'), 'utf8')) as Report;
const chatSchema = JSON.parse(readFileSync(join(FIXTURES, 'chat-notification.schema.json'), 'utf8')) as Schema;

/** What SNS counts against its limit: the message and its attributes. */
const snsBytes = (notification: Notification): number =>
  Buffer.byteLength(notification.Message) +
  Object.entries(notification.MessageAttributes).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.StringValue ?? '') + 6,
    0,
  );

describe('a notification of a report of any size', () => {
  it.each([
    [
      'a 300 KB job ARN (the chat document grows, not only the text)',
      (r: Report) => (r.job.arn = `arn:${'a'.repeat(300_000)}`),
    ],
    ['a 300 KB account', (r: Report) => (r.job.account = '1'.repeat(300_000))],
    ['a 300 KB job name', (r: Report) => (r.job.name = 'n'.repeat(300_000))],
    ['a 300 KB role ARN', (r: Report) => (r.job.roleArn = `arn:${'r'.repeat(300_000)}`)],
    [
      'a failure text of control characters (6 bytes each once escaped)',
      (r: Report) => (r.job.failureReason = '\u0001'.repeat(200_000)),
    ],
    ['a failure text of 4-byte characters', (r: Report) => (r.job.failureReason = '😀'.repeat(200_000))],
    [
      '2,000 findings with long explanations',
      (r: Report) =>
        (r.findings = Array.from({ length: 2_000 }, (_, index) => ({
          ...r.findings[0],
          explanation: `${'é'.repeat(500)} ${index}`,
        }))),
    ],
    [
      'an incomplete list of 10,000 entries',
      (r: Report) =>
        (r.incomplete = Array.from({ length: 10_000 }, (_, i) => ({ what: `w${i}`, why: 'x'.repeat(100) }))),
    ],
  ])('is built at once and fits SNS and the chat, for %s', (_case, grow) => {
    // Given a report with one part far over SNS's limit
    const report = accessDenied();
    grow(report);
    // When the notification is built
    const started = Date.now();
    const notification = buildNotification(report, { id: 'key-1' });
    // Then it took one pass, fits SNS's limit with its attributes, and the chat document is valid
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(snsBytes(notification)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    const parts = JSON.parse(notification.Message) as Record<string, string>;
    expect(Buffer.byteLength(parts.https)).toBeLessThanOrEqual(MAX_CHAT_BYTES);
    expect(violations(JSON.parse(parts.https), chatSchema)).toEqual([]);
    expect(parts.email).toBe(parts.default);
    expect([...notification.Subject].length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  it('says, when cut, how to get the whole report', () => {
    const report = accessDenied();
    // 3,000 findings on as many objects: 3,000 groups, over what a message holds
    report.findings = Array.from({ length: 3_000 }, (_, index) => ({
      ...report.findings[0],
      resource: `arn:aws:s3:::acme-ml-data/churn/train/part-${index}.csv`,
      explanation: 'x'.repeat(200),
    }));
    const text = (JSON.parse(buildNotification(report, { id: 'key-1' }).Message) as { email: string }).email;
    expect(text).toContain(`diagnose --job ${report.job.name}`);
    expect(text.startsWith("SageMaker training job 'churn-xgb-2026-11-20' failed")).toBe(true);
  });

  it('leaves a report that fits as it is', () => {
    const text = (JSON.parse(buildNotification(accessDenied(), { id: 'key-1' }).Message) as { email: string }).email;
    expect(text).not.toContain('[cut:');
    expect(text).toContain('HOW TO FIX');
  });

  it('carries no control character but line breaks, and no lone surrogate', () => {
    const report = accessDenied();
    report.job.failureReason = 'a\u0000b\u0007c\u001bd\u007fe\u0085f\u2028g\u2029h\r\ni\ud800j';
    const notification = buildNotification(report, { id: 'key-1' });
    const parts = JSON.parse(notification.Message) as Record<string, string>;
    for (const part of [parts.email, JSON.stringify(JSON.parse(parts.https))]) {
      // (with the `u` flag, a surrogate range matches only a surrogate without its pair)
      // eslint-disable-next-line no-control-regex
      expect(part).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udfff]/u);
    }
    expect(parts.email).toContain('abcde\nf\ng\nh\ni\ufffdj');
  });
});

describe('an SNS subject', () => {
  it.each([
    ['a line feed', 'a\nb', 'a b'],
    ['a carriage return', 'a\rb', 'a b'],
    ['a tab', 'a\tb', 'a b'],
    ['NUL and BEL', 'a\u0000b\u0007', 'a b'],
    ['DEL', 'a\u007fb', 'a b'],
    ['NEL (U+0085)', 'a\u0085b', 'a b'],
    ['a C1 control (U+009B)', 'a\u009bb', 'a b'],
    ['the line separator (U+2028)', 'a\u2028b', 'a b'],
    ['the paragraph separator (U+2029)', 'a\u2029b', 'a b'],
    ['a lone surrogate', 'a\ud800b', 'a\ufffdb'],
  ])('holds no %s', (_case, text, expected) => {
    expect(snsSubject(text, 'fallback')).toBe(expected);
  });

  it('is under 100 characters, never cutting a character in two', () => {
    const subject = snsSubject('😀'.repeat(150), 'fallback');
    expect([...subject].length).toBe(MAX_SUBJECT_LENGTH);
    expect(subject.endsWith('😀...')).toBe(true);
  });

  it('is never empty', () => {
    expect(snsSubject('\n\u2028 ', 'fallback')).toBe('fallback');
  });

  it('of a notification holds no line separator of a job name', () => {
    const report = accessDenied();
    report.job.name = 'bad\u2028name\u0085\u2029';
    expect(buildNotification(report, { id: 'key-1' }).Subject).toBe(
      "SageMaker training job 'bad name  ' failed: IDENTITY_POLICY_NO_ALLOW",
    );
  });
});

describe('a text cut to fit a JSON string', () => {
  it.each([
    ['ASCII', 'abcdef', 4],
    ['escapes', '"\\"\\', 5],
    ['control characters', '\u0001\u0002', 7],
    ['2-byte characters', 'ééé', 5],
    ['4-byte characters', '😀😀', 7],
  ])('takes at most the bytes given (%s)', (_case, text, max) => {
    const cut = fitJsonString(text, max, '');
    expect(jsonBytes(cut)).toBeLessThanOrEqual(max);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.length).toBeGreaterThan(0);
  });

  it('keeps its suffix', () => {
    expect(fitJsonString('abcdefgh', 6, '…')).toBe('abc…');
  });

  it('turns other line breaks into line feeds', () => {
    expect(plainText('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
  });
});
