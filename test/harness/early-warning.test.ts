/**
 * The early warning, end to end on the wire fake (docs/preflight.md, "Early warning"): the
 * deployed handler receives the CloudTrail record of a CreateTrainingJob, preflights the new job
 * from its description and notifies only when a check is denied, in the chat thread that the
 * job's failure alert uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { resetLiveCaches } from '../evidence/live/helpers';
import { OWN, type Scenario, scenario, useFakeAws } from './harness';
import { updatingEndpoint } from '../early-warning/endpoint-update';

const TOPIC = `arn:aws:sns:us-east-1:${OWN}:access-doctor`;
const TABLE = 'access-doctor-idempotency';
let handler: typeof import('../../lambda/handler').handler;
// One fake for the file: the handler's SNS and DynamoDB clients are made once per container.
let aws: Awaited<ReturnType<typeof useFakeAws>>;

/** The fake answers from this snapshot now, with nothing published or recorded yet. */
function answerFrom(snapshot: Snapshot): void {
  aws.world.snapshot = snapshot;
  aws.world.published.length = 0;
  aws.world.tables.clear();
  resetLiveCaches();
}

const context = (): Context =>
  ({
    functionName: 'access-doctor',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
    awsRequestId: `request-${Math.random()}`,
    getRemainingTimeInMillis: () => 60_000,
  }) as unknown as Context;

/**
 * The CloudTrail record of a successful CreateTrainingJob as EventBridge delivers it (record
 * fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html;
 * the event: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 */
