/**
 * The alarms that tell an operator a failure went undiagnosed, and the topic policy that lets
 * them reach the findings topic.
 *
 * Where a failure event can be lost, and the alarm on it:
 * - EventBridge cannot hand it to the Lambda: the rules' dead-letter queue (`DeadLetterQueue`);
 * - the Lambda fails on it (after Lambda's asynchronous retries): each attempt counts in
 *   `Errors` (`FunctionErrors`), the invocation record goes to the on-failure destination
 *   (`FailedInvocations`);
 * - Lambda drops it unprocessed (too old in its queue, e.g. held back by reserved concurrency):
 *   `AsyncEventsDropped`;
 * - Lambda cannot write to the on-failure destination: `DestinationDeliveryFailures`.
 * Metrics: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { PhysicalNames } from './physical-names';

export interface AlarmTargets {
  names: PhysicalNames;
  function: lambda.IFunction;
  /** The EventBridge rules' dead-letter queue. */
  deadLetterQueue: sqs.IQueue;
  /** The Lambda's on-failure destination. */
  failedInvocationQueue: sqs.IQueue;
  topic: sns.ITopic;
}

/** The alarms by construct id; each notifies the findings topic. */
export function createAlarms(scope: Construct, targets: AlarmTargets): Record<string, cloudwatch.Alarm> {
  const period = Duration.minutes(5);
  const sum = (metricName: string) => targets.function.metric(metricName, { period, statistic: cloudwatch.Stats.SUM });
  const depth = (queue: sqs.IQueue) =>
    queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM });
  const definitions: Record<string, { description: string; metric: cloudwatch.IMetric }> = {
    FunctionErrors: {
      description: 'a diagnosis failed and is retried by Lambda (see the Lambda logs: the job ARN and the error)',
      metric: targets.function.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
    },
    DeadLetterQueue: {
      description: 'failure events could not be delivered to the Lambda (see the dead-letter queue)',
      metric: depth(targets.deadLetterQueue),
    },
    FailedInvocations: {
      description:
        'a failure event failed every diagnosis attempt and was not notified (see the failed-invocation queue: the event and the error)',
      metric: depth(targets.failedInvocationQueue),
    },
    AsyncEventsDropped: {
      description: 'Lambda dropped failure events without diagnosing them (too old in its queue)',
      metric: sum('AsyncEventsDropped'),
    },
    DestinationDeliveryFailures: {
      description: 'Lambda could not write a failed invocation to the failed-invocation queue',
      metric: sum('DestinationDeliveryFailures'),
    },
  };
  const action = new cloudwatchActions.SnsAction(targets.topic);
  const alarms: Record<string, cloudwatch.Alarm> = {};
  for (const [id, { description, metric }] of Object.entries(definitions)) {
    const alarm = new cloudwatch.Alarm(scope, `${id}Alarm`, {
      alarmName: targets.names.alarm(id),
      alarmDescription: `SageMaker Access Doctor: ${description}`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    alarms[id] = alarm;
  }
  return alarms;
}

/**
 * The topic policy statement that lets these alarms, and no other, publish: without it an alarm
 * fails with "alarm:NAME is not authorized to perform: SNS:Publish ... because no resource-based
 * policy allows" (https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger;
 * the source keys guard against the confused deputy:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
export function alarmPublishStatement(topic: sns.ITopic, alarms: cloudwatch.IAlarm[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowDoctorAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnEquals: { 'aws:SourceArn': alarms.map((alarm) => alarm.alarmArn) },
    },
  });
}
