import * as fs from 'fs';
import * as path from 'path';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { FAILURE_EVENT_TYPES } from '../../lambda/job-kinds';
import { matchesEventPattern } from './event-pattern-matcher';
import { synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

interface SampleEvents {
  documentation: string;
  note: string;
  success: Record<string, unknown> & { 'detail-type': string; detail: Record<string, unknown> };
  failure: Record<string, unknown> & { 'detail-type': string; detail: Record<string, unknown> };
}

const SAMPLES_DIR = path.join(__dirname, '..', 'fixtures', 'cdk', 'sample-events');
const samples: SampleEvents[] = fs
  .readdirSync(SAMPLES_DIR)
  .sort()
  .map((file) => JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8')) as SampleEvents);

/** The deployed rules' patterns, by detail-type, read from the template (what EventBridge gets). */
let patterns: Map<string, unknown>;
let built: Synthesized;
beforeAll(() => {
  built = synthesize();
  patterns = new Map(
    Object.values(built.template.findResources('AWS::Events::Rule')).map((rule) => {
      const pattern = rule.Properties.EventPattern as { 'detail-type': string[] };
      return [pattern['detail-type'][0], pattern];
    }),
  );
}, SYNTH_TIMEOUT_MS);

function patternFor(detailType: string): unknown {
  const pattern = patterns.get(detailType);
  if (pattern === undefined) throw new Error(`no rule for ${detailType}`);
  return pattern;
}

function withDetail(event: SampleEvents['failure'], changes: Record<string, unknown>): SampleEvents['failure'] {
  return { ...event, detail: { ...event.detail, ...changes } };
}

describe('the failure event rules', () => {
  test('there is one rule per event type the Lambda accepts, and a sample for each', () => {
    const detailTypes = FAILURE_EVENT_TYPES.map((type) => type.detailType).sort();
    expect([...patterns.keys()].sort()).toEqual(detailTypes);
    expect(samples.map((sample) => sample.failure['detail-type']).sort()).toEqual(detailTypes);
  });

  describe.each(samples.map((sample) => [sample.failure['detail-type'], sample] as const))(
    '%s',
    (detailType, sample) => {
      test("matches AWS's sample failure event", () => {
        // Given the rule's pattern and the failure event, When matched, Then the rule fires
        expect(matchesEventPattern(patternFor(detailType), sample.failure)).toBe(true);
      });

      test("refuses AWS's sample success event", () => {
        expect(matchesEventPattern(patternFor(detailType), sample.success)).toBe(false);
      });

      test('lets through only what the Lambda accepts as a failure', () => {
        // Given the failure event the rule delivers, When the Lambda parses it, Then it is a failure it can diagnose
        expect(parseFailureEvent(sample.failure).failed).toBe(true);
      });

      test('refuses a failure event from another source', () => {
        expect(matchesEventPattern(patternFor(detailType), { ...sample.failure, source: 'custom.sagemaker' })).toBe(
          false,
        );
      });
    },
  );

  test('the endpoint rule matches the failed status in every casing AWS uses', () => {
    const endpoint = samples.find(
      (sample) => sample.failure['detail-type'] === 'SageMaker Endpoint State Change',
    ) as SampleEvents;
    for (const status of ['Failed', 'FAILED', 'failed']) {
      expect(
        matchesEventPattern(
          patternFor('SageMaker Endpoint State Change'),
          withDetail(endpoint.failure, { EndpointStatus: status }),
        ),
      ).toBe(true);
    }
    const { FailureReason: _reason, ...healthy } = endpoint.failure.detail;
    for (const status of ['IN_SERVICE', 'InService', 'Updating', 'Creating']) {
      expect(
        matchesEventPattern(patternFor('SageMaker Endpoint State Change'), {
          ...endpoint.failure,
          detail: { ...healthy, EndpointStatus: status },
        }),
      ).toBe(false);
    }
  });

  test('the endpoint rule catches a failed update: back InService with a FailureReason, or UpdateRollbackFailed', () => {
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeEndpoint.html (FailureReason)
    const endpoint = samples.find(
      (sample) => sample.failure['detail-type'] === 'SageMaker Endpoint State Change',
    ) as SampleEvents;
    const pattern = patternFor('SageMaker Endpoint State Change');
    const reason = { FailureReason: 'Failed to download model data for container "container_1"' };
    for (const status of ['InService', 'IN_SERVICE', 'UpdateRollbackFailed', 'UPDATE_ROLLBACK_FAILED']) {
      const event = withDetail(endpoint.failure, { EndpointStatus: status, ...reason });
      // Then the rule fires and the Lambda takes it for a failure
      expect({ status, matched: matchesEventPattern(pattern, event) }).toEqual({ status, matched: true });
      expect({ status, failed: parseFailureEvent(event).failed }).toEqual({ status, failed: true });
    }
    // And an endpoint in service with an empty reason is no failure to the Lambda
    expect(
      parseFailureEvent(withDetail(endpoint.failure, { EndpointStatus: 'InService', FailureReason: ' ' })).failed,
    ).toBe(false);
  });

  test('the job rules match the failed status exactly, as the API writes it', () => {
    const training = samples.find(
      (sample) => sample.failure['detail-type'] === 'SageMaker Training Job State Change',
    ) as SampleEvents;
    const pattern = patternFor('SageMaker Training Job State Change');
    expect(matchesEventPattern(pattern, withDetail(training.failure, { TrainingJobStatus: 'Stopped' }))).toBe(false);
    expect(matchesEventPattern(pattern, withDetail(training.failure, { TrainingJobStatus: 'InProgress' }))).toBe(false);
  });

  test('the pipeline step rule fires for a failed step of each job kind and refuses a failed step without a job', () => {
    const step = samples.find((sample) =>
      sample.failure['detail-type'].includes('Pipeline Execution Step'),
    ) as SampleEvents;
    const pattern = patternFor(step.failure['detail-type']);
    for (const jobKey of ['trainingJob', 'processingJob', 'transformJob', 'tuningJob']) {
      const event = withDetail(step.failure, {
        metadata: { [jobKey]: { arn: 'arn:aws:sagemaker:us-east-1:123456789012:x/y' } },
      });
      expect(matchesEventPattern(pattern, event)).toBe(true);
    }
    const conditionStep = withDetail(step.failure, {
      stepType: 'Condition',
      metadata: { condition: { outcome: 'False' } },
    });
    expect(matchesEventPattern(pattern, conditionStep)).toBe(false);
  });
});
