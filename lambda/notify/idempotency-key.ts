/**
 * The identity of one failure, for deduplication: EventBridge delivers at least once and a
 * state change can arrive twice (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 *
 * A job fails at most once, but a name can be reused once the job is gone: the key is the job's
 * ARN and its `CreationTime`, so a re-created job of the same name is a new failure, while the
 * job's own event and the pipeline-step event that ran it (whose time comes from the job's
 * description) give one key, hence one notification. An endpoint fails again after an update
 * (a failed update returns it to `InService` with a `FailureReason`): its key adds
 * `LastModifiedTime`. A pipeline step that failed before its job existed has no job: its ARN is
 * the pipeline execution's, and two refused steps of one execution are two failures, so its key
 * adds the step's name. Times are compared as instants: events write them as epoch numbers or ISO
 * strings, Describe* as dates (docs/lambda.md).
 */
import type { FailureEvent } from '../diagnosis/events';
import type { Evidence } from '../evidence/evidence';

/** The times that tell one failure of a job (or endpoint) from another of the same name. */
export interface FailureTimes {
  creationTime?: string;
  lastModifiedTime?: string;
}

/** The times of a description (an event's detail or a Describe* answer), as ISO instants. */
export function failureTimes(description: Record<string, unknown> | undefined): FailureTimes {
  return {
    creationTime: instant(description?.['CreationTime']),
    lastModifiedTime: instant(description?.['LastModifiedTime']),
  };
}

/** Whether these times identify a failure of this kind (`CreationTime`; endpoints also `LastModifiedTime`). */
export function identifies(event: Pick<FailureEvent, 'kind'>, times: FailureTimes): boolean {
  return times.creationTime !== undefined && (event.kind !== 'endpoint' || times.lastModifiedTime !== undefined);
}

/** What the times of a failure are read from: the event's detail, else the job's description. */
export type FailureOfEvent = Pick<FailureEvent, 'kind' | 'arn' | 'account' | 'name' | 'detail' | 'pipelineStep'>;

/**
 * The times that identify this failure: from the event's detail, else from the job's description
 * (a pipeline step's event carries no time of its job). The description is read once: the
 * diagnosis gets the same, memoized answer. The Lambda keys its idempotency records with them, and
 * `diagnose --format email|chat` its preview, so that both give the chat document the same `id`.
 */
export async function failureTimesOf(failure: FailureOfEvent, evidence: Evidence): Promise<FailureTimes> {
  const fromEvent = failureTimes(failure.detail);
  // A step that failed before its job existed has no job to describe: its key is the execution's ARN.
  if (identifies(failure, fromEvent) || failure.pipelineStep?.jobless) return fromEvent;
  const description = failure.pipelineStep
    ? await evidence
        .describeJobByArn(failure.arn)
        .then((answer) => (answer.known ? answer.value?.description : undefined))
    : await evidence
        .describeJob(failure.account, failure.kind, failure.name)
        .then((answer) => (answer.known ? (answer.value ?? undefined) : undefined));
  const fromDescription = failureTimes(description);
  return {
    creationTime: fromEvent.creationTime ?? fromDescription.creationTime,
    lastModifiedTime: fromEvent.lastModifiedTime ?? fromDescription.lastModifiedTime,
  };
}

export function failureKey(
  event: Pick<FailureEvent, 'kind' | 'arn'> & Partial<Pick<FailureEvent, 'pipelineStep'>>,
  times: FailureTimes,
): string {
  const parts = [event.arn.toLowerCase(), times.creationTime ?? ''];
  if (event.kind === 'endpoint') parts.push(times.lastModifiedTime ?? '');
  // Step names are unique within a pipeline, and case-sensitive.
  if (event.pipelineStep?.jobless) parts.push(`step:${event.pipelineStep.stepName ?? ''}`);
  return parts.join('#');
}

/**
 * An instant as an ISO string: a Date, an ISO string, or epoch milliseconds (or seconds, as some
 * SageMaker events write them: a number below 10^11 is taken as seconds).
 */
function instant(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const epoch =
    typeof value === 'number' ? value : text !== undefined && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  const date =
    value instanceof Date
      ? value
      : epoch !== undefined
        ? new Date(epoch < 1e11 ? epoch * 1000 : epoch)
        : text
          ? new Date(text)
          : undefined;
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
