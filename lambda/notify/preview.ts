/**
 * `diagnose --format email|chat` (docs/lambda.md, "Previews"): the notification exactly as the
 * Lambda publishes it for a report, built by the same function (publish.ts `buildNotification`)
 * with the same `id` (the failure's idempotency key, idempotency-key.ts) and the same secrets (the
 * event's), so that a user sees the message before deploying and tests can compare the two.
 */
import type { Report } from '../diagnosis/report';
import type { Evidence } from '../evidence/evidence';
import { jobKindOfType } from '../job-kinds';
import { Secrets } from '../redaction';
import { failureKey, type FailureOfEvent, failureTimesOf } from './idempotency-key';
import { buildNotification } from './publish';

export type PreviewFormat = 'email' | 'chat';

export interface PreviewSource {
  /** The failure as its event gave it; absent (`--job NAME`), the report's job stands for it. */
  failure?: FailureOfEvent;
  /** The raw event, whose detail's secrets are redacted as the Lambda redacts them. */
  event?: unknown;
  /** Where the job's description is read when the event carries no time of it. */
  evidence: Evidence;
  /** Secrets that the evidence read (live: the descriptions' settings). */
  secrets?: Secrets;
}

/** The failure a report is about, when no event announced it (`diagnose --job NAME`). */
function failureOfReport(report: Report): FailureOfEvent | undefined {
  const kind = jobKindOfType(report.job.type);
  if (kind === undefined) return undefined;
  return { kind, arn: report.job.arn, account: report.job.account, name: report.job.name, detail: {} };
}

/**
 * What the Lambda would publish for this report: the email text (the `email` message, which is
 * also `default`), or the chat document (the `https` message, the JSON string itself).
 */
export async function notificationPreview(
  report: Report,
  format: PreviewFormat,
  source: PreviewSource,
): Promise<string> {
  const failure = source.failure ?? failureOfReport(report);
  const id = failure ? failureKey(failure, await failureTimesOf(failure, source.evidence)) : report.job.arn;
  const secrets = Secrets.ofEvent(source.event ?? {});
  if (source.secrets) secrets.merge(source.secrets);
  const notification = buildNotification(report, { id, secrets });
  const parts = JSON.parse(notification.Message) as { email: string; https: string };
  return format === 'email' ? parts.email : `${parts.https}\n`;
}
