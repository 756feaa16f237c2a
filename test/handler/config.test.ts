import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFailureEvent, type FailureEvent } from '../../lambda/diagnosis/events';
import { configFromEnvironment } from '../../lambda/handler';
import { failureKey, failureTimes, identifies } from '../../lambda/notify/idempotency-key';
import { InputError } from '../../lambda/errors';

describe('the Lambda configuration', () => {
  it('defaults to notifying every failure, without object-level reads or cross-account role', () => {
    expect(configFromEnvironment({ TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:t' })).toEqual({
      topicArn: 'arn:aws:sns:us-east-1:111111111111:t',
      notifyOn: 'all',
      crossAccountRoleName: undefined,
      objectLevelReads: false,
      idempotencyTable: undefined,
    });
  });

  it('reads every variable the construct sets', () => {
    expect(
      configFromEnvironment({
        TOPIC_ARN: 't',
        NOTIFY_ON: 'access-denied',
        CROSS_ACCOUNT_ROLE_NAME: 'Reader',
        OBJECT_LEVEL_READS: 'true',
        IDEMPOTENCY_TABLE: 'table',
      }),
    ).toEqual({
      topicArn: 't',
      notifyOn: 'access-denied',
      crossAccountRoleName: 'Reader',
      objectLevelReads: true,
      idempotencyTable: 'table',
    });
  });

  it('refuses an unknown NOTIFY_ON, naming the allowed values', () => {
    expect(() => configFromEnvironment({ NOTIFY_ON: 'some' })).toThrow(
      new InputError("NOTIFY_ON must be one of all, access-denied, not 'some'"),
    );
  });
});

describe('the identity of a failure', () => {
  const ARN = 'arn:aws:sagemaker:us-east-1:111111111111:training-job/My-Job';
  const event = (kind: FailureEvent['kind'], extra: Partial<FailureEvent> = {}) =>
    ({ kind, arn: ARN, detail: {}, ...extra }) as FailureEvent;
  const created = (creationTime: unknown, lastModifiedTime?: unknown) =>
    failureTimes({ CreationTime: creationTime, LastModifiedTime: lastModifiedTime });

  it('is the job ARN and its creation time, whatever the event that announced it', () => {
    // Given the job's own event (epoch milliseconds) and a pipeline step's, whose time comes from Describe* (ISO)
    const own = failureKey(event('training', { failureReason: 'a' }), created(1795168800000));
    const step = failureKey(
      event('training', { failureReason: 'b', detailType: 'pipeline' }),
      created('2026-11-20T10:00:00Z'),
    );
    // Then both name one failure
    expect(own).toBe(step);
    expect(own).toBe('arn:aws:sagemaker:us-east-1:111111111111:training-job/my-job#2026-11-20T10:00:00.000Z');
  });

  it('tells a re-created job of the same name from the first', () => {
    expect(failureKey(event('training'), created('2026-11-20T10:00:00Z'))).not.toBe(
      failureKey(event('training'), created('2026-11-21T09:00:00Z')),
    );
  });

  it('reads epoch seconds, epoch milliseconds, numeric strings and ISO strings as the same instant', () => {
    const keys = [
      1795168800,
      1795168800000,
      '1795168800000',
      '2026-11-20T10:00:00Z',
      new Date('2026-11-20T10:00:00Z'),
    ].map((time) => failureKey(event('training'), created(time)));
    expect(new Set(keys).size).toBe(1);
  });

  it('tells apart two failures of one endpoint (an update that failed later)', () => {
    const first = failureKey(
      event('endpoint', { failureReason: 'x' }),
      created('2026-11-01T00:00:00Z', '2026-11-20T10:00:00Z'),
    );
    const second = failureKey(
      event('endpoint', { failureReason: 'x' }),
      created('2026-11-01T00:00:00Z', '2026-11-21T10:00:00Z'),
    );
    expect(first).not.toBe(second);
    expect(first).toBe(
      failureKey(event('endpoint', { failureReason: 'y' }), created('2026-11-01T00:00:00Z', '2026-11-20T10:00:00Z')),
    );
  });

  it('is identified by the creation time for a job, and also the last change for an endpoint', () => {
    expect(identifies(event('training'), created('2026-11-20T10:00:00Z'))).toBe(true);
    expect(identifies(event('training'), created(undefined))).toBe(false);
    expect(identifies(event('endpoint'), created('2026-11-20T10:00:00Z'))).toBe(false);
    expect(identifies(event('endpoint'), created('2026-11-20T10:00:00Z', 'garbage'))).toBe(false);
  });

  describe('of a pipeline step that failed before its job existed', () => {
    // The step's event names the pipeline execution, not a job (docs/diagnosis.md).
    const scenario = JSON.parse(
      readFileSync(join(__dirname, '..', 'scenarios', 'pipeline-step-create-job-denied.json'), 'utf8'),
    ) as { event: { detail: Record<string, unknown> } };
    const stepEvent = (stepName: string, failureReason = 'ClientError: denied') =>
      parseFailureEvent({ ...scenario.event, detail: { ...scenario.event.detail, stepName, failureReason } });

    it('tells two refused steps of one execution apart, and one step delivered twice as one', () => {
      const [prepare, train] = [stepEvent('PrepareData'), stepEvent('Train')];
      expect(prepare.pipelineStep?.jobless).toBeDefined();
      expect(prepare.arn).toBe(train.arn);
      const none = failureTimes(prepare.detail);
      expect(failureKey(prepare, none)).not.toBe(failureKey(train, none));
      expect(failureKey(prepare, none)).toBe(failureKey(stepEvent('PrepareData', 'another wording'), none));
    });

    it('keeps the step name as written (step names are case-sensitive)', () => {
      const none = failureTimes(undefined);
      expect(failureKey(stepEvent('Train'), none)).not.toBe(failureKey(stepEvent('train'), none));
      expect(failureKey(stepEvent('Train'), none)).toBe(
        'arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn-pipeline/execution/p4jn9xou8a8s##step:Train',
      );
    });
  });
});
