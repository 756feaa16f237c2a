/**
 * The early warning in the stack (prop `earlyWarning`, docs/preflight.md): off by default; on, one
 * EventBridge rule on CloudTrail's records of the watched SageMaker calls that succeeded, to the
 * same Lambda target (retries, dead-letter queue) as the failure rules, nag-clean.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { WATCHED_EVENT_NAMES } from '../../lambda/early-warning/calls';
import { EARLY_WARNING_PATTERN } from '../../lib/early-warning';
import { matchesEventPattern } from './event-pattern-matcher';
import { logicalIdOf, memberTemplateOf, synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

jest.setTimeout(SYNTH_TIMEOUT_MS);

const CLOUDTRAIL = 'AWS API Call via CloudTrail';
/** A CloudTrail record as EventBridge delivers it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html). */
const call = (eventName: string, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: '0d2f5c7e-1111-4a2b-8c3d-000000000001',
  'detail-type': CLOUDTRAIL,
  source: 'aws.sagemaker',
  account: '111111111111',
  time: '2026-11-20T10:00:01Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    eventSource: 'sagemaker.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    requestParameters: { trainingJobName: 'j' },
    responseElements: { trainingJobArn: 'arn:aws:sagemaker:us-east-1:111111111111:training-job/j' },
    eventType: 'AwsApiCall',
    ...extra,
  },
});

const earlyRules = (built: Synthesized, template = built.template) =>
  Object.entries(template.findResources('AWS::Events::Rule')).filter(
    ([, rule]) => (rule.Properties.EventPattern as { 'detail-type': string[] })['detail-type'][0] === CLOUDTRAIL,
  );

describe('the early warning in the stack', () => {
  let on: Synthesized;
  beforeAll(() => {
    on = synthesize({ earlyWarning: 'true' });
  });

  test('is off by default: no rule on CloudTrail records', () => {
    const off = synthesize();
    expect(earlyRules(off)).toEqual([]);
    expect(off.stack.doctor.earlyWarningRule).toBeUndefined();
  });

  test('on: one rule, on the watched calls that succeeded, to the Lambda with its retries and dead-letter queue', () => {
    const rules = earlyRules(on);
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0];
    expect(rule.Properties.EventPattern).toEqual(EARLY_WARNING_PATTERN);
    const targets = rule.Properties.Targets as {
      Arn: { 'Fn::GetAtt': string[] };
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': string[] } };
      RetryPolicy: unknown;
    }[];
    expect(targets).toHaveLength(1);
    const doctor = on.stack.doctor;
    expect(targets[0].Arn['Fn::GetAtt'][0]).toBe(logicalIdOf(on, doctor.function));
    expect(targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0]).toBe(logicalIdOf(on, doctor.deadLetterQueue));
    expect(targets[0].RetryPolicy).toBeDefined();
  });

  test("the rule's pattern matches each watched call, and neither a refused call nor another call", () => {
    const [, rule] = earlyRules(on)[0];
    const pattern = rule.Properties.EventPattern;
    for (const name of WATCHED_EVENT_NAMES) expect(matchesEventPattern(pattern, call(name))).toBe(true);
    expect(matchesEventPattern(pattern, call('CreateTrainingJob', { errorCode: 'AccessDeniedException' }))).toBe(false);
    expect(matchesEventPattern(pattern, call('DescribeTrainingJob'))).toBe(false);
    // An endpoint is watched from its creation; its configuration is not a job
    const endpoint = call('CreateEndpoint', {
      requestParameters: { endpointName: 'e', endpointConfigName: 'c' },
      responseElements: { endpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/e' },
    });
    expect(matchesEventPattern(pattern, endpoint)).toBe(true);
    expect(matchesEventPattern(pattern, call('CreateEndpointConfig'))).toBe(false);
  });

  test('the DLQ policy admits the new rule too, and cdk-nag reports nothing unacknowledged', () => {
    const [ruleId] = earlyRules(on)[0];
    const queuePolicies = JSON.stringify(on.template.findResources('AWS::SQS::QueuePolicy'));
    expect(queuePolicies).toContain(ruleId);
    expect(new AwsSolutionsChecks().validateScope(on.app).violations).toEqual([]);
  });

  test('in organization mode, member accounts forward their watched calls to the central bus, whose rule sends them on', () => {
    const organization = synthesize({
      mode: 'organization',
      organizationId: 'o-a1b2c3d4e5',
      organizationalUnitIds: 'ou-ab12-cdef3456',
      regions: 'us-east-1',
      earlyWarning: 'true',
    });
    // The central account: its own calls on the default bus, the members' on the organization's bus
    const central = earlyRules(organization).map(([, rule]) => rule.Properties as Record<string, unknown>);
    expect(central).toHaveLength(2);
    const onBus = central.filter((rule) => rule.EventBusName !== undefined);
    expect(onBus).toHaveLength(1);
    expect(JSON.stringify(onBus[0].EventPattern)).toContain('anything-but');
    // Each member account forwards the watched calls, and only those, beside its failures
    const member = earlyRules(organization, memberTemplateOf(organization));
    expect(member).toHaveLength(1);
    const forwarded = (member[0][1].Properties as { EventPattern: { detail: { eventName: string[] } } }).EventPattern;
    expect(forwarded).toEqual(EARLY_WARNING_PATTERN);
    expect(forwarded.detail.eventName).toEqual(expect.arrayContaining(['CreateTrainingJob', 'CreateEndpoint']));
    expect(new AwsSolutionsChecks().validateScope(organization.app).violations).toEqual([]);
  });
});
