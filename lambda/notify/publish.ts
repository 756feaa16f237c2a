/**
 * Publishes a report to the SNS topic, one message per protocol (`MessageStructure: json`):
 * - `default` and `email`: the plain text of text.ts;
 * - `https`: the chat document of chat.ts. Amazon Q Developer in chat applications subscribes to
 *   the topic with protocol `https` (endpoint `https://global.sns-api.chatbot.amazonaws.com`), so
 *   the `https` key is what the chat channel receives: exactly the custom-notification document.
 *   (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, `MessageStructure`)
 * Message attributes `cause`, `jobType`, `account`, `severity` let subscriptions filter.
 *
 * Hyperparameters, environment variables and object contents never reach the report; as a last
 * guard every payload is redacted of the secret values the evidence saw.
 */
import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Report } from '../diagnosis/report';
import { redact, redactDeep } from '../evidence/live/scrub';
import { chatNotification } from './chat';
import { primaryCause, severity, subject } from './summary';
import { renderPlainText } from './text';

/** SNS messages are at most 256 KB (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export interface Notification {
  Subject: string;
  /** The JSON object of per-protocol messages, as a string. */
  Message: string;
  MessageStructure: 'json';
  MessageAttributes: Record<string, MessageAttributeValue>;
}

const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value || 'unknown' });

export function buildNotification(report: Report, options: { id: string; secrets?: Iterable<string> }): Notification {
  const secrets = [...(options.secrets ?? [])];
  const clean = (text: string): string => redact(text, secrets);
  const chat = JSON.stringify(redactDeep(chatNotification(report, options.id), secrets));
  let text = clean(renderPlainText(report));
  let message = JSON.stringify({ default: text, email: text, https: chat });
  // The text appears twice (default, email): cut it until the whole message fits.
  while (Buffer.byteLength(message) > MAX_MESSAGE_BYTES - 1_024) {
    text = `${text.slice(0, Math.floor(text.length * 0.8))}\n[cut: the report is longer than an SNS message may be]\n`;
    message = JSON.stringify({ default: text, email: text, https: chat });
  }
  return {
    Subject: clean(subject(report)),
    Message: message,
    MessageStructure: 'json',
    MessageAttributes: {
      cause: attribute(primaryCause(report)),
      jobType: attribute(report.job.type),
      account: attribute(report.job.account),
      severity: attribute(severity(report)),
    },
  };
}

/** Publishes the notification; returns SNS's message id. */
export async function publishReport(
  sns: SNSClient,
  topicArn: string,
  report: Report,
  options: { id: string; secrets?: Iterable<string> },
): Promise<string | undefined> {
  const notification = buildNotification(report, options);
  const out = await sns.send(new PublishCommand({ TopicArn: topicArn, ...notification }));
  return out.MessageId;
}
