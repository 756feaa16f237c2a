/**
 * The EventBridge patterns of the SageMaker failures the doctor diagnoses: one per event type
 * the Lambda accepts (lambda/job-kinds.ts), each matching only the event that announces
 * a failure. Built from the Lambda's own list, so a rule cannot feed it an event it refuses.
 *
 * Event shapes, detail-types and status fields:
 * https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html
 * Pattern syntax (`equals-ignore-case`, `exists`, `$or`):
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 *
 * Plain data (no CDK types) so the tests can match the same objects against AWS's sample events.
 */
import {
  FAILURE_EVENT_TYPES,
  SAGEMAKER_EVENT_SOURCE,
  type FailureEventSubject,
  type FailureEventType,
  PIPELINE_STEP_JOB_KEYS,
} from '../lambda/job-kinds';

/** An EventBridge event pattern, as EventBridge reads it (JSON). */
export interface FailureEventPattern {
  source: string[];
  'detail-type': string[];
  detail: Record<string, unknown>;
}

/**
 * The pattern of one failure event type.
 *
 * Job statuses are enum values of AWS's API (`Failed`) and are matched exactly. Endpoint events
 * have been published in upper-snake casing (`IN_SERVICE` in AWS's own sample) while
 * `DescribeEndpoint` answers `InService`: the endpoint status is matched with
 * `equals-ignore-case`, so `Failed` and `FAILED` both reach the doctor. Besides a failed
 * creation, an endpoint fails an update: it then returns to `InService` with a `FailureReason`
 * (or ends in `UpdateRollbackFailed`), which the `$or` catches; the Lambda treats an `InService`
 * event as a failure only when that reason is non-empty.
 *
 * A pipeline step event is only diagnosable when it names the job the step ran
 * (`detail.metadata.<kind>Job.arn`); steps without a job (conditions, Lambda, callback steps)
 * are not access failures of an execution role and are left out by the `$or`.
 */
export function failureEventPattern(type: FailureEventType): FailureEventPattern {
  const status =
    type.subject === 'endpoint'
      ? type.failedStatuses.map((failed) => ({ 'equals-ignore-case': failed }))
      : [...type.failedStatuses];
  const detail: Record<string, unknown> = { [type.statusField]: status };
  if (type.failedWithReasonStatuses) {
    // An endpoint back in service after a failed update says so only by its FailureReason.
    delete detail[type.statusField];
    detail.$or = [
      { [type.statusField]: status },
      {
        [type.statusField]: type.failedWithReasonStatuses.map((inService) => ({ 'equals-ignore-case': inService })),
        FailureReason: [{ exists: true }],
      },
    ];
  }
  if (type.subject === 'pipeline-step') {
    detail.$or = PIPELINE_STEP_JOB_KEYS.map((jobKey) => ({
      metadata: { [jobKey]: { arn: [{ exists: true }] } },
    }));
  }
  return { source: [SAGEMAKER_EVENT_SOURCE], 'detail-type': [type.detailType], detail };
}

/** Every failure pattern, by the subject of its event type (`training`, ..., `pipeline-step`). */
export const FAILURE_EVENT_PATTERNS: ReadonlyMap<FailureEventSubject, FailureEventPattern> = new Map(
  FAILURE_EVENT_TYPES.map((type) => [type.subject, failureEventPattern(type)]),
);

/** `pipeline-step` → `PipelineStep`: construct ids of the rules built from these patterns. */
export function pascalCase(words: string): string {
  return words
    .split('-')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
