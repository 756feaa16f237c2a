import { failureReason, read } from '../../../lambda/evidence/live/read';
import { awsError } from './helpers';

describe('a read from AWS', () => {
  it.each([
    ['AccessDenied', 403, 'iam:GetRolePolicy was denied: '],
    ['AccessDeniedException', 400, 'iam:GetRolePolicy was denied: '],
    ['UnauthorizedOperation', 403, 'iam:GetRolePolicy was denied: '],
    ['ThrottlingException', 400, 'iam:GetRolePolicy was throttled (ThrottlingException) after 3 attempts: '],
    ['SlowDown', 503, 'iam:GetRolePolicy was throttled (SlowDown) after 3 attempts: '],
    ['ServiceUnavailable', 503, 'iam:GetRolePolicy failed (ServiceUnavailable): '],
  ])('states why it failed on %s', (code, status, expected) => {
    // Given an SDK error with that code
    const error = awsError(code, 'the message', status);
    // When it is explained
    const why = failureReason('iam:GetRolePolicy', error);
    // Then the reason names the action, the kind of failure and AWS's message
    expect(why).toBe(`${expected}the message`);
  });

  it('turns a refused call into an outcome with the code and the reason, never a throw', async () => {
    // Given a call that AWS refuses
    const outcome = await read('s3:GetBucketPolicy', {}, () =>
      Promise.reject(awsError('AccessDenied', 'Access Denied', 403)),
    );
    // Then the outcome carries the code and the reason
    expect(outcome).toEqual({ ok: false, code: 'AccessDenied', why: 's3:GetBucketPolicy was denied: Access Denied' });
  });

  it('is not started when the time left to report has run out', async () => {
    // Given a deadline with 100 ms left
    const send = jest.fn(() => Promise.resolve('value'));
    // When a read is asked for
    const outcome = await read('kms:DescribeKey', { deadline: () => 100 }, send);
    // Then nothing is sent and the reason says why
    expect(send).not.toHaveBeenCalled();
    expect(outcome).toMatchObject({
      ok: false,
      why: 'kms:DescribeKey was not called: the time left to report ran out',
    });
  });

  it('gives up when the time left runs out during the call, and aborts the request', async () => {
    // Given a call that never answers and 300 ms left
    let signal: AbortSignal | undefined;
    const outcome = await read('ec2:DescribeSubnets', { deadline: () => 300 }, (abortSignal) => {
      signal = abortSignal;
      return new Promise(() => undefined);
    });
    // Then the read stops with a time-out reason and the SDK request is aborted
    expect(outcome).toMatchObject({ ok: false, code: 'TimeoutError' });
    expect(!outcome.ok && outcome.why).toMatch(/^ec2:DescribeSubnets timed out: no answer within 300 ms/);
    expect(signal?.aborted).toBe(true);
  });
});
