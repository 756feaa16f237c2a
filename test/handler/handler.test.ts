import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { type HandlerConfig, PUBLISH_RESERVE_MS, createHandler } from '../../lambda/handler';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { publishReport } from '../../lambda/notify/publish';
import { type Schema, violations } from '../notify/schema';
import { fakeAws, type FakeAws } from '../evidence/live/fake-aws';
import { awsError, OWN, resetLiveCaches } from '../evidence/live/helpers';
import { fakeTable } from './fake-table';
import { updatingEndpoint } from '../early-warning/endpoint-update';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:access-doctor';
const chatSchema = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/notify/chat-notification.schema.json'), 'utf8'),
) as Schema;
const scenario = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures/acceptance', `${name}.json`), 'utf8')) as {
    snapshot: Snapshot;
    event: Record<string, unknown> & { detail: Record<string, unknown> };
  };

const sns = mockClient(SNSClient);
let aws: FakeAws | undefined;

function context(remainingMs = 60_000): Context {
  return {
    functionName: 'access-doctor',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
    awsRequestId: 'request-1',
    getRemainingTimeInMillis: () => remainingMs,
  } as unknown as Context;
}

function handlerFor(
  name: string,
  config: Partial<HandlerConfig> = {},
  withTable = false,
  overrides: { diagnose?: typeof diagnose } = {},
) {
  const data = scenario(name);
  aws = fakeAws(data.snapshot, OWN);
  const table = withTable ? fakeTable() : undefined;
  const handler = createHandler({
    config: {
      topicArn: TOPIC,
      notifyOn: 'all',
      objectLevelReads: false,
      ...(withTable ? { idempotencyTable: 'idempotency' } : {}),
      ...config,
    },
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    createEvidence: createLiveEvidence,
    diagnose: overrides.diagnose ?? diagnose,
    publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
  });
  return { handler, event: data.event, table, snapshot: data.snapshot };
}

const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'message-1' });
  resetLiveCaches();
  jest.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
    return this;
  });
});
afterEach(() => {
  aws?.restore();
  jest.restoreAllMocks();
});

