/**
 * The Lambda entry point itself (lambda/handler.ts `handler`, as deployed), end to end on the
 * wire fake: the live evidence, the Powertools idempotency table in DynamoDB and the SNS
 * message all go through the real SDK clients.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { cli, OWN, scenario, scratch, useFakeAws } from './harness';

const TOPIC = `arn:aws:sns:us-east-1:${OWN}:access-doctor`;
const TABLE = 'access-doctor-idempotency';
const data = scenario('identity-missing-getobject');
let aws: Awaited<ReturnType<typeof useFakeAws>>;
let handler: typeof import('../../lambda/handler').handler;

const context = (): Context =>
  ({
    functionName: 'access-doctor',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
    awsRequestId: `request-${Math.random()}`,
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

beforeAll(async () => {
  aws = await useFakeAws(data.snapshot);
  Object.assign(process.env, {
    TOPIC_ARN: TOPIC,
    IDEMPOTENCY_TABLE: TABLE,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = await import('../../lambda/handler'));
});
afterAll(async () => {
  await aws.stop();
});
beforeEach(() => {
  aws.world.published.length = 0;
  aws.world.tables.clear();
  aws.setFaults({});
});

const published = () => aws.world.published;
/** The plain-text message (`default`) of a published notification. */
const textOf = (index: number) => (JSON.parse(published()[index].Message) as { default: string }).default;

describe('the deployed handler on the wire fake', () => {
  it('publishes one SNS message per failure, recording it in the idempotency table', async () => {
    // When EventBridge delivers the failure twice
    const first = await handler(data.event, context());
    const second = await handler(data.event, context());
    // Then one message went out, with its attributes, and the second delivery was answered from the table
    expect(first).toMatchObject({ status: 'notified', cause: 'IDENTITY_POLICY_NO_ALLOW' });
    expect(second).toEqual(first);
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      MessageAttributes: { cause: { DataType: 'String', StringValue: 'IDENTITY_POLICY_NO_ALLOW' } },
    });
    expect(textOf(0)).toContain('s3:GetObject');
    const records = [...(aws.world.tables.get(TABLE)?.values() ?? [])];
    expect(records).toHaveLength(1);
    expect(records[0].status).toEqual({ S: 'COMPLETED' });
    expect(aws.operations()).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'sns:Publish']),
    );
  });

  it("reports from the event's detail when the Describe is denied, the refused call under incomplete", async () => {
    // Given SageMaker refuses to describe the job
    aws.setFaults({ 'sagemaker:*': 'denied' });
    // When the failure arrives
    const outcome = await handler(data.event, context());
    // Then the report still goes out, built from the event's detail, saying what could not be read
    expect(outcome).toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(1);
    expect(textOf(0)).toMatch(/sagemaker:DescribeTrainingJob was denied/);
  });

  it('publishes exactly what `diagnose --format email|chat` previews offline', async () => {
    // Given the scenario's snapshot and event as files
    const dir = scratch();
    const snapshot = join(dir, 'snapshot.json');
    const event = join(dir, 'event.json');
    writeFileSync(snapshot, JSON.stringify(data.snapshot));
    writeFileSync(event, JSON.stringify(data.event));
    // When the Lambda handles the failure, and the CLI previews its notification
    await handler(data.event, context());
    const parts = JSON.parse(published()[0].Message) as { email: string; https: string };
    const email = await cli(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'email']);
    const chat = await cli(['diagnose', '--snapshot', snapshot, '--event', event, '--format', 'chat']);
    // Then the previews are the published messages, byte for byte (the chat's id included)
    expect(email).toMatchObject({ code: 0, err: '' });
    expect(email.out).toBe(parts.email);
    expect(chat).toMatchObject({ code: 0, err: '' });
    expect(chat.out).toBe(`${parts.https}\n`);
    expect((JSON.parse(chat.out) as { id: string }).id).toMatch(/^arn:aws:sagemaker:.*#\d{4}-\d\d-\d\dT/);
  });
});
