/**
 * Publishes a report to the SNS topic, one message per protocol (`MessageStructure: json`):
 * - `default` and `email`: the plain text of text.ts;
 * - `https`: the chat document of chat.ts. Amazon Q Developer in chat applications subscribes to
 *   the topic with protocol `https` (endpoint `https://global.sns-api.chatbot.amazonaws.com`), so
 *   the `https` key is what the chat channel receives: exactly the custom-notification document.
 *   (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, `MessageStructure`)
 * Message attributes `cause`, `jobType`, `account`, `severity` let subscriptions filter.
 *
 * Hyperparameters, environment variables and object contents never reach the report; a failure
 * text that quotes one is redacted (lambda/redaction.ts) before anything is rendered.
 */
import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Report } from '../diagnosis/report';
import { reportFacts } from '../diagnosis/report-facts';
import { redactReport, Secrets } from '../redaction';
import { printableJson } from '../printable';
import { chatNotification, MAX_CHAT_BYTES } from './chat';
import { fitJsonString, plainText, shrinkJson, snsSubject } from './fit';
import { fullReportCommand, primaryCause, severity, subject } from './summary';
import { renderPlainText } from './text';

/** SNS messages are at most 256 KB, attributes included (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export { MAX_CHAT_BYTES } from './chat';
/** Attribute values are names (a cause, a job type, an account): anything longer is not one. */
const MAX_ATTRIBUTE_LENGTH = 256;
/** Kept free for the JSON envelope, the subject and the attributes (4 × 256 characters, up to 4 bytes each). */
const ENVELOPE_BYTES = 8 * 1024;
/**
 * chat.ts builds its document to MAX_CHAT_BYTES; a report made of nothing but huge names could
 * still pass it, and is then cut in steps (its strings, its lists): three steps at most, and the
 * last fits whatever the report (the document holds under 40 strings once its lists hold 8
 * items: 40 × 512 bytes and the keys stay well under MAX_CHAT_BYTES).
 */
const CHAT_STEPS = [
  { maxStringBytes: 16 * 1024, maxItems: 32 },
  { maxStringBytes: 2 * 1024, maxItems: 16 },
  { maxStringBytes: 512, maxItems: 8 },
] as const;

export interface Notification {
  Subject: string;
  /** The JSON object of per-protocol messages, as a string. */
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<string, MessageAttributeValue>;
}

const attribute = (value: string): MessageAttributeValue => ({
  DataType: 'String',
  StringValue: snsSubject(plainText(value), 'unknown').slice(0, MAX_ATTRIBUTE_LENGTH),
});

/**
 * The notification of a report: its free text redacted of `secrets` first (so that no later
 * step, markdown escaping or cutting, can leave a piece of one), stripped of escape sequences and
 * control characters (patch documents are sent as JSON, which escapes them), then rendered to
 * SNS's size: the chat document first, the text in what it leaves (text.ts and chat.ts put the
 * fixes first and leave out, never cut, what does not fit).
 */
export function buildNotification(
  report: Report,
  options: { id: string; secrets?: Secrets | Iterable<string> },
): Notification {
  const clean = printableJson(redactReport(report, Secrets.of(options.secrets)), (key) => key === 'document');
  const chat = fitChat(chatNotification(clean, options.id));
  // The text appears twice (default, email): each copy gets half of what the chat leaves.
  const room = Math.floor((MAX_MESSAGE_BYTES - ENVELOPE_BYTES - Buffer.byteLength(chat)) / 2);
  // renderPlainText keeps to `room`; the cut is the last guard of SNS's limit, whatever the report.
  const text = fitJsonString(plainText(renderPlainText(clean, room)), room, cutNotice(clean));
  return {
    Subject: snsSubject(subject(clean), `SageMaker ${clean.job.type} ${reportFacts(clean).outcome}`),
    Message: JSON.stringify({ default: text, email: text, https: chat }),
    MessageStructure: 'json',
    MessageAttributes: {
      cause: attribute(primaryCause(clean)),
      jobType: attribute(clean.job.type),
      account: attribute(clean.job.account),
      severity: attribute(severity(clean)),
    },
  };
}

/** Says what was cut, and how to read the whole report. */
const cutNotice = (report: Report): string =>
  `\n[cut: the report is longer than an SNS message may be; the full report: ${fullReportCommand(report)}]\n`;

/** The chat document as a JSON string of at most MAX_CHAT_BYTES. */
function fitChat(document: unknown): string {
  const clean = shrinkJson(document, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, plainText);
  let fitted = JSON.stringify(clean);
  for (const step of CHAT_STEPS) {
    if (Buffer.byteLength(fitted) <= MAX_CHAT_BYTES) break;
    fitted = JSON.stringify(shrinkJson(clean, step.maxStringBytes, step.maxItems));
  }
  return fitted;
}

/** Publishes the notification; returns SNS's message id. */
export async function publishReport(
  sns: SNSClient,
  topicArn: string,
  report: Report,
  options: { id: string; secrets?: Secrets | Iterable<string> },
): Promise<string | undefined> {
  const notification = buildNotification(report, options);
  const out = await sns.send(new PublishCommand({ TopicArn: topicArn, ...notification }));
  return out.MessageId;
}
