import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import cases from '../fixtures/cdk/invalid-props.json';
import { SageMakerAccessDoctorPropsError } from '../../lib/props-error';
import { SageMakerAccessDoctor, type SageMakerAccessDoctorProps } from '../../lib/sagemaker-access-doctor';
import { SYNTH_TIMEOUT_MS } from './synthesize';

// Each test builds a stack of its own.
jest.setTimeout(SYNTH_TIMEOUT_MS);

function build(props: SageMakerAccessDoctorProps): SageMakerAccessDoctor {
  return new SageMakerAccessDoctor(new Stack(new App(), 'Test'), 'Doctor', props);
}

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('the construct refuses props that cannot work, before building anything', () => {
  test.each(cases)('$name', ({ props, durations, prop, received }) => {
    // Given the props of the fixture (durations in seconds)
    const given = {
      ...props,
      ...Object.fromEntries(Object.entries(durations ?? {}).map(([key, seconds]) => [key, Duration.seconds(seconds)])),
    } as SageMakerAccessDoctorProps;
    // When the construct is built
    const error = caught(() => build(given));
    // Then the error names the prop, shows the value received and says how to fix it
    expect(error).toBeInstanceOf(SageMakerAccessDoctorPropsError);
    const propsError = error as SageMakerAccessDoctorPropsError;
    expect(propsError.name).toBe('SageMakerAccessDoctorPropsError');
    expect(propsError.prop).toBe(prop);
    expect(propsError.message).toContain(`prop ${prop}:`);
    expect(propsError.message).toContain(`received `);
    expect(propsError.message).toContain(received);
    expect(propsError.message).toMatch(/\. [A-Z][^.]+\.?/);
  });

  test('valid props of every kind are accepted', () => {
    expect(() =>
      build({
        notificationEmails: ['ops@example.com', 'ml.platform+alerts@example.co.uk'],
        crossAccountRoleName: 'AccessDoctor.Reader-1',
        slackChannel: { slackWorkspaceId: 'T0123ABCD', slackChannelId: 'C0123ABCD' },
        teamsChannel: {
          teamId: '3c6a7b0e-9a0e-4d6f-8c3b-2f1e0d9c8b7a',
          teamsTenantId: '00000000-0000-0000-0000-000000000000',
          teamsChannelId: '19%3a0123abcd%40thread.tacv2',
        },
        notifyOn: 'access-denied',
        memorySize: 128,
        timeout: Duration.minutes(15),
        reservedConcurrentExecutions: 1,
        eventRetryAttempts: 0,
        maxEventAge: Duration.hours(24),
      }),
    ).not.toThrow();
  });

  test('values only known at deploy time (CloudFormation parameters) are left to CloudFormation', () => {
    // Given ids that are parameter references
    const stack = new Stack(new App(), 'Test');
    const parameter = new CfnParameter(stack, 'Id', { type: 'String' }).valueAsString;
    // When the construct is built with them, Then it does not judge them
    expect(
      () =>
        new SageMakerAccessDoctor(stack, 'Doctor', {
          slackChannel: { slackWorkspaceId: parameter, slackChannelId: parameter },
          notificationEmails: [parameter],
        }),
    ).not.toThrow();
  });
});
