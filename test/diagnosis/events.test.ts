import fc from 'fast-check';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { FAILURE_EVENT_TYPES, SUPPORTED_DETAIL_TYPES } from '../../lambda/job-kinds';
import { InputError } from '../../lambda/errors';
import { ACCOUNT, eventFixture } from './jobs/fixtures';

const withEvent = (name: string, change: (event: Record<string, unknown>) => void): Record<string, unknown> => {
  const event = eventFixture(name);
  change(event);
  return event;
};
const detailOf = (event: Record<string, unknown>) => event.detail as Record<string, unknown>;

describe('parseFailureEvent', () => {
  it.each([
    [
      'training',
      'training',
      'vision-multi-2026-11-20',
      'training-job/vision-multi-2026-11-20',
      'Failed',
      'ClientError: Artifact upload failed',
    ],
    [
      'processing',
      'processing',
      'churn-preprocess-2026-11-20',
      'processing-job/churn-preprocess-2026-11-20',
      'Failed',
      'ClientError: Failed to download data',
    ],
    [
      'transform',
      'transform',
      'churn-batch-2026-11-20',
      'transform-job/churn-batch-2026-11-20',
      'Failed',
      'ClientError: See job logs',
    ],
    [
      'tuning',
      'tuning',
      'churn-multi-algo-hpo',
      'hyper-parameter-tuning-job/churn-multi-algo-hpo',
      'Failed',
      'No training job succeeded',
    ],
    [
      'endpoint-upper-case',
      'endpoint',
      'recs-realtime',
      'endpoint/recs-realtime',
      'FAILED',
      'Failed to download model data',
    ],
  ])(
    'reads a %s event: kind, name, ARN, account, region, status and failure text',
    (fixtureName, kind, name, arnTail, status, reason) => {
      // Given a SageMaker failure event
      const event = eventFixture(fixtureName);

      // When it is parsed
      const parsed = parseFailureEvent(event);

      // Then it names the job and its failure
      expect(parsed).toMatchObject({
        kind,
        name,
        arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${arnTail}`,
        account: ACCOUNT,
        region: 'us-east-1',
        partition: 'aws',
        status,
        failed: true,
      });
      expect(parsed.failureReason).toMatch(new RegExp(`^${reason}`));
      expect(parsed.pipelineStep).toBeUndefined();
    },
  );

  it('reads a pipeline step event: the job its metadata names and the lower-case failureReason', () => {
    // Given a failed training step
    const event = eventFixture('pipeline-step-training');

    // When it is parsed
    const parsed = parseFailureEvent(event);

    // Then the job is the step's training job
    expect(parsed).toMatchObject({
      detailType: 'SageMaker Model Building Pipeline Execution Step Status Change',
      kind: 'training',
      name: 'VISION-MULTI-2026-11-20',
      arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/VISION-MULTI-2026-11-20`,
      status: 'Failed',
      failed: true,
      failureReason: 'ClientError: step failed',
      pipelineStep: {
        stepName: 'train',
        stepType: 'Training',
        pipelineExecutionArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:pipeline/vision/execution/abc123`,
      },
    });
  });

  it.each([
    ['processingJob', 'processing'],
    ['transformJob', 'transform'],
    ['tuningJob', 'tuning'],
    ['TrainingJob', 'training'],
  ])('reads the job of a pipeline step from detail.metadata.%s.arn', (key, kind) => {
    // Given a step event whose metadata names a job under another key
    const event = withEvent('pipeline-step-training', (e) => {
      detailOf(e).metadata = { [key]: { arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:x/step-job` } };
    });

    // When it is parsed, Then the kind follows the key
    expect(parseFailureEvent(event)).toMatchObject({ kind, name: 'step-job' });
  });

  it('takes the job ARN from resources, and the name from it, when the detail lacks them', () => {
    // Given an event whose detail has only a status and a reason
    const parsed = parseFailureEvent(eventFixture('training-minimal'));

    // Then the ARN and name come from `resources`
    expect(parsed.arn).toBe(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/vision-multi-2026-11-20`);
    expect(parsed.name).toBe('vision-multi-2026-11-20');
  });

  it('tells a success event from a failure', () => {
    // Given an endpoint event that went InService (no FailureReason: not a failed update)
    const event = withEvent('endpoint-upper-case', (e) => {
      detailOf(e).EndpointStatus = 'IN_SERVICE';
      delete detailOf(e).FailureReason;
    });

    // Then it is not a failure
    expect(parseFailureEvent(event).failed).toBe(false);
  });

  it('derives the partition from the region when no ARN names it', () => {
    // Given a China-region event without ARNs
    const event = withEvent('training', (e) => {
      e.region = 'cn-north-1';
      e.resources = [];
      delete detailOf(e).TrainingJobArn;
    });

    // When it is parsed, Then the ARN is built in the aws-cn partition
    expect(parseFailureEvent(event).arn).toBe(
      `arn:aws-cn:sagemaker:cn-north-1:${ACCOUNT}:training-job/vision-multi-2026-11-20`,
    );
  });

  it.each([
    ['a non-object', () => 'hello', /^event: expected an EventBridge event/],
    [
      'another source',
      () => withEvent('training', (e) => (e.source = 'aws.s3')),
      /^event\.source: expected 'aws\.sagemaker', got 'aws\.s3'/,
    ],
    ['no detail-type', () => withEvent('training', (e) => delete e['detail-type']), /^event\.detail-type: missing/],
    [
      'an unknown detail-type',
      () => withEvent('training', (e) => (e['detail-type'] = 'SageMaker Image State Change')),
      /^event\.detail-type: unsupported 'SageMaker Image State Change': expected one of 'SageMaker Training Job State Change'/,
    ],
    [
      'an unknown detail-type with a line break',
      () => withEvent('training', (e) => (e['detail-type'] = 'Line\nBreak')),
      /^event\.detail-type: unsupported 'Line Break'/,
    ],
    ['no detail', () => withEvent('training', (e) => delete e.detail), /^event\.detail: missing or not an object/],
    [
      'no job name or ARN',
      () => withEvent('training-minimal', (e) => (e.resources = ['arn:aws:s3:::bucket'])),
      /^event\.detail\.TrainingJobName: missing, and neither detail\.TrainingJobArn nor event\.resources/,
    ],
    [
      'no account',
      () =>
        withEvent('training', (e) => {
          delete e.account;
          detailOf(e).TrainingJobArn = 'not-an-arn';
        }),
      /^event\.account: missing/,
    ],
    [
      'no region',
      () =>
        withEvent('training', (e) => {
          delete e.region;
          detailOf(e).TrainingJobArn = 'not-an-arn';
        }),
      /^event\.region: missing/,
    ],
    [
      'a step that ran no job',
      () => eventFixture('pipeline-step-condition'),
      /^event\.detail\.metadata: the pipeline step names no SageMaker job ARN/,
    ],
    [
      'a job name longer than 63 characters',
      () => withEvent('training', (e) => (detailOf(e).TrainingJobName = 'a'.repeat(64))),
      /^event\.detail\.TrainingJobName: 'a{64}' is not a training job name \(1 to 63 letters, digits and hyphens/,
    ],
    [
      'a job name with characters SageMaker refuses',
      () => withEvent('processing', (e) => (detailOf(e).ProcessingJobName = 'churn_preprocess')),
      /^event\.detail\.ProcessingJobName: 'churn_preprocess' is not a processing job name/,
    ],
    [
      'a job ARN that is not a SageMaker ARN',
      () => withEvent('training', (e) => (detailOf(e).TrainingJobArn = 'arn:aws:s3:::bucket/training-job/x')),
      /^event\.detail\.TrainingJobArn: 'arn:aws:s3:::bucket\/training-job\/x' is not a SageMaker ARN \(arn:aws:sagemaker:us-east-1:\d{12}:training-job\/NAME, at most 256 characters\)/,
    ],
    [
      'a job ARN longer than 256 characters',
      () =>
        withEvent('endpoint-upper-case', (e) => {
          detailOf(e).EndpointArn = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${'e'.repeat(220)}`;
        }),
      /^event\.detail\.EndpointArn: 'arn:aws:sagemaker:.*' is not a SageMaker ARN/,
    ],
    [
      "a pipeline step's job ARN with a name SageMaker refuses",
      () =>
        withEvent('pipeline-step-training', (e) => {
          detailOf(e).metadata = {
            trainingJob: { arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/a/b` },
          };
        }),
      /^event\.detail\.metadata\.trainingJob\.arn: 'a\/b' is not a training job name/,
    ],
    [
      'a region that is no AWS Region code',
      () => withEvent('training', (e) => (e.region = 'US East (N. Virginia)')),
      /^event\.region: 'US East \(N\. Virginia\)' is not an AWS Region code/,
    ],
  ])('refuses %s with one InputError line naming the field', (_case, make, message) => {
    // When an unusable event is parsed
    const parse = () => parseFailureEvent(make());

    // Then it throws an InputError of one line that names the field
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(message);
    try {
      parse();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('lists every supported detail-type with its status field', () => {
    expect(SUPPORTED_DETAIL_TYPES).toEqual([
      'SageMaker Training Job State Change',
      'SageMaker Processing Job State Change',
      'SageMaker Transform Job State Change',
      'SageMaker HyperParameter Tuning Job State Change',
      'SageMaker Endpoint State Change',
      'SageMaker Model Building Pipeline Execution Step Status Change',
    ]);
    expect(FAILURE_EVENT_TYPES.map((type) => type.statusField)).toEqual([
      'TrainingJobStatus',
      'ProcessingJobStatus',
      'TransformJobStatus',
      'HyperParameterTuningJobStatus',
      'EndpointStatus',
      'currentStepStatus',
    ]);
  });

  it('throws nothing but InputError on arbitrary JSON', () => {
    // Arbitrary JSON values, and events of a supported detail-type with arbitrary details
    const anyEvent = fc.oneof(
      fc.jsonValue(),
      fc.record({
        source: fc.constantFrom('aws.sagemaker', undefined),
        'detail-type': fc.constantFrom(...SUPPORTED_DETAIL_TYPES),
        account: fc.oneof(fc.constant(ACCOUNT), fc.jsonValue()),
        region: fc.oneof(fc.constant('us-east-1'), fc.jsonValue()),
        resources: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
        detail: fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom(
              'TrainingJobName',
              'EndpointArn',
              'metadata',
              'FailureReason',
              'failureReason',
              'EndpointStatus',
            ),
            fc.jsonValue(),
          ),
          fc.record({
            metadata: fc.dictionary(fc.constantFrom('trainingJob', 'tuningJob', '__proto__', 'x'), fc.jsonValue()),
          }),
        ),
      }),
    );
    fc.assert(
      fc.property(anyEvent, (event) => {
        try {
          parseFailureEvent(event);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