describe('the Lambda handler', () => {
  it('diagnoses a failure event on live AWS and publishes the report for email and chat', async () => {
    // Given the failure event of a job whose role lacks s3:GetObject
    const { handler, event } = handlerFor('identity-missing-getobject');
    // When the Lambda receives it
    const outcome = await handler(event, context());
    // Then one message is published: subject, per-protocol bodies and filter attributes
    expect(outcome).toMatchObject({
      status: 'notified',
      cause: 'IDENTITY_POLICY_NO_ALLOW',
      category: 'access-denied',
      messageId: 'message-1',
    });
    const [message] = published();
    expect(published()).toHaveLength(1);
    expect(message).toMatchObject({
      TopicArn: TOPIC,
      MessageStructure: 'json',
      Subject: "SageMaker training job 'churn-xgb-2026-11-20' failed: IDENTITY_POLICY_NO_ALLOW",
    });
    expect(message.MessageAttributes?.cause).toEqual({ DataType: 'String', StringValue: 'IDENTITY_POLICY_NO_ALLOW' });
    const parts = JSON.parse(message.Message ?? '{}') as Record<string, string>;
    expect(parts.email).toContain('aws iam put-role-policy --role-name MLTrainingRole');
    const chat = JSON.parse(parts.https);
    expect(violations(chat, chatSchema)).toEqual([]);
    expect(chat.metadata.threadId).toBe('arn:aws:sagemaker:us-east-1:111111111111:training-job/churn-xgb-2026-11-20');
  });

  it('publishes once for a duplicate delivery of the same failure', async () => {
    // Given the idempotency table and the same event delivered twice
    const { handler, event, table } = handlerFor('identity-missing-getobject', {}, true);
    // When both deliveries are handled
    const first = await handler(event, context());
    const second = await handler(structuredClone(event), context());
    // Then one notification went out and the second delivery returned the stored outcome
    expect(published()).toHaveLength(1);
    expect(second).toEqual(first);
    expect(table?.items.size).toBe(1);
  });

  it('resolves a pipeline step event to its job and notifies about that job', async () => {
    const { handler, event } = handlerFor('pipeline-step-processing-output-not-writable');
    const outcome = await handler(event, context());
    expect(outcome).toMatchObject({
      status: 'notified',
      jobArn: 'arn:aws:sagemaker:us-east-1:111111111111:processing-job/pipelines-7k2m9x4q1w8e-buildfeatures-qh3tz8lmna',
    });
    expect(published()[0].MessageAttributes?.jobType).toEqual({ DataType: 'String', StringValue: 'ProcessingJob' });
  });

  it.each([
    ['all', 'notified', 1],
    ['access-denied', 'skipped', 0],
  ] as const)('with NOTIFY_ON=%s, a capacity failure is %s', async (notifyOn, status, count) => {
    const { handler, event } = handlerFor('healthy-job-capacity-error', { notifyOn });
    const outcome = await handler(event, context());
    expect(outcome).toMatchObject({ status, category: 'capacity' });
    expect(published()).toHaveLength(count);
  });

  it.each([
    ['not an object', 'just text'],
    ['an unknown detail-type', { source: 'aws.sagemaker', 'detail-type': 'SageMaker Something Else', detail: {} }],
  ])('answers a malformed event (%s) normally, without publishing: it is not retried forever', async (_case, event) => {
    const { handler } = handlerFor('identity-missing-getobject');
    const outcome = await handler(event, context());
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect(published()).toHaveLength(0);
  });

  it('ignores a state change that is not a failure', async () => {
    const { handler, event } = handlerFor('identity-missing-getobject');
    const completed = { ...event, detail: { ...event.detail, TrainingJobStatus: 'Completed' } };
    await expect(handler(completed, context())).resolves.toMatchObject({ status: 'ignored' });
    expect(published()).toHaveLength(0);
  });

  it('never publishes hyperparameters or environment variables', async () => {
    // Given a job whose description and event carry secrets, quoted again in the failure text
    const data = scenario('identity-missing-getobject');
    const secrets = { HyperParameters: { api_key: 'hp-SECRET-1234' }, Environment: { DB_PASSWORD: 'env-SECRET-5678' } };
    const job = Object.values(data.snapshot.accounts[OWN].sagemaker?.trainingJobs ?? {})[0] as Record<string, unknown>;
    Object.assign(job, secrets, { FailureReason: `${job.FailureReason} token=hp-SECRET-1234` });
    Object.assign(data.event.detail, secrets, { FailureReason: job.FailureReason });
    aws = fakeAws(data.snapshot, OWN);
    const handler = createHandler({
      config: { topicArn: TOPIC, notifyOn: 'all', objectLevelReads: false },
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      createEvidence: createLiveEvidence,
      diagnose,
      publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
    });
    // When the failure is handled
    await handler(data.event, context());
    // Then no published byte holds a secret
    const payload = JSON.stringify(published());
    expect(published()).toHaveLength(1);
    expect(payload).not.toMatch(/SECRET/);
  });

  it('publishes what was gathered when the time left is too short to read AWS', async () => {
    // Given less time left than the publishing reserve: no read may start
    const { handler, event } = handlerFor('identity-missing-getobject');
    const outcome = await handler(event, context(PUBLISH_RESERVE_MS + 100));
    // Then the report still goes out, listing what could not be read
    expect(outcome).toMatchObject({ status: 'notified' });
    expect((outcome as { incomplete: number }).incomplete).toBeGreaterThan(0);
    expect(JSON.parse(published()[0].Message ?? '{}').email).toContain('the time left to report ran out');
  });

  it('counts diagnoses by cause, failures by category and incomplete evidence', async () => {
    const addMetric = jest.spyOn(Metrics.prototype, 'addMetric');
    const addDimension = jest.spyOn(Metrics.prototype, 'addDimension');
    const { handler, event } = handlerFor('identity-missing-getobject');
    await handler(event, context());
    expect(addMetric.mock.calls.map((call) => call[0])).toEqual(expect.arrayContaining(['Failures', 'Diagnoses']));
    expect(addDimension.mock.calls).toEqual(
      expect.arrayContaining([
        ['category', 'access-denied'],
        ['cause', 'IDENTITY_POLICY_NO_ALLOW'],
      ]),
    );
  });

  it('logs the job ARN and the error when the publish fails, and throws for Lambda to retry', async () => {
    // Given SNS refusing the publish
    const data = scenario('identity-missing-getobject');
    aws = fakeAws(data.snapshot, OWN);
    sns.on(PublishCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: SNS:Publish'), {
        name: 'AuthorizationErrorException',
        $metadata: { httpStatusCode: 403, requestId: 'req-403' },
      }),
    );
    const logger = new Logger({ logLevel: 'SILENT' });
    const logged = jest.spyOn(logger, 'error');
    const handler = createHandler({
      config: { topicArn: TOPIC, notifyOn: 'all', objectLevelReads: false },
      logger,
      metrics: new Metrics({ namespace: 'Test' }),
      createEvidence: createLiveEvidence,
      diagnose,
      publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
    });
    // When the failure is handled, Then the invocation fails and one line names the job and the error
    await expect(handler(data.event, context())).rejects.toThrow('not authorized');
    expect(logged).toHaveBeenCalledWith(
      'The failure was not notified: Lambda retries it',
      expect.objectContaining({
        jobArn: 'arn:aws:sagemaker:us-east-1:111111111111:training-job/churn-xgb-2026-11-20',
        error: expect.objectContaining({
          name: 'AuthorizationErrorException',
          message: 'User is not authorized to perform: SNS:Publish',
          httpStatusCode: 403,
          requestId: 'req-403',
        }),
      }),
    );
  });

  it('lets an unexpected error through for EventBridge to retry, and the retry notifies once', async () => {
    // Given a diagnosis that fails once with an internal error, then succeeds
    const data = scenario('identity-missing-getobject');
    aws = fakeAws(data.snapshot, OWN);
    const table = fakeTable();
    const flaky = jest.fn(diagnose).mockRejectedValueOnce(new Error('engine bug'));
    const handler = createHandler({
      config: { topicArn: TOPIC, notifyOn: 'all', objectLevelReads: false, idempotencyTable: 'idempotency' },
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test' }),
      createEvidence: createLiveEvidence,
      diagnose: flaky,
      publish: (report, options) => publishReport(new SNSClient({ region: 'us-east-1' }), TOPIC, report, options),
    });
    // When the event is delivered, fails, and is delivered again
    await expect(handler(data.event, context())).rejects.toThrow('engine bug');
    const retried = await handler(data.event, context());
    // Then the retry was not blocked by the failed attempt's record, and one message went out
    expect(retried).toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(1);
    expect(table.items.size).toBe(1);
  });

  it("alerts a re-created job of the same name: the key holds the job's creation time", async () => {
    // Given a job's failure, notified, and a new job of the same name failing a day later
    const { handler, event } = handlerFor('identity-missing-getobject', {}, true);
    await handler(event, context());
    const recreated = structuredClone(event);
    recreated.detail.CreationTime = '2026-11-21T10:00:00Z';
    // When the second failure arrives, Then it is notified too
    await expect(handler(recreated, context())).resolves.toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(2);
  });

  it("notifies once for a pipeline step and its job's own event (the step's key takes the job's creation time)", async () => {
    // Given a pipeline step's failure and the failure event of the job it ran
    const { handler, event, snapshot } = handlerFor('pipeline-step-processing-output-not-writable', {}, true);
    const job = Object.values(snapshot.accounts[OWN].sagemaker?.processingJobs ?? {})[0] as Record<string, unknown>;
    const jobEvent = {
      ...event,
      'detail-type': 'SageMaker Processing Job State Change',
      resources: [job.ProcessingJobArn],
      detail: { ...job, ProcessingJobStatus: 'Failed', CreationTime: Date.parse(String(job.CreationTime)) },
    };
    // When both are delivered
    await handler(event, context());
    const second = await handler(jobEvent, context());
    // Then one notification went out
    expect(published()).toHaveLength(1);
    expect(second).toMatchObject({ status: 'notified' });
  });

  it.each([
    [
      'denied',
      () => awsError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeProcessingJob', 400),
    ],
    ['throttled', () => awsError('ThrottlingException', 'Rate exceeded', 400)],
    ['failed with a 5xx', () => awsError('InternalFailure', 'We encountered an internal error', 500)],
  ])(
    "throws for Lambda to retry when the Describe of a pipeline step's job is %s, instead of dropping the event",
    async (_case, fault) => {
      // Given AWS refusing to describe the step's job
      const { handler, event } = handlerFor('pipeline-step-processing-output-not-writable');
      aws?.stubs[0].on(DescribeProcessingJobCommand).callsFake(() => {
        throw fault();
      });
      // When the step's failure is handled, Then the invocation fails (Lambda retries it) and nothing is published
      await expect(handler(event, context())).rejects.toThrow(/cannot describe the step's job/);
      expect(published()).toHaveLength(0);
    },
    30_000,
  );

  it('notifies without deduplication when the idempotency table is unavailable', async () => {
    // Given DynamoDB failing every write
    const { handler, event, table } = handlerFor('identity-missing-getobject', {}, true);
    table?.stub.on(PutItemCommand).rejects(awsError('InternalServerError', 'DynamoDB is unavailable', 500));
    // When the failure is handled, Then it is notified all the same
    await expect(handler(event, context())).resolves.toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(1);
  }, 30_000);

  it('keeps the notification when the table fails after the publish (a redelivery notifies once more)', async () => {
    // Given DynamoDB failing to record the success
    const { handler, event, table } = handlerFor('identity-missing-getobject', {}, true);
    table?.stub.on(UpdateItemCommand).rejects(awsError('InternalServerError', 'DynamoDB is unavailable', 500));
    // When the failure is handled, Then it is notified once and the invocation succeeds (no retry, no second message)
    await expect(handler(event, context())).resolves.toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(1);
  }, 30_000);

  it("reports the diagnosis's own error when the table also fails to remove the attempt's record", async () => {
    // Given a diagnosis that fails, and DynamoDB failing to delete the in-progress record
    const failing: typeof diagnose = () => Promise.reject(new Error('engine bug'));
    const { handler, event, table } = handlerFor('identity-missing-getobject', {}, true, { diagnose: failing });
    table?.stub.on(DeleteItemCommand).rejects(awsError('InternalServerError', 'DynamoDB is unavailable', 500));
    // When the failure is handled, Then Lambda gets the diagnosis's error (its retry and failure record name it)
    await expect(handler(event, context())).rejects.toThrow('engine bug');
    expect(published()).toHaveLength(0);
  }, 30_000);

  it('answers a concurrent duplicate delivery as a duplicate, not an error, and notifies once', async () => {
    // Given a diagnosis that waits, so that a second delivery arrives while the first is in progress
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const slow: typeof diagnose = async (input, evidence) => {
      entered();
      await gate;
      return diagnose(input, evidence);
    };
    const { handler, event } = handlerFor('identity-missing-getobject', {}, true, { diagnose: slow });
    const first = handler(event, context());
    await started;
    // When the duplicate is handled meanwhile
    const second = await handler(structuredClone(event), context());
    release();
    // Then it is a duplicate (no error, no message), and the first notifies
    expect(second).toMatchObject({ status: 'duplicate' });
    await expect(first).resolves.toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(1);
  });

  it.each([
    ['back InService with a FailureReason', 'InService'],
    ['in UpdateRollbackFailed', 'UpdateRollbackFailed'],
  ])('diagnoses and notifies an endpoint whose update failed (%s), once per update', async (_case, status) => {
    // Given an endpoint whose update failed, then a later update that failed again
    const { handler, event } = handlerFor('endpoint-model-data-not-readable', {}, true);
    const failedUpdate = structuredClone(event);
    failedUpdate.detail.EndpointStatus = status;
    const later = structuredClone(failedUpdate);
    later.detail.LastModifiedTime = Number(failedUpdate.detail.LastModifiedTime) + 3_600_000;
    // When both are handled, Then each is diagnosed from the failure text and notified
    await expect(handler(failedUpdate, context())).resolves.toMatchObject({ status: 'notified' });
    await expect(handler(later, context())).resolves.toMatchObject({ status: 'notified' });
    expect(published()).toHaveLength(2);
    expect(published()[0].Subject).toContain("endpoint 'fraud-realtime' failed");
  });

  it('ignores an endpoint in service without a failure reason', async () => {
    const { handler, event } = handlerFor('endpoint-model-data-not-readable');
    const { FailureReason: _reason, ...detail } = event.detail;
    await expect(
      handler({ ...event, detail: { ...detail, EndpointStatus: 'InService' } }, context()),
    ).resolves.toMatchObject({
      status: 'ignored',
    });
    expect(published()).toHaveLength(0);
  });
});

