/**
 * The identity of one failure, for deduplication: EventBridge delivers at least once and a
 * state change can arrive twice (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 *
 * A job fails at most once, so its ARN names the failure: the job's own event and the
 * pipeline-step event that ran it give one key, hence one notification. An endpoint can fail
 * again after an update, so its key adds the failure text and the time of the change.
 */
import type { FailureEvent } from '../diagnosis/events';

export function failureKey(event: FailureEvent): string {
  const arn = event.arn.toLowerCase();
  if (event.kind !== 'endpoint') return arn;
  const changed = event.detail['LastModifiedTime'] ?? '';
  return `${arn}#${event.failureReason ?? ''}#${String(changed)}`;
}
