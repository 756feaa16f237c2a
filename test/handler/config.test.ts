import type { FailureEvent } from '../../lambda/diagnosis/events';
import { configFromEnvironment } from '../../lambda/handler';
import { failureKey } from '../../lambda/notify/idempotency-key';
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
  const event = (kind: FailureEvent['kind'], extra: Partial<FailureEvent> = {}) =>
    ({
      kind,
      arn: 'arn:aws:sagemaker:us-east-1:111111111111:training-job/My-Job',
      detail: {},
      ...extra,
    }) as FailureEvent;

  it('is the job ARN for a job, whatever the event that announced it', () => {
    expect(failureKey(event('training', { failureReason: 'a' }))).toBe(
      failureKey(event('training', { failureReason: 'b', detailType: 'pipeline' })),
    );
    expect(failureKey(event('training'))).toBe('arn:aws:sagemaker:us-east-1:111111111111:training-job/my-job');
  });

  it('tells apart two failures of one endpoint', () => {
    const first = event('endpoint', { failureReason: 'x', detail: { LastModifiedTime: '2026-11-20T10:00:00Z' } });
    const second = event('endpoint', { failureReason: 'x', detail: { LastModifiedTime: '2026-11-21T10:00:00Z' } });
    expect(failureKey(first)).not.toBe(failureKey(second));
    expect(failureKey(first)).toBe(failureKey({ ...first }));
  });
});