/**
 * The CloudTrail record of a successful CreateEndpoint as EventBridge delivers it: the record as
 * SageMaker's guide shows it (https://docs.aws.amazon.com/sagemaker/latest/dg/understanding-sagemaker-entries.html:
 * `requestParameters.endpointName`, `endpointConfigName`, `responseElements.endpointArn`), in the
 * envelope of https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html.
 */
const createEndpointCall = (eventID = 'a6f85b21-0000-4000-8000-000000000001') => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sagemaker',
  account: OWN,
  time: '2026-11-20T10:00:01Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventVersion: '1.05',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIXDAYQEXAMPLEUMLYNGL',
      arn: `arn:aws:iam::${OWN}:user/intern`,
      accountId: OWN,
      accessKeyId: 'ASXIAGXEXAMPLEQULKNXV',
      userName: 'intern',
    },
    eventTime: '2026-11-20T10:00:00Z',
    eventSource: 'sagemaker.amazonaws.com',
    eventName: 'CreateEndpoint',
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    userAgent: 'USER_AGENT',
    requestParameters: { endpointName: 'fraud-realtime', endpointConfigName: 'fraud-realtime-config-v12' },
    responseElements: { endpointArn: `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime` },
    requestID: '6b1b42b9-0000-4000-8000-000000000001',
    eventID,
    eventType: 'AwsApiCall',
    recipientAccountId: OWN,
  },
});

