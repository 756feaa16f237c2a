import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambda/config';
import { FAILURE_EVENT_TYPES } from '../../lambda/job-kinds';
import { CHAT_GUARDRAIL_POLICY, TOPIC_ACTIONS } from '../../lib/notifications';
import { DEFAULTS, POWERTOOLS_ENVIRONMENT } from '../../lib/sagemaker-access-doctor';
import { MAX_PARAMETER_EMAILS } from '../../lib/sagemaker-access-doctor-stack';
import { logicalIdOf, synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

// Given the app as `cdk deploy` builds it with no option but an email (built once for the file)
let built: Synthesized;
let ids: { key: string; topic: string; queue: string; table: string; logGroup: string; fn: string };
beforeAll(() => {
  built = synthesize({ notificationEmail: 'ops@example.com' });
  const doctor = built.stack.doctor;
  ids = {
    key: logicalIdOf(built, doctor.encryptionKey),
    topic: logicalIdOf(built, doctor.topic),
    queue: logicalIdOf(built, doctor.deadLetterQueue),
    table: logicalIdOf(built, doctor.idempotencyTable),
    logGroup: logicalIdOf(built, built.stack.doctor.node.findChild('LogGroup')),
    fn: logicalIdOf(built, doctor.function),
  };
}, SYNTH_TIMEOUT_MS);

describe('secure defaults of the SageMaker Access Doctor stack', () => {
  test('the findings topic is encrypted with the customer managed key', () => {
    built.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] },
    });
  });

  test('the customer managed key rotates', () => {
    built.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('the topic policy refuses every request without TLS', () => {
    built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: TOPIC_ACTIONS.map((action) => `sns:${action}`),
            Resource: { Ref: ids.topic },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  test('the key lets CloudWatch alarms of this account publish to the encrypted topic', () => {
    built.template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  test('the dead-letter queue is encrypted with the customer managed key', () => {
    built.template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] },
      MessageRetentionPeriod: DEFAULTS.deadLetterRetention.toSeconds(),
    });
  });

  test('the dead-letter queue refuses every request without TLS', () => {
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the dead-letter queue admits only the doctor rules', () => {
    // Then every sender statement is conditioned on one of the stack's rules
    const policy = Object.values(built.template.findResources('AWS::SQS::QueuePolicy'))[0];
    const allows = (
      policy.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Condition?: unknown }[]
    ).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(FAILURE_EVENT_TYPES.length);
    for (const allow of allows) {
      expect(allow).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } },
      });
    }
  });

  test('every failure rule targets the Lambda with a retry policy, a maximum event age and the dead-letter queue', () => {
    const rules = built.template.findResources('AWS::Events::Rule');
    expect(Object.keys(rules)).toHaveLength(FAILURE_EVENT_TYPES.length);
    for (const rule of Object.values(rules)) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [ids.fn, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [ids.queue, 'Arn'] } },
          RetryPolicy: {
            MaximumRetryAttempts: DEFAULTS.eventRetryAttempts,
            MaximumEventAgeInSeconds: DEFAULTS.maxEventAge.toSeconds(),
          },
        }),
      ]);
    }
  });

  test('the idempotency table bills on demand', () => {
    built.template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
  });

  test('the idempotency table expires records on the attribute Powertools writes', () => {
    built.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test('the idempotency table is encrypted with KMS', () => {
    built.template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true } });
  });

  test('the idempotency table has point-in-time recovery', () => {
    built.template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('the Lambda runs on the newest Node.js runtime on arm64', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'] });
  });

  test('the Lambda has the chosen memory and timeout', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: DEFAULTS.memorySize,
      Timeout: DEFAULTS.timeout.toSeconds(),
    });
  });

  test('the Lambda reserves a small concurrency that protects the account IAM and S3 read quotas', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: DEFAULTS.reservedConcurrentExecutions,
    });
  });

  test('the Lambda logs to its own log group with a retention', () => {
    built.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: ids.logGroup } },
    });
  });

  test('the Lambda is traced with X-Ray', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
  });

  test('the Lambda gets the Powertools settings and source maps', () => {
    built.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ...POWERTOOLS_ENVIRONMENT, NODE_OPTIONS: '--enable-source-maps' }) },
    });
  });

  test('the Lambda gets its configuration under the names lambda/config.ts reads', () => {
    const variables = Object.values(built.template.findResources('AWS::Lambda::Function'))[0].Properties.Environment
      .Variables;
    expect(variables).toMatchObject({
      [ENV.topicArn]: { Ref: ids.topic },
      [ENV.idempotencyTable]: { Ref: ids.table },
      [ENV.notifyOn]: 'all',
      [ENV.objectLevelReads]: 'false',
    });
    // And no cross-account role unless one is given
    expect(variables).not.toHaveProperty(ENV.crossAccountRoleName);
  });

  test('an alarm on Lambda errors notifies the findings topic', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.fn } }],
      Threshold: 1,
      AlarmActions: [{ Ref: ids.topic }],
    });
  });

  test('an alarm on the dead-letter queue depth notifies the findings topic', () => {
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.queue, 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [{ Ref: ids.topic }],
    });
  });

  test('chat channels can run no AWS command (deny-all guardrail)', () => {
    const guardrail = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${CHAT_GUARDRAIL_POLICY}`]],
    };
    built.template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', { GuardrailPolicies: [guardrail] });
    built.template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      GuardrailPolicies: [guardrail],
    });
  });

  test('chat channels and their roles exist only when their parameters are given', () => {
    for (const [type, condition] of [
      ['AWS::Chatbot::SlackChannelConfiguration', 'HasSlackChannel'],
      ['AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 'HasTeamsChannel'],
    ]) {
      built.template.hasResource(type, { Condition: condition });
      built.template.hasResource('AWS::IAM::Role', {
        Condition: condition,
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })],
          },
        },
      });
    }
    built.template.hasCondition('HasSlackChannel', {
      'Fn::And': [
        { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SlackWorkspaceId' }, ''] }] },
        { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'SlackChannelId' }, ''] }] },
      ],
    });
  });

  test('the template takes the subscribers as parameters, the email defaulting to the -c notificationEmail context', () => {
    built.template.hasParameter('NotificationEmails', { Type: 'String', Default: 'ops@example.com' });
    for (const name of ['SlackWorkspaceId', 'SlackChannelId', 'TeamsTeamId', 'TeamsTenantId', 'TeamsChannelId']) {
      built.template.hasParameter(name, { Type: 'String', Default: '' });
    }
  });

  test('each address of the email parameter gets its own conditional email subscription', () => {
    const subscriptions = built.template.findResources('AWS::SNS::Subscription');
    expect(Object.values(subscriptions)).toHaveLength(MAX_PARAMETER_EMAILS);
    Object.values(subscriptions).forEach((subscription, index) => {
      expect(subscription).toMatchObject({
        Condition: `HasNotificationEmail${index + 1}`,
        Properties: { Protocol: 'email', TopicArn: { Ref: ids.topic } },
      });
    });
  });
});