function createTrainingJobCall(data: Scenario, eventID = '3f1c5a4e-7d1b-4d8c-9c1e-2a6f8e5b0c11') {
  const detail = data.event.detail as { TrainingJobName: string; TrainingJobArn: string; RoleArn: string };
  return {
    version: '0',
    id: 'b7e2c1a0-5d4f-4e3b-8a9c-0d1e2f3a4b5c',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.sagemaker',
    account: OWN,
    time: '2026-11-20T10:00:01Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEDEPLOYER:ci',
        arn: `arn:aws:sts::${OWN}:assumed-role/ci-deployer/ci`,
        accountId: OWN,
        sessionContext: {
          sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${OWN}:role/ci-deployer`, accountId: OWN },
        },
      },
      eventTime: '2026-11-20T10:00:00Z',
      eventSource: 'sagemaker.amazonaws.com',
      eventName: 'CreateTrainingJob',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-cli/2.22.0',
      requestParameters: { trainingJobName: detail.TrainingJobName, roleArn: detail.RoleArn },
      responseElements: { trainingJobArn: detail.TrainingJobArn },
      requestID: 'c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f',
      eventID,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: OWN,
      eventCategory: 'Management',
    },
  };
}

const endpointArn = `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime`;

/** The CloudTrail record of a CreateEndpoint or UpdateEndpoint of endpoint fraud-realtime with configuration v12. */
function endpointCall(eventName: 'CreateEndpoint' | 'UpdateEndpoint', eventID: string) {
  const base = createTrainingJobCall(scenario('identity-missing-getobject'), eventID);
  return {
    ...base,
    detail: {
      ...base.detail,
      eventName,
      requestParameters: { endpointName: 'fraud-realtime', endpointConfigName: 'fraud-realtime-config-v12' },
      responseElements: { endpointArn },
    },
  };
}

beforeAll(async () => {
  aws = await useFakeAws(scenario('identity-missing-getobject').snapshot);
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

interface Chat {
  content: { title: string; description: string };
  metadata: { threadId: string };
}
const messageOf = (published: { Message: string }) =>
  JSON.parse(published.Message) as { default: string; https: string };
const chatOf = (published: { Message: string }) => JSON.parse(messageOf(published).https) as Chat;

describe('the early warning on the wire fake', () => {
  it("warns of a created job whose role cannot read its data, once, in the thread of the job's failure alert", async () => {
    // Given a training job created with a role that lacks s3:GetObject on its channel
    const data = scenario('identity-missing-getobject');
    answerFrom(data.snapshot);
    // When CloudTrail's record of CreateTrainingJob arrives (twice: EventBridge delivers at least once)
    const call = createTrainingJobCall(data);
    const first = await handler(call, context());
    const again = await handler(call, context());
    // Then one warning went out, saying the job will fail and why, before it ran
    expect(first).toMatchObject({ status: 'notified', cause: 'IDENTITY_POLICY_NO_ALLOW', category: 'none' });
    expect(again).toEqual(first);
    expect(aws.world.published).toHaveLength(1);
    const warning = aws.world.published[0];
    expect(warning.Subject).toBe("SageMaker training job 'churn-xgb-2026-11-20' will fail: IDENTITY_POLICY_NO_ALLOW");
    expect(messageOf(warning).default).toMatch(/will fail: .*early warning/);
    expect(messageOf(warning).default).toContain('s3:GetObject');
    // And it read the new job on the wire, with DescribeTrainingJob
    expect(aws.operations()).toEqual(
      expect.arrayContaining(['sagemaker:DescribeTrainingJob', 'dynamodb:PutItem', 'sns:Publish']),
    );

    // When the job then fails and its failure event arrives
    await handler(data.event, context());
    // Then the failure alert is a second message in the same chat thread
    expect(aws.world.published).toHaveLength(2);
    const [warned, failed] = aws.world.published.map(chatOf);
    expect(failed.metadata.threadId).toBe(warned.metadata.threadId);
    expect(warned.metadata.threadId).toBe((data.event.detail as { TrainingJobArn: string }).TrainingJobArn);
    expect(messageOf(aws.world.published[1]).default).toMatch(/failed: access was denied/);
  });

  it('says nothing of a created job whose checks are all allowed', async () => {
    const data = scenario('healthy-job-capacity-error');
    answerFrom(data.snapshot);
    const outcome = await handler(createTrainingJobCall(data, 'a9b8c7d6-0000-4000-8000-000000000001'), context());
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'preflight denies nothing' });
    expect(aws.world.published).toHaveLength(0);
  });

  it('ignores a call that failed (nothing was created) and rejects a malformed record in one line', async () => {
    const data = scenario('identity-missing-getobject');
    answerFrom(data.snapshot);
    const call = createTrainingJobCall(data, 'a9b8c7d6-0000-4000-8000-000000000002');
    const refused = {
      ...call,
      detail: { ...call.detail, errorCode: 'AccessDeniedException', responseElements: null },
    };
    expect(await handler(refused, context())).toMatchObject({ status: 'ignored' });
    const garbled = { ...call, detail: { ...call.detail, responseElements: { trainingJobArn: 'not an arn' } } };
    const rejected = await handler(garbled, context());
    expect(rejected).toMatchObject({ status: 'rejected' });
    expect((rejected as { reason: string }).reason).toMatch(
      /^event\.detail\.responseElements\.trainingJobArn: "not an arn" is not a SageMaker ARN/,
    );
    expect(aws.world.published).toHaveLength(0);
  });

  it("warns of a created endpoint whose model's role cannot read its model data, in the thread of its failure alert", async () => {
    // Given an endpoint just created (Creating), whose model's role lacks s3:GetObject on the model data
    const data = scenario('endpoint-model-data-not-readable');
    const endpoint = data.snapshot.accounts[OWN].sagemaker?.endpoints?.['fraud-realtime'] as Record<string, unknown>;
    const failed = { ...endpoint };
    delete endpoint.FailureReason;
    Object.assign(endpoint, { EndpointStatus: 'Creating', LastModifiedTime: endpoint.CreationTime });
    answerFrom(data.snapshot);
    // When CloudTrail's record of CreateEndpoint arrives, shaped as SageMaker's guide shows it
    // (https://docs.aws.amazon.com/sagemaker/latest/dg/understanding-sagemaker-entries.html)
    const created = endpointCall('CreateEndpoint', 'a9b8c7d6-0000-4000-8000-000000000004');
    const outcome = await handler(created, context());
    // Then the endpoint, its configuration and its model were read on the wire, and one warning went out
    expect(aws.operations()).toEqual(
      expect.arrayContaining([
        'sagemaker:DescribeEndpoint',
        'sagemaker:DescribeEndpointConfig',
        'sagemaker:DescribeModel',
      ]),
    );
    expect(outcome).toMatchObject({ status: 'notified', jobArn: endpointArn, cause: 'IDENTITY_POLICY_NO_ALLOW' });
    expect(aws.world.published).toHaveLength(1);
    expect(aws.world.published[0].Subject).toBe(
      "SageMaker endpoint 'fraud-realtime' will fail: IDENTITY_POLICY_NO_ALLOW",
    );
    // When the endpoint then fails and its failure event arrives
    Object.assign(endpoint, failed);
    resetLiveCaches();
    await handler(data.event, context());
    // Then the failure alert is in the warning's thread
    expect(aws.world.published).toHaveLength(2);
    const [warned, alerted] = aws.world.published.map(chatOf);
    expect(alerted.metadata.threadId).toBe(warned.metadata.threadId);
    expect(warned.metadata.threadId).toBe(endpointArn);
  });

  it('warns of an endpoint update from the configuration it deploys, read on the wire', async () => {
    // Given an endpoint in service with a configuration whose model may read its data (v11),
    // updated to the scenario's v12, whose model's role lacks s3:GetObject on its model data
    const data = scenario('endpoint-model-data-not-readable');
    updatingEndpoint(data.snapshot, OWN, 'fraud-realtime-config-v11');
    answerFrom(data.snapshot);
    // When CloudTrail's record of UpdateEndpoint arrives (CreateEndpoint's members:
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html)
    const updated = endpointCall('UpdateEndpoint', 'a9b8c7d6-0000-4000-8000-000000000005');
    // Then v12 and its model were read, and the warning is of them
    await expect(handler(updated, context())).resolves.toMatchObject({
      status: 'notified',
      jobArn: endpointArn,
      cause: 'IDENTITY_POLICY_NO_ALLOW',
    });
    expect(aws.world.published).toHaveLength(1);
    expect(messageOf(aws.world.published[0]).default).toContain("model data of model 'fraud-xgb-v12'");
  });

  it("warns of a pipeline execution whose new step's role the pipeline role may not pass, in the execution's thread", async () => {
    // Given the example pipeline whose evaluate step names a role its pipeline role may not pass
    const examples = join(__dirname, '..', '..', 'examples', 'preflight');
    const snapshot = JSON.parse(readFileSync(join(examples, 'snapshot.json'), 'utf8')) as Snapshot;
    const definition = readFileSync(join(examples, 'pipeline-with-evaluate-step.json'), 'utf8');
    snapshot.accounts[OWN].sagemaker = {
      pipelines: {
        churn: {
          PipelineName: 'churn',
          RoleArn: `arn:aws:iam::${OWN}:role/ChurnPipelineRole`,
          PipelineDefinition: definition,
        },
      },
    };
    const executionArn = `arn:aws:sagemaker:us-east-1:${OWN}:pipeline/churn/execution/k2y7gq1xj9z4`;
    const base = createTrainingJobCall(scenario('identity-missing-getobject'), 'a9b8c7d6-0000-4000-8000-000000000003');
    const started = {
      ...base,
      detail: {
        ...base.detail,
        eventName: 'StartPipelineExecution',
        requestParameters: {
          pipelineName: 'churn',
          pipelineParameters: [{ name: 'ProcessingInstanceType', value: 'ml.m5.2xlarge' }],
        },
        responseElements: { pipelineExecutionArn: executionArn },
      },
    };
    answerFrom(snapshot);
    // When CloudTrail's record of StartPipelineExecution arrives
    const outcome = await handler(started, context());
    // Then the pipeline was described, and the warning names the pipeline role's missing iam:PassRole
    expect(aws.operations()).toContain('sagemaker:DescribePipeline');
    expect(outcome).toMatchObject({ status: 'notified', jobArn: executionArn });
    expect(aws.world.published).toHaveLength(1);
    expect(aws.world.published[0].Subject).toMatch(/^SageMaker (pipeline|Pipeline) 'churn' will fail: /);
    expect(messageOf(aws.world.published[0]).default).toContain('iam:PassRole');
    // In the execution's own thread
    expect(chatOf(aws.world.published[0]).metadata.threadId).toBe(executionArn);
  });

  it('checks the definition the execution runs, not one the pipeline was updated to since', async () => {
    // Given a pipeline whose latest definition has the evaluate step its role may not pass,
    // while the execution started runs the definition before it, which is allowed
    const examples = join(__dirname, '..', '..', 'examples', 'preflight');
    const snapshot = JSON.parse(readFileSync(join(examples, 'snapshot.json'), 'utf8')) as Snapshot;
    const executionArn = `arn:aws:sagemaker:us-east-1:${OWN}:pipeline/churn/execution/m3z8hr2yk0a5`;
    snapshot.accounts[OWN].sagemaker = {
      pipelines: {
        churn: {
          PipelineName: 'churn',
          RoleArn: `arn:aws:iam::${OWN}:role/ChurnPipelineRole`,
          PipelineDefinition: readFileSync(join(examples, 'pipeline-with-evaluate-step.json'), 'utf8'),
        },
      },
      pipelineExecutions: {
        [executionArn]: { PipelineDefinition: readFileSync(join(examples, 'pipeline.json'), 'utf8') },
      },
    };
    const base = createTrainingJobCall(scenario('identity-missing-getobject'), 'a9b8c7d6-0000-4000-8000-000000000004');
    const started = {
      ...base,
      detail: {
        ...base.detail,
        eventName: 'StartPipelineExecution',
        requestParameters: { pipelineName: 'churn' },
        responseElements: { pipelineExecutionArn: executionArn },
      },
    };
    answerFrom(snapshot);
    const outcome = await handler(started, context());
    // Then the execution's definition was read by its ARN, and nothing is announced
    expect(aws.operations()).toContain('sagemaker:DescribePipelineDefinitionForExecution');
    expect(outcome).toMatchObject({ status: expect.not.stringMatching(/^notified$/) });
    expect(aws.world.published).toHaveLength(0);
  });
});