describe('the early warning of a created endpoint (CreateEndpoint)', () => {
  /** The endpoint as DescribeEndpoint answers right after CreateEndpoint: Creating, no failure yet. */
  function creating(snapshot: Snapshot): () => void {
    const endpoint = snapshot.accounts[OWN].sagemaker?.endpoints?.['fraud-realtime'] as Record<string, unknown>;
    const failed = { ...endpoint };
    delete endpoint.FailureReason;
    endpoint.EndpointStatus = 'Creating';
    endpoint.LastModifiedTime = endpoint.CreationTime;
    return () => Object.assign(endpoint, failed);
  }

  it("warns of an endpoint whose model's role cannot read its model data, once, in the thread of its failure alert", async () => {
    // Given an endpoint just created, whose model's role lacks s3:GetObject on the model data
    const { handler, event, snapshot } = handlerFor('endpoint-model-data-not-readable', {}, true);
    const fail = creating(snapshot);
    // When CloudTrail's record of CreateEndpoint arrives, twice (EventBridge delivers at least once)
    const first = await handler(createEndpointCall(), context());
    const again = await handler(createEndpointCall(), context());
    // Then one warning: the endpoint will fail, and why, read from the endpoint, its configuration and its model
    expect(first).toMatchObject({
      status: 'notified',
      cause: 'IDENTITY_POLICY_NO_ALLOW',
      category: 'none',
      jobArn: `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime`,
    });
    expect(again).toEqual(first);
    expect(published()).toHaveLength(1);
    const [warning] = published();
    expect(warning.Subject).toBe("SageMaker endpoint 'fraud-realtime' will fail: IDENTITY_POLICY_NO_ALLOW");
    const parts = JSON.parse(warning.Message ?? '{}') as Record<string, string>;
    expect(parts.default).toContain('s3:GetObject');
    expect(parts.default).toContain(
      "arn:aws:s3:::acme-model-registry/fraud/v12/model.tar.gz (model data of model 'fraud-xgb-v12')",
    );
    expect(aws?.commandNames()).toEqual(
      expect.arrayContaining(['DescribeEndpointCommand', 'DescribeEndpointConfigCommand', 'DescribeModelCommand']),
    );
    const warned = JSON.parse(parts.https);
    expect(violations(warned, chatSchema)).toEqual([]);

    // When the endpoint then fails and its failure event arrives
    fail();
    resetLiveCaches();
    await expect(handler(event, context())).resolves.toMatchObject({ status: 'notified', category: 'access-denied' });
    // Then the failure alert is a second message, in the warning's chat thread
    expect(published()).toHaveLength(2);
    const failed = JSON.parse((JSON.parse(published()[1].Message ?? '{}') as Record<string, string>).https);
    expect(failed.metadata.threadId).toBe(warned.metadata.threadId);
    expect(warned.metadata.threadId).toBe(`arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime`);
  });

  it('says nothing of an endpoint whose checks are all allowed, nor of a CreateEndpoint that failed', async () => {
    const { handler, snapshot } = handlerFor('endpoint-model-data-not-readable');
    creating(snapshot);
    const model = snapshot.accounts[OWN].sagemaker?.models?.['fraud-xgb-v12'] as {
      PrimaryContainer: { ModelDataUrl: string };
    };
    // The model data under the prefix its role may read
    model.PrimaryContainer.ModelDataUrl = 's3://acme-model-registry/fraud/v11/model.tar.gz';
    await expect(handler(createEndpointCall(), context())).resolves.toMatchObject({
      status: 'skipped',
      reason: 'preflight denies nothing',
    });
    const refused = createEndpointCall('a6f85b21-0000-4000-8000-000000000002');
    const detail = { ...refused.detail, errorCode: 'ValidationException', responseElements: null };
    await expect(handler({ ...refused, detail }, context())).resolves.toMatchObject({ status: 'ignored' });
    expect(published()).toHaveLength(0);
  });

  it('an endpoint deleted before it was read gives no warning', async () => {
    const { handler, snapshot } = handlerFor('endpoint-model-data-not-readable');
    delete snapshot.accounts[OWN].sagemaker?.endpoints?.['fraud-realtime'];
    await expect(handler(createEndpointCall(), context())).resolves.toMatchObject({ status: 'skipped' });
    expect(published()).toHaveLength(0);
  });
});

