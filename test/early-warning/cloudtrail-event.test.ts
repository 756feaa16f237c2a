/**
 * The CloudTrail records the early warning reads (lambda/early-warning/cloudtrail-event.ts):
 * which calls are watched, what is taken from them, and what is refused at the edge.
 */
import { InputError } from '../../lambda/errors';
import { isCloudTrailCall, parseWatchedCall } from '../../lambda/early-warning/cloudtrail-event';
import { pipelineInput } from '../../lambda/preflight/pipeline';

const ACCOUNT = '111111111111';
const record = (detail: Record<string, unknown>) => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.sagemaker',
  account: ACCOUNT,
  region: 'us-east-1',
  detail: { eventSource: 'sagemaker.amazonaws.com', eventID: 'e-1', ...detail },
});
const training = (extra: Record<string, unknown> = {}) =>
  record({
    eventName: 'CreateTrainingJob',
    requestParameters: { trainingJobName: 'churn-1' },
    responseElements: { trainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/churn-1` },
    ...extra,
  });

describe('a CloudTrail record of a SageMaker call', () => {
  it('gives the job, its ARN as SageMaker answered, its account and Region', () => {
    expect(isCloudTrailCall(training())).toBe(true);
    expect(parseWatchedCall(training())).toEqual({
      eventName: 'CreateTrainingJob',
      subject: 'training',
      name: 'churn-1',
      arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/churn-1`,
      account: ACCOUNT,
      region: 'us-east-1',
      partition: 'aws',
      eventId: 'e-1',
    });
  });

  it('reads the member names in either case, and the name from the ARN when the request lacks it', () => {
    const pascal = training({
      requestParameters: {},
      responseElements: { TrainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/churn-1` },
    });
    expect(parseWatchedCall(pascal)).toMatchObject({ name: 'churn-1', subject: 'training' });
  });

  it('a pipeline execution: the pipeline by name, its parameter values, the execution ARN', () => {
    const started = record({
      eventName: 'StartPipelineExecution',
      requestParameters: {
        pipelineName: 'churn',
        pipelineParameters: [
          { name: 'InstanceType', value: 'ml.m5.xlarge' },
          { name: '__proto__', value: 'x' },
        ],
      },
      responseElements: {
        pipelineExecutionArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:pipeline/churn/execution/abc123`,
      },
    });
    const call = parseWatchedCall(started);
    expect(call).toMatchObject({ subject: 'pipeline-execution', name: 'churn' });
    expect(Object.getPrototypeOf(call?.parameters)).toBe(Object.prototype);
    expect(call?.parameters?.InstanceType).toBe('ml.m5.xlarge');
  });

  it("an endpoint: CreateEndpoint's record as SageMaker's guide shows it, the ARN in lower case as SageMaker answers", () => {
    // https://docs.aws.amazon.com/sagemaker/latest/dg/understanding-sagemaker-entries.html
    const created = record({
      eventVersion: '1.05',
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/intern`, userName: 'intern' },
      eventName: 'CreateEndpoint',
      awsRegion: 'us-west-2',
      requestParameters: { endpointName: 'ExampleEndpoint', endpointConfigName: 'ExampleEndpointConfig' },
      responseElements: { endpointArn: `arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint` },
      eventType: 'AwsApiCall',
    });
    expect(parseWatchedCall(created)).toEqual({
      eventName: 'CreateEndpoint',
      subject: 'endpoint',
      name: 'ExampleEndpoint',
      arn: `arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint`,
      account: ACCOUNT,
      region: 'us-west-2',
      partition: 'aws',
      eventId: 'e-1',
    });
  });

  it('an endpoint update: UpdateEndpoint names the configuration it deploys, which must be a SageMaker name', () => {
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html
    const updated = (endpointConfigName: unknown) =>
      record({
        eventName: 'UpdateEndpoint',
        awsRegion: 'us-west-2',
        requestParameters: { endpointName: 'ExampleEndpoint', endpointConfigName },
        responseElements: { endpointArn: `arn:aws:sagemaker:us-west-2:${ACCOUNT}:endpoint/exampleendpoint` },
      });
    expect(parseWatchedCall(updated('ExampleEndpointConfig-v2'))).toMatchObject({
      eventName: 'UpdateEndpoint',
      subject: 'endpoint',
      name: 'ExampleEndpoint',
      endpointConfigName: 'ExampleEndpointConfig-v2',
    });
    expect(() => parseWatchedCall(updated(undefined))).toThrow(
      /^event\.detail\.requestParameters\.endpointConfigName: undefined is not a SageMaker name/,
    );
    expect(() => parseWatchedCall(updated('bad name; rm -rf'))).toThrow(InputError);
  });

  it('ignores calls that failed, calls not watched and other services', () => {
    expect(parseWatchedCall(training({ errorCode: 'AccessDeniedException' }))).toBeUndefined();
    expect(parseWatchedCall(training({ eventName: 'DescribeTrainingJob' }))).toBeUndefined();
    expect(parseWatchedCall(training({ eventName: 'CreateEndpointConfig' }))).toBeUndefined();
    expect(parseWatchedCall(training({ eventSource: 's3.amazonaws.com' }))).toBeUndefined();
    expect(isCloudTrailCall({ 'detail-type': 'SageMaker Training Job State Change' })).toBe(false);
  });

  it.each([
    [{ responseElements: null }, /^event\.detail\.responseElements\.trainingJobArn: undefined is not a SageMaker ARN/],
    [{ responseElements: { trainingJobArn: `arn:aws:s3:::bucket` } }, /is not a SageMaker ARN/],
    [
      { requestParameters: { trainingJobName: 'bad name; rm -rf' } },
      /requestParameters\.trainingJobName: .* is not a SageMaker name/,
    ],
    [{ requestParameters: { trainingJobName: 'a'.repeat(300) } }, /is not a SageMaker name/],
  ])('refuses a record whose ARN or name is unusable, naming the field (%#)', (change, message) => {
    expect(() => parseWatchedCall(training(change))).toThrow(InputError);
    expect(() => parseWatchedCall(training(change))).toThrow(message);
  });
});

describe("a pipeline execution's parameter values", () => {
  const definition = {
    Version: '2020-12-01',
    Parameters: [
      { Name: 'Output', Type: 'String', DefaultValue: 's3://default-bucket/out' },
      { Name: 'NoDefault', Type: 'String' },
    ],
    Steps: [
      {
        Name: 'Prep',
        Type: 'Processing',
        Arguments: {
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/Prep`,
          ProcessingOutputConfig: {
            Outputs: [{ OutputName: 'o', S3Output: { S3Uri: { Get: 'Parameters.Output' }, LocalPath: '/o' } }],
          },
          AppSpecification: { ImageUri: { Get: 'Parameters.NoDefault' } },
        },
      },
    ],
  };
  const options = { definition, file: 'p', account: ACCOUNT, region: 'us-east-1', partition: 'aws' };

  it('stand for the declared parameters, defaults or not; undeclared names change nothing', () => {
    const input = pipelineInput({
      ...options,
      parameters: { Output: 's3://run-bucket/out', NoDefault: 'image:1', Other: 'x' },
    });
    const request = input.jobs[0].request as {
      ProcessingOutputConfig: { Outputs: { S3Output: { S3Uri: string } }[] };
      AppSpecification: { ImageUri: string };
    };
    expect(request.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toBe('s3://run-bucket/out');
    expect(request.AppSpecification.ImageUri).toBe('image:1');
    // Without values: the default, and the parameter without one left for run time
    const plain = pipelineInput(options);
    expect((plain.jobs[0].request as typeof request).ProcessingOutputConfig.Outputs[0].S3Output.S3Uri).toBe(
      's3://default-bucket/out',
    );
    expect(plain.gaps?.map((gap) => gap.why)).toContain("parameter 'NoDefault' has no default value");
  });
});
