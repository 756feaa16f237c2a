import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { Readable } from 'node:stream';
import { MAX_ATTEMPTS, client, clientConfig, resetClients } from '../../../lambda/evidence/live/clients';
import { read } from '../../../lambda/evidence/live/read';

/** An HTTP handler that answers with the given KMS (JSON protocol) responses in turn. */
function scriptedHandler(responses: { status: number; body: unknown; errorType?: string }[]) {
  const handle = jest.fn(async () => {
    const next = responses.length > 1 ? (responses.shift() as (typeof responses)[number]) : responses[0];
    return {
      response: {
        statusCode: next.status,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          ...(next.errorType ? { 'x-amzn-errortype': next.errorType } : {}),
        },
        body: Readable.from([Buffer.from(JSON.stringify(next.body))]),
      },
    };
  });
  return { handle, updateHttpClientConfig: () => undefined, httpHandlerConfigs: () => ({}), destroy: () => undefined };
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const identity = { key: 'test', credentials };

describe('the SDK clients', () => {
  beforeEach(() => resetClients());

  it('are created once per service, region and identity, and reused', () => {
    // Given two requests for the same client and one for another region
    const first = client('iam', 'us-east-1', identity);
    const second = client('iam', 'us-east-1', identity);
    const otherRegion = client('iam', 'eu-west-1', identity);
    // Then the same instance serves the first two
    expect(second).toBe(first);
    expect(otherRegion).not.toBe(first);
  });

  it('use adaptive retries and a per-attempt time bound', async () => {
    // Given the configuration of a client
    const config = clientConfig('us-east-1', identity);
    // Then it retries adaptively and bounds every attempt
    expect(config).toMatchObject({
      retryMode: 'adaptive',
      maxAttempts: MAX_ATTEMPTS,
      requestHandler: { requestTimeout: 5000 },
    });
    const kms = client('kms', 'us-east-1', identity);
    await expect(kms.config.retryStrategy()).resolves.toHaveProperty('mode', 'adaptive');
  });

  it('retry a throttled call and return its answer', async () => {
    // Given KMS throttles the first attempt, then answers
    const handler = scriptedHandler([
      {
        status: 400,
        errorType: 'ThrottlingException',
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      },
      {
        status: 200,
        body: {
          KeyMetadata: {
            KeyId: 'k',
            Arn: 'arn:aws:kms:us-east-1:111111111111:key/k',
            KeyManager: 'CUSTOMER',
            KeyState: 'Enabled',
          },
        },
      },
    ]);
    const kms = new KMSClient({ ...clientConfig('us-east-1', identity), requestHandler: handler });
    // When the key is described
    const outcome = await read('kms:DescribeKey', {}, (abortSignal) =>
      kms.send(new DescribeKeyCommand({ KeyId: 'k' }), { abortSignal }),
    );
    // Then the call was retried and succeeded
    expect(handler.handle).toHaveBeenCalledTimes(2);
    expect(outcome).toMatchObject({ ok: true, value: { KeyMetadata: { KeyState: 'Enabled' } } });
  });

  it('report throttling that outlasts the retries as the reason, after every attempt', async () => {
    // Given KMS throttles every attempt
    const handler = scriptedHandler([
      {
        status: 400,
        errorType: 'ThrottlingException',
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      },
    ]);
    const kms = new KMSClient({ ...clientConfig('us-east-1', identity), requestHandler: handler });
    // When the key is described
    const outcome = await read('kms:DescribeKey', {}, (abortSignal) =>
      kms.send(new DescribeKeyCommand({ KeyId: 'k' }), { abortSignal }),
    );
    // Then every attempt was made and the reason says it was throttled
    expect(handler.handle).toHaveBeenCalledTimes(MAX_ATTEMPTS);
    expect(outcome).toEqual({
      ok: false,
      code: 'ThrottlingException',
      transient: true,
      why: `kms:DescribeKey was throttled (ThrottlingException) after ${MAX_ATTEMPTS} attempts: Rate exceeded`,
    });
  });
});