/** The CloudTrail record of a successful UpdateEndpoint: CreateEndpoint's members (calls.ts), naming the configuration it deploys. */
const updateEndpointCall = (endpointConfigName: string, eventID = 'b7f85b21-0000-4000-8000-000000000001') => {
  const call = createEndpointCall(eventID);
  return {
    ...call,
    detail: {
      ...call.detail,
      eventName: 'UpdateEndpoint',
      requestParameters: { endpointName: 'fraud-realtime', endpointConfigName },
    },
  };
};

describe('the early warning of an endpoint update (UpdateEndpoint)', () => {
  it("warns of an update to a configuration whose model's role cannot read its model data, checking the configuration it deploys", async () => {
    // Given an endpoint serving configuration v11 (allowed), updated to v12
    const { handler, snapshot } = handlerFor('endpoint-model-data-not-readable', {}, true);
    updatingEndpoint(snapshot, OWN, 'fraud-realtime-config-v11');
    // When CloudTrail's record of UpdateEndpoint arrives
    const result = await handler(updateEndpointCall('fraud-realtime-config-v12'), context());
    // Then the warning is of v12's model, read from the configuration the update deploys
    expect(result).toMatchObject({
      status: 'notified',
      cause: 'IDENTITY_POLICY_NO_ALLOW',
      jobArn: `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime`,
    });
    const [warning] = published();
    expect(warning.Subject).toBe("SageMaker endpoint 'fraud-realtime' will fail: IDENTITY_POLICY_NO_ALLOW");
    expect((JSON.parse(warning.Message ?? '{}') as Record<string, string>).default).toContain(
      "arn:aws:s3:::acme-model-registry/fraud/v12/model.tar.gz (model data of model 'fraud-xgb-v12')",
    );
    expect(aws?.commandNames()).toContain('DescribeEndpointConfigCommand');
  });

  it('says nothing of an update to a configuration whose checks are all allowed, whatever the endpoint serves now', async () => {
    // Given an endpoint serving configuration v12 (denied), updated to v11
    const { handler, snapshot } = handlerFor('endpoint-model-data-not-readable');
    updatingEndpoint(snapshot, OWN, 'fraud-realtime-config-v12');
    // When CloudTrail's record of UpdateEndpoint arrives / Then no warning: v11 is what it deploys
    await expect(handler(updateEndpointCall('fraud-realtime-config-v11'), context())).resolves.toMatchObject({
      status: 'skipped',
      reason: 'preflight denies nothing',
    });
    expect(published()).toHaveLength(0);
  });
});
