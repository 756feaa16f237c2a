import { Match } from 'aws-cdk-lib/assertions';
import { DEFAULTS } from '../../lib/sagemaker-access-doctor';
import { logicalIdOf, synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

/** The template's resources, by logical id. */
type Template = Record<string, { Type: string; Properties: Record<string, unknown> }>;

// Given the app as `cdk deploy` builds it (built once for the file)
let built: Synthesized;
let resources: Template;
let ids: { key: string; topic: string; fn: string; dlq: string; failed: string };
beforeAll(() => {
  built = synthesize();
  resources = built.template.toJSON().Resources as Template;
  const doctor = built.stack.doctor;
  ids = {
    key: logicalIdOf(built, doctor.encryptionKey),
    topic: logicalIdOf(built, doctor.topic),
    fn: logicalIdOf(built, doctor.function),
    dlq: logicalIdOf(built, doctor.deadLetterQueue),
    failed: logicalIdOf(built, doctor.failedInvocationQueue),
  };
}, SYNTH_TIMEOUT_MS);

const alarms = () => Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::CloudWatch::Alarm');
const keyStatement = (sid: string) =>
  (
    resources[ids.key].Properties.KeyPolicy as { Statement: { Sid?: string; Condition?: Record<string, unknown> }[] }
  ).Statement.find((statement) => statement.Sid === sid);

/** Evaluates a template string value (`Fn::Join` of literals and pseudo-parameter `Ref`s) with sample values. */
function render(value: unknown, values: Record<string, string>): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return values[object.Ref as string] ?? `<${String(object.Ref)}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => render(part, values)).join(separator);
  }
  if ('Fn::Select' in object) {
    const [index, list] = object['Fn::Select'] as [number, unknown];
    const [separator, source] = (list as Record<string, [string, unknown]>)['Fn::Split'];
    return render(source, values).split(separator)[index];
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

const SAMPLE = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '111111111111',
  'AWS::StackName': 'SageMakerAccessDoctor',
  'AWS::StackId':
    'arn:aws:cloudformation:us-east-1:111111111111:stack/SageMakerAccessDoctor/0c9d2e70-1f3a-11f0-9c5e-0a1b2c3d4e5f',
};
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

describe('alerts that are never lost', () => {
  test('the topic policy lets exactly the stack’s alarms publish, as CloudWatch of this account', () => {
    // https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
    built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: ids.topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowDoctorAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: ids.topic },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: { 'aws:SourceArn': alarms().map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
            },
          },
        ]),
      },
    });
    expect(alarms().length).toBe(5);
  });

  test('the key admits CloudWatch only for alarms whose names the stack gives its own', () => {
    // Given the key statement for CloudWatch and the alarms' names, rendered for one deployment
    const statement = keyStatement('AllowCloudWatchAlarmsToPublish');
    const pattern = render((statement?.Condition?.ArnLike as Record<string, unknown>)['aws:SourceArn'], SAMPLE);
    // Then every alarm of the stack matches it, and an alarm of another stack does not
    for (const [, alarm] of alarms()) {
      const arn = `arn:aws:cloudwatch:us-east-1:111111111111:alarm:${render(alarm.Properties.AlarmName, SAMPLE)}`;
      expect(arn).toMatch(glob(pattern));
    }
    expect('arn:aws:cloudwatch:us-east-1:111111111111:alarm:SomeoneElsesAlarm').not.toMatch(glob(pattern));
    expect(statement?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  });

  test('the key serves EventBridge only for the dead-letter queue (its encryption context)', () => {
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
    const statement = keyStatement('AllowEventBridgeToUseDeadLetterQueue');
    const context = (statement?.Condition?.StringEquals as Record<string, unknown>)[
      'kms:EncryptionContext:aws:sqs:arn'
    ];
    const queueName = render(resources[ids.dlq].Properties.QueueName, SAMPLE);
    expect(render(context, SAMPLE)).toBe(`arn:aws:sqs:us-east-1:111111111111:${queueName}`);
    expect(queueName.length).toBeLessThanOrEqual(80);
  });

  test('a failure event that fails every attempt goes, with its error, to an encrypted failed-invocation queue', () => {
    // https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: ids.fn },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: DEFAULTS.invocationRetryAttempts,
      MaximumEventAgeInSeconds: DEFAULTS.maxInvocationEventAge.toSeconds(),
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [ids.failed, 'Arn'] } } },
    });
    expect(resources[ids.failed].Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [ids.key, 'Arn'] },
      MessageRetentionPeriod: DEFAULTS.deadLetterRetention.toSeconds(),
    });
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.failed }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('the stack outputs the failed-invocation queue', () => {
    built.template.hasOutput('FailedInvocationQueueUrl', { Value: { Ref: ids.failed } });
  });

  test.each([
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'the failed-invocation queue'],
    ['AWS/Lambda', 'AsyncEventsDropped', 'the function'],
    ['AWS/Lambda', 'DestinationDeliveryFailures', 'the function'],
  ])('an alarm on %s %s (%s) notifies the findings topic', (namespace, metricName, of) => {
    const dimension =
      of === 'the function'
        ? { Name: 'FunctionName', Value: { Ref: ids.fn } }
        : { Name: 'QueueName', Value: { 'Fn::GetAtt': [ids.failed, 'QueueName'] } };
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: [dimension],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: ids.topic }],
    });
  });
});
