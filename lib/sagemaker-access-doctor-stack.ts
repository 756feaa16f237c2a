import {
  CfnCondition,
  CfnOutput,
  CfnParameter,
  CfnResource,
  Fn,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import { SageMakerAccessDoctor, type SageMakerAccessDoctorProps } from './sagemaker-access-doctor';

/** Settings of the stack: the construct's props, plus the default of the email parameter. */
export interface SageMakerAccessDoctorStackProps extends StackProps {
  /**
   * Default of the `NotificationEmails` parameter (`cdk deploy -c notificationEmail=...`).
   * @default - no email unless the parameter is given at deploy time
   */
  readonly notificationEmail?: string;
  /**
   * Settings of the construct. Emails and chat channels given here are added to those of
   * the CloudFormation parameters.
   * @default - the construct's defaults
   */
  readonly doctor?: SageMakerAccessDoctorProps;
}

const GUID_OR_EMPTY = '^$|^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$';

/** How many addresses the `NotificationEmails` parameter takes: one conditional subscription each. */
export const MAX_PARAMETER_EMAILS = 5;

/**
 * The deployable SageMaker Access Doctor: the construct, with CloudFormation parameters for
 * the subscribers so that the synthesized template can be deployed as is (`aws cloudformation
 * deploy`, console quick-create) and told where to send the findings.
 */
export class SageMakerAccessDoctorStack extends Stack {
  public readonly doctor: SageMakerAccessDoctor;

  public constructor(scope: Construct, id: string, props: SageMakerAccessDoctorStackProps = {}) {
    super(scope, id, {
      description:
        'SageMaker Access Doctor: diagnoses SageMaker jobs that fail with AccessDenied and proposes least-privilege fixes',
      ...props,
    });

    const emails = new CfnParameter(this, 'NotificationEmails', {
      type: 'String',
      default: props.notificationEmail ?? '',
      description: `Up to ${MAX_PARAMETER_EMAILS} email addresses for the findings, comma-separated without spaces (each confirms by email). Empty: no email.`,
      allowedPattern: `^$|^[^@\\s,]+@[^@\\s,]+(,[^@\\s,]+@[^@\\s,]+){0,${MAX_PARAMETER_EMAILS - 1}}$`,
      constraintDescription: `at most ${MAX_PARAMETER_EMAILS} comma-separated email addresses without spaces, or empty`,
    });
    const slackWorkspaceId = new CfnParameter(this, 'SlackWorkspaceId', {
      type: 'String',
      default: '',
      description: 'AWS Chatbot Slack workspace id (e.g. T0123ABCD). Empty: no Slack channel.',
      allowedPattern: '^[0-9A-Z]{0,255}$',
    });
    const slackChannelId = new CfnParameter(this, 'SlackChannelId', {
      type: 'String',
      default: '',
      description: 'Slack channel id (e.g. C0123ABCD). Empty: no Slack channel.',
      allowedPattern: '^[A-Za-z0-9]{0,255}$',
    });
    const teamsTeamId = new CfnParameter(this, 'TeamsTeamId', {
      type: 'String',
      default: '',
      description: 'Microsoft Teams team id (GUID) authorized in AWS Chatbot. Empty: no Teams channel.',
      allowedPattern: GUID_OR_EMPTY,
    });
    const teamsTenantId = new CfnParameter(this, 'TeamsTenantId', {
      type: 'String',
      default: '',
      description: 'Microsoft Teams tenant id (GUID). Empty: no Teams channel.',
      allowedPattern: GUID_OR_EMPTY,
    });
    const teamsChannelId = new CfnParameter(this, 'TeamsChannelId', {
      type: 'String',
      default: '',
      description:
        'Microsoft Teams channel id, URL-encoded as the AWS Chatbot console shows it. Empty: no Teams channel.',
    });

    this.doctor = new SageMakerAccessDoctor(this, 'Doctor', {
      ...props.doctor,
      slackChannel: props.doctor?.slackChannel ?? {
        slackWorkspaceId: slackWorkspaceId.valueAsString,
        slackChannelId: slackChannelId.valueAsString,
      },
      teamsChannel: props.doctor?.teamsChannel ?? {
        teamId: teamsTeamId.valueAsString,
        teamsTenantId: teamsTenantId.valueAsString,
        teamsChannelId: teamsChannelId.valueAsString,
      },
    });

    if (props.doctor?.slackChannel === undefined) {
      const hasSlack = this.allGiven('HasSlackChannel', [slackWorkspaceId, slackChannelId]);
      onlyIf(this.doctor.notifications.node.findChild('SlackChannel'), hasSlack);
    }
    if (props.doctor?.teamsChannel === undefined) {
      const hasTeams = this.allGiven('HasTeamsChannel', [teamsTeamId, teamsTenantId, teamsChannelId]);
      onlyIf(this.doctor.notifications.node.findChild('TeamsChannel'), hasTeams);
    }
    this.subscribeParameterEmails(emails);

    new CfnOutput(this, 'TopicArn', {
      description: 'SNS topic of the findings: subscribe more endpoints here',
      value: this.doctor.topic.topicArn,
    });
    new CfnOutput(this, 'FunctionRoleArn', {
      description: 'Role of the Lambda: the principal that cross-account read roles must trust',
      value: this.doctor.role.roleArn,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Events EventBridge could not deliver to the Lambda',
      value: this.doctor.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'FailedInvocationQueueUrl', {
      description: 'Failure events that failed every diagnosis attempt, each with its error',
      value: this.doctor.failedInvocationQueue.queueUrl,
    });
    if (this.doctor.organization) {
      new CfnOutput(this, 'OrganizationEventBusArn', {
        description: 'Event bus the member accounts forward their failures to (organization mode)',
        value: this.doctor.organization.eventBus.eventBusArn,
      });
      new CfnOutput(this, 'MemberStackSetName', {
        description: 'StackSet of the member accounts: add OUs and Regions, or delete its instances, here',
        value: this.doctor.organization.stackSetName,
      });
    }
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W1030',
      reason:
        'The chat parameters are optional and default to empty; the channels that use them exist only when they are given (conditions HasSlackChannel, HasTeamsChannel).',
    });
  }

  /**
   * One email subscription per address of the parameter. CloudFormation cannot loop over a
   * list, so the list is padded with empty entries and each of the first
   * {@link MAX_PARAMETER_EMAILS} entries gets a subscription that exists only if non-empty.
   */
  private subscribeParameterEmails(emails: CfnParameter): void {
    const padded = Fn.split(',', Fn.join('', [emails.valueAsString, ','.repeat(MAX_PARAMETER_EMAILS)]));
    for (let index = 0; index < MAX_PARAMETER_EMAILS; index++) {
      const email = Fn.select(index, padded);
      const given = new CfnCondition(this, `HasNotificationEmail${index + 1}`, {
        expression: Fn.conditionNot(Fn.conditionEquals(email, '')),
      });
      const subscription = new sns.Subscription(this, `NotificationEmail${index + 1}`, {
        topic: this.doctor.topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: email,
      });
      onlyIf(subscription, given);
    }
  }

  private allGiven(id: string, parameters: CfnParameter[]): CfnCondition {
    return new CfnCondition(this, id, {
      expression: Fn.conditionAnd(...parameters.map((p) => Fn.conditionNot(Fn.conditionEquals(p.valueAsString, '')))),
    });
  }
}

/** Makes every CloudFormation resource under `scope` exist only when `condition` holds. */
function onlyIf(scope: IConstruct, condition: CfnCondition): void {
  for (const child of scope.node.findAll()) {
    if (CfnResource.isCfnResource(child)) {
      child.cfnOptions.condition = condition;
    }
  }
}
