import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { createHandler } from '../../lambda/handler';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { fakeAws } from '../evidence/live/fake-aws';
import { OWN, resetLiveCaches } from '../evidence/live/helpers';

// The parser, watched: every module that imports it gets this one.
jest.mock('../../lambda/diagnosis/events', () => {
  const actual = jest.requireActual<typeof import('../../lambda/diagnosis/events')>('../../lambda/diagnosis/events');
  return { ...actual, parseFailureEvent: jest.fn(actual.parseFailureEvent) };
});

const scenario = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/acceptance/identity-missing-getobject.json'), 'utf8'),
) as { snapshot: Snapshot; event: unknown };

const context = {
  functionName: 'access-doctor',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${OWN}:function:access-doctor`,
  awsRequestId: 'request-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

afterEach(() => jest.restoreAllMocks());

describe('the failure event', () => {
  it('is parsed once, at the edge, and the diagnosis receives what the parse picked', async () => {
    // Given a handler whose diagnosis and event parser are watched
    resetLiveCaches();
    const aws = fakeAws(scenario.snapshot, OWN);
    jest.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(function (this: Metrics) {
      return this;
    });
    const parse = jest.mocked(parseFailureEvent);
    parse.mockClear();
    const diagnosis = jest.fn(diagnose);
    const handler = createHandler({
      config: { topicArn: 'arn:aws:sns:us-east-1:111111111111:t', notifyOn: 'all', objectLevelReads: false },
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
      createEvidence: createLiveEvidence,
      diagnose: diagnosis,
      publish: async () => 'message-1',
    });
    try {
      // When the Lambda receives a failure event
      const outcome = await handler(scenario.event, context);

      // Then the event was parsed once, and the diagnosis got the parsed event, not the raw one
      expect(outcome.status).toBe('notified');
      expect(parse).toHaveBeenCalledTimes(1);
      expect(diagnosis).toHaveBeenCalledTimes(1);
      expect(diagnosis.mock.calls[0][0].event).toBe(parse.mock.results[0].value);
    } finally {
      aws.restore();
    }
  });
});
