import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ENV } from '../../lambda/config';
import { SageMakerAccessDoctor, type SageMakerAccessDoctorProps } from '../../lib/sagemaker-access-doctor';
import { actionsOf, SYNTH_TIMEOUT_MS, type TemplateStatement } from './synthesize';

// Each test synthesizes a stack of its own.
jest.setTimeout(SYNTH_TIMEOUT_MS);

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:platform-alerts';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The construct alone in a stack, with its props; bundling skipped (the handler is not under test here). */
function templateOf(props: (stack: Stack) => SageMakerAccessDoctorProps): {
  template: Template;
  doctor: SageMakerAccessDoctor;
} {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const doctor = new SageMakerAccessDoctor(stack, 'Doctor', props(stack));
  return { template: Template.fromStack(stack), doctor };
}

function allStatements(template: Template): TemplateStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as TemplateStatement[],
  );
}

describe('the SageMakerAccessDoctor construct with props', () => {
  test('a given topic and key are used as they are: none is created, the Lambda publishes there with that key', () => {
    // Given a topic and its key referenced by interface
    const { template } = templateOf((stack) => ({
      topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN),
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
    }));
    // Then no topic or key is created, and the role publishes to that topic with that key
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    const statements = allStatements(template);
    expect(statements).toEqual(
      expect.arrayContaining([expect.objectContaining({ Action: 'sns:Publish', Resource: TOPIC_ARN })]),
    );
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: KEY_ARN }),
      ]),
    );
    // And the dead-letter queue is encrypted with the given key
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: KEY_ARN });
  });

  test('a given topic without a key gets no key permission for the topic, and a new key still encrypts the dead-letter queue', () => {
    const { template } = templateOf((stack) => ({ topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN) }));
    template.resourceCountIs('AWS::KMS::Key', 1);
    // The only key permission is the failed-invocation queue's, through SQS for that queue
    const keyStatements = allStatements(template).filter((s) => actionsOf([s]).includes('kms:GenerateDataKey'));
    expect(keyStatements.map((s) => s.Sid)).toEqual(['EncryptFailedInvocations']);
    expect(JSON.stringify(keyStatements[0].Condition)).toContain('kms:EncryptionContext:aws:sqs:arn');
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
    });
  });

  test('emails, Slack and Teams given in props are subscribed unconditionally', () => {
    const { template } = templateOf(() => ({
      notificationEmails: ['ops@example.com', 'ml@example.com'],
      slackChannel: { slackWorkspaceId: 'T0123ABCD', slackChannelId: 'C0123ABCD' },
      teamsChannel: {
        teamId: '3c6a7b0e-9a0e-4d6f-8c3b-2f1e0d9c8b7a',
        teamsTenantId: '00000000-0000-0000-0000-000000000000',
        teamsChannelId: '19%3a0123abcd%40thread.tacv2',
      },
    }));
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'ml@example.com' });
    template.hasResource('AWS::Chatbot::SlackChannelConfiguration', {
      Properties: Match.objectLike({ SlackWorkspaceId: 'T0123ABCD', SlackChannelId: 'C0123ABCD' }),
      Condition: Match.absent(),
    });
    template.hasResource('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      Properties: Match.objectLike({ TeamsChannelId: '19%3a0123abcd%40thread.tacv2' }),
      Condition: Match.absent(),
    });
  });

  test('the Lambda is told the cross-account role name, what to notify and whether object-level reads are on', () => {
    const { template } = templateOf(() => ({
      crossAccountRoleName: 'AccessDoctorReader',
      notifyOn: 'access-denied',
      objectLevelReads: true,
    }));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.crossAccountRoleName]: 'AccessDoctorReader',
          [ENV.notifyOn]: 'access-denied',
          [ENV.objectLevelReads]: 'true',
        }),
      },
    });
  });

  test('memory, concurrency and retries follow the props', () => {
    const { template } = templateOf(() => ({
      memorySize: 2048,
      reservedConcurrentExecutions: 2,
      eventRetryAttempts: 0,
    }));
    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, ReservedConcurrentExecutions: 2 });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }) })],
    });
  });
});
