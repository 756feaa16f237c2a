/**
 * The early warning's rule (docs/preflight.md, "Early warning"; prop `earlyWarning`): the
 * CloudTrail records of the SageMaker calls that create a job, create or update an endpoint, or
 * start a pipeline execution, as
 * EventBridge delivers them (`AWS API Call via CloudTrail`, which needs a trail that logs
 * management events: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 * Only calls that succeeded: a refused call created nothing, and its caller got the error.
 */
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  SAGEMAKER_EVENT_SOURCE_NAME,
  WATCHED_EVENT_NAMES,
} from '../lambda/early-warning/calls';

/** The event pattern of the early warning's rule. */
export const EARLY_WARNING_PATTERN = {
  source: ['aws.sagemaker'],
  'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
  detail: {
    eventSource: [SAGEMAKER_EVENT_SOURCE_NAME],
    eventName: [...WATCHED_EVENT_NAMES],
    errorCode: [{ exists: false }],
  },
};

/**
 * The rule that sends the watched calls to `target`: the Lambda (with the failure rules' retries
 * and dead-letter queue), or, in a member account of organization mode, the central bus. On the
 * central bus, `notAccount` leaves out the central account's own calls, which its default bus
 * already brings.
 */
export function earlyWarningRule(
  scope: Construct,
  target: events.IRuleTarget,
  options: { id?: string; eventBus?: events.IEventBus; notAccount?: string } = {},
): events.Rule {
  return new events.Rule(scope, options.id ?? 'EarlyWarningRule', {
    description: 'SageMaker Access Doctor: SageMaker jobs created (CloudTrail), checked before they run',
    ...(options.eventBus ? { eventBus: options.eventBus } : {}),
    eventPattern: {
      source: EARLY_WARNING_PATTERN.source,
      detailType: EARLY_WARNING_PATTERN['detail-type'],
      detail: EARLY_WARNING_PATTERN.detail,
      ...(options.notAccount ? { account: events.Match.anythingBut(options.notAccount) } : {}),
    },
    targets: [target],
  });
}
