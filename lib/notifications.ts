import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** A Slack channel that AWS Chatbot (Amazon Q Developer in chat applications) posts the findings to. */
export interface SlackChannelProps {
  /** The workspace id shown in the Chatbot console once the workspace is authorized, e.g. `T0123ABCD`. */
  readonly slackWorkspaceId: string;
  /** The channel id (Slack: channel details, bottom), e.g. `C0123ABCD`. */
  readonly slackChannelId: string;
}

/** A Microsoft Teams channel that AWS Chatbot posts the findings to. */
export interface TeamsChannelProps {
  /** The team id (a GUID), copied from the Chatbot console after authorizing the team. */
  readonly teamId: string;
  /** The Microsoft Entra tenant id (a GUID). */
  readonly teamsTenantId: string;
  /** The channel id as the Chatbot console shows it (URL-encoded, `19%3a...%40thread.tacv2`). */
  readonly teamsChannelId: string;
}

/** Settings of {@link Notifications}. */
export interface NotificationsProps {
  /** @default - a new topic encrypted with `encryptionKey`, refusing requests without TLS */
  readonly topic?: sns.ITopic;
  /** Key of the new topic. Ignored when `topic` is given. */
  readonly encryptionKey: kms.IKey;
  /** Addresses subscribed to the topic (may be empty). */
  readonly emails: readonly string[];
  /** @default - no Slack channel */
  readonly slackChannel?: SlackChannelProps;
  /** @default - no Teams channel */
  readonly teamsChannel?: TeamsChannelProps;
}

/**
 * Chat channels get AWS's deny-all guardrail: they only display notifications, nobody can run
 * AWS commands from them. Without a guardrail AWS applies `AdministratorAccess`
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/API_SlackChannelConfiguration.html).
 */
export const CHAT_GUARDRAIL_POLICY = 'AWSDenyAll';

/** The actions on a topic that a topic policy can name (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html). */
export const TOPIC_ACTIONS = [
  'Publish',
  'Subscribe',
  'Receive',
  'AddPermission',
  'RemovePermission',
  'SetTopicAttributes',
  'GetTopicAttributes',
  'DeleteTopic',
  'ListSubscriptionsByTopic',
] as const;

/**
 * Where the findings go: the SNS topic and its subscribers (emails, Slack, Teams).
 */
export class Notifications extends Construct {
  /** The topic the Lambda publishes its findings to. */
  public readonly topic: sns.ITopic;
  /** The Slack channel configuration, when a Slack channel was given. */
  public readonly slackChannel?: chatbot.SlackChannelConfiguration;
  /** The Teams channel configuration, when a Teams channel was given. */
  public readonly teamsChannel?: chatbot.CfnMicrosoftTeamsChannelConfiguration;

  public constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = props.topic ?? this.createTopic(props.encryptionKey);

    props.emails.forEach((email) => this.topic.addSubscription(new subscriptions.EmailSubscription(email)));

    const guardrail = iam.ManagedPolicy.fromAwsManagedPolicyName(CHAT_GUARDRAIL_POLICY);
    if (props.slackChannel) {
      this.slackChannel = new chatbot.SlackChannelConfiguration(this, 'SlackChannel', {
        slackChannelConfigurationName: `${this.configurationNamePrefix()}-slack`,
        slackWorkspaceId: props.slackChannel.slackWorkspaceId,
        slackChannelId: props.slackChannel.slackChannelId,
        notificationTopics: [this.topic],
        guardrailPolicies: [guardrail],
      });
    }
    if (props.teamsChannel) {
      // One scope for the channel and its role, so both can be made conditional together.
      const teams = new Construct(this, 'TeamsChannel');
      const role = new iam.Role(teams, 'Role', {
        assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
        description: 'Role of the SageMaker Access Doctor Teams channel: notifications only, no permissions',
      });
      this.teamsChannel = new chatbot.CfnMicrosoftTeamsChannelConfiguration(teams, 'Configuration', {
        configurationName: `${this.configurationNamePrefix()}-teams`,
        iamRoleArn: role.roleArn,
        teamId: props.teamsChannel.teamId,
        teamsTenantId: props.teamsChannel.teamsTenantId,
        teamsChannelId: props.teamsChannel.teamsChannelId,
        snsTopicArns: [this.topic.topicArn],
        guardrailPolicies: [guardrail.managedPolicyArn],
      });
    }
  }

  private createTopic(encryptionKey: kms.IKey): sns.Topic {
    const topic = new sns.Topic(this, 'Topic', { displayName: 'SageMaker Access Doctor', masterKey: encryptionKey });
    // Every topic action, not only Publish, is refused without TLS:
    // https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyRequestsWithoutTLS',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: TOPIC_ACTIONS.map((action) => `sns:${action}`),
        resources: [topic.topicArn],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    return topic;
  }

  /** Chatbot configuration names are unique per account: derive them from the construct's address. */
  private configurationNamePrefix(): string {
    return `access-doctor-${this.node.addr.slice(0, 8)}`;
  }
}
