/**
 * The template the organization deployment's StackSet puts into every member account and Region
 * (lib/organization-deployment.ts, docs/deploy.md): rules that forward the failure events to the
 * central account's event bus, a dead-letter queue with an alarm for the events they could not
 * deliver, and the read-only role the central Lambda assumes.
 *
 * Synthesized by cdk-stacksets as a template of its own (no assets: member accounts are not
 * bootstrapped), so it cannot reference the central stack's resources: the central bus and role
 * ARNs arrive as parameters, set by the StackSet.
 */
import { Aspects, CfnCondition, CfnParameter, CfnResource, Duration, Fn, Aws, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { StackSetStack } from 'cdk-stacksets';
import type { Construct, IConstruct } from 'constructs';
import type { FailureEventSubject } from '../lambda/job-kinds';
import { earlyWarningRule } from './early-warning';
import { FAILURE_EVENT_PATTERNS, pascalCase } from './failure-event-patterns';
import { readPermissionStatements, readPermissionWildcardFindings } from './read-permission-statements';

export interface MemberAccountStackProps {
  /** The organization (`o-...`): the read role trusts the central role only from inside it. */
  readonly organizationId: string;
  /** Name of the read role, the same in every member account (the Lambda's `crossAccountRoleName`). */
  readonly readerRoleName: string;
  /** The Regions the StackSet deploys to; the role is created once, by the stack in the first. */
  readonly regions: readonly string[];
  /** Whether the object-level reads are granted, as they are to the Lambda's role. */
  readonly objectLevelReads: boolean;
  /** Whether the watched calls of the early warning are forwarded too (lib/early-warning.ts). */
  readonly earlyWarning?: boolean;
}

/** Names of the member template's parameters, which the StackSet sets. */
export const MEMBER_PARAMETERS = {
  centralEventBusArn: 'CentralEventBusArn',
  centralRoleArn: 'CentralRoleArn',
} as const;

export class MemberAccountStack extends StackSetStack {
  /** The read role (created in the first Region only: IAM is global). */
  public readonly readerRole: iam.Role;
  /** The role EventBridge uses to put the events on the central bus. */
  public readonly forwarderRole: iam.Role;
  /** Where EventBridge puts a forwarded event it could not deliver to the central bus. */
  public readonly undeliveredQueue: sqs.Queue;
  /** In ALARM while that queue holds an event. */
  public readonly undeliveredAlarm: cloudwatch.Alarm;
  /** One rule per failure event type, each forwarding to the central bus. */
  public readonly rules: ReadonlyMap<FailureEventSubject, events.Rule>;

  public constructor(scope: Construct, id: string, props: MemberAccountStackProps) {
    super(scope, id);
    this.templateOptions.description =
      'SageMaker Access Doctor, member account: forwards failed SageMaker jobs to the central account and lets its Lambda read their evidence';

    const centralEventBusArn = new CfnParameter(this, MEMBER_PARAMETERS.centralEventBusArn, {
      type: 'String',
      description: "ARN of the central account's SageMaker Access Doctor event bus (set by the StackSet).",
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/[\\w.\\-/]+$',
    });
    const centralRoleArn = new CfnParameter(this, MEMBER_PARAMETERS.centralRoleArn, {
      type: 'String',
      description: "ARN of the central Lambda's role, the only principal the read role trusts (set by the StackSet).",
      allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@\\-/]+$',
    });

    this.readerRole = new iam.Role(this, 'ReaderRole', {
      roleName: props.readerRoleName,
      description: 'SageMaker Access Doctor: read-only evidence of failed SageMaker jobs, for the central Lambda only',
      // Only the central Lambda's role, and only while its account is in the organization
      // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid).
      assumedBy: new iam.ArnPrincipal(centralRoleArn.valueAsString).withConditions({
        StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
      }),
    });
    // The same list as the Lambda's own role (lambda/evidence/live/permissions.ts), bound to this
    // account and to every Region the StackSet targets.
    const readOptions = { objectLevelReads: props.objectLevelReads, regions: props.regions };
    for (const statement of readPermissionStatements(readOptions)) {
      this.readerRole.addToPrincipalPolicy(statement);
    }
    // IAM roles are global: each Region's stack instance would create the same named role, and
    // all but the first would fail. The stack in the first Region listed owns it.
    const inRoleRegion = new CfnCondition(this, 'CreatesReaderRole', {
      expression: Fn.conditionEquals(Aws.REGION, props.regions[0]),
    });
    Aspects.of(this.readerRole).add(new OnlyIf(inRoleRegion));
    for (const finding of readPermissionWildcardFindings(readOptions)) {
      Validations.of(this.readerRole).acknowledge(finding);
    }

    // Cross-account event bus targets need a role of the sending account with events:PutEvents
    // on the bus (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html).
    const centralBus = events.EventBus.fromEventBusArn(this, 'CentralEventBus', centralEventBusArn.valueAsString);
    this.forwarderRole = new iam.Role(this, 'ForwarderRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: "SageMaker Access Doctor: puts this account's SageMaker failure events on the central event bus",
    });
    // A failure event EventBridge cannot put on the central bus (its policy, a Region outage) is
    // retried for up to 24 hours, then kept here instead of dropped, and the alarm shows it in
    // this account (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
    // SQS-managed encryption: a KMS key here would need a key policy per member account.
    this.undeliveredQueue = new sqs.Queue(this, 'UndeliveredEventsQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.undeliveredQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the forwarding rules; a dead-letter queue has no dead-letter queue of its own.',
    });
    this.undeliveredAlarm = new cloudwatch.Alarm(this, 'UndeliveredEventsAlarm', {
      alarmDescription:
        'SageMaker Access Doctor: failure events of this account could not be forwarded to the central account and wait in the queue UndeliveredEventsQueue; send them to the central event bus (aws events put-events) once it accepts them again.',
      metric: this.undeliveredQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // The target grants the role events:PutEvents on the bus, and nothing else.
    const target = new targets.EventBus(centralBus, {
      role: this.forwarderRole,
      deadLetterQueue: this.undeliveredQueue,
    });
    const rules = new Map<FailureEventSubject, events.Rule>();
    for (const [subject, pattern] of FAILURE_EVENT_PATTERNS) {
      rules.set(
        subject,
        new events.Rule(this, `Forward${pascalCase(subject)}FailedRule`, {
          description: `SageMaker Access Doctor: ${pattern['detail-type'][0]}, failed, to the central account`,
          eventPattern: { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail },
          targets: [target],
        }),
      );
    }
    this.rules = rules;
    if (props.earlyWarning) earlyWarningRule(this, target, { id: 'ForwardEarlyWarningRule' });
  }
}

/** Makes every CloudFormation resource it visits (those CDK adds late, like overflow policies, too) conditional. */
class OnlyIf {
  public constructor(private readonly condition: CfnCondition) {}

  public visit(node: IConstruct): void {
    if (CfnResource.isCfnResource(node)) {
      node.cfnOptions.condition = this.condition;
    }
  }
}
