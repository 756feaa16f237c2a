import { MAX_PARAMETER_EMAILS } from '../../lib/sagemaker-access-doctor-stack';
import { evaluate, type Parameters } from './cfn-intrinsics';
import { synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

const EMPTY: Parameters = {
  NotificationEmails: '',
  SlackWorkspaceId: '',
  SlackChannelId: '',
  TeamsTeamId: '',
  TeamsTenantId: '',
  TeamsChannelId: '',
};

let built: Synthesized;
beforeAll(() => {
  built = synthesize();
}, SYNTH_TIMEOUT_MS);

/** What a deployment with these parameter values subscribes: the endpoints of the subscriptions whose condition holds. */
function subscribedEmails(parameters: Parameters): string[] {
  const conditions = built.template.toJSON().Conditions as Record<string, unknown>;
  return Object.values(built.template.findResources('AWS::SNS::Subscription'))
    .filter((subscription) => evaluate(conditions[subscription.Condition as string], parameters) === true)
    .map((subscription) => evaluate(subscription.Properties.Endpoint, parameters) as string);
}

function conditionHolds(name: string, parameters: Parameters): boolean {
  const conditions = built.template.toJSON().Conditions as Record<string, unknown>;
  return evaluate(conditions[name], parameters) === true;
}

describe('the CloudFormation parameters of the template', () => {
  test.each([
    ['', []],
    ['ops@example.com', ['ops@example.com']],
    ['ops@example.com,ml@example.com', ['ops@example.com', 'ml@example.com']],
    ['a@x.io,b@x.io,c@x.io,d@x.io,e@x.io', ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']],
  ])('NotificationEmails=%j subscribes exactly %j', (emails, expected) => {
    // Given the parameter value, When the conditions and endpoints are evaluated, Then these addresses are subscribed
    expect(subscribedEmails({ ...EMPTY, NotificationEmails: emails })).toEqual(expected);
  });

  test(`the parameter takes at most ${MAX_PARAMETER_EMAILS} addresses, as its description says, and refuses more at deploy time`, () => {
    const pattern = new RegExp(built.template.toJSON().Parameters.NotificationEmails.AllowedPattern as string);
    expect(pattern.test('a@x.io,b@x.io,c@x.io,d@x.io,e@x.io')).toBe(true);
    expect(pattern.test('a@x.io,b@x.io,c@x.io,d@x.io,e@x.io,f@x.io')).toBe(false);
    built.template.hasParameter('NotificationEmails', {
      Description: `Up to ${MAX_PARAMETER_EMAILS} email addresses for the findings, comma-separated without spaces (each confirms by email). Empty: no email.`,
    });
  });

  test('the email parameter refuses spaces and malformed addresses at deploy time', () => {
    const pattern = new RegExp(built.template.toJSON().Parameters.NotificationEmails.AllowedPattern as string);
    expect(['', 'a@x.io', 'a@x.io,b@y.org'].every((value) => pattern.test(value))).toBe(true);
    expect(['a@x.io, b@y.org', 'a', 'a@x.io,', ',a@x.io'].some((value) => pattern.test(value))).toBe(false);
  });

  test('a chat channel is created only when all of its ids are given', () => {
    const slack = { ...EMPTY, SlackWorkspaceId: 'T0123ABCD', SlackChannelId: 'C0123ABCD' };
    expect(conditionHolds('HasSlackChannel', EMPTY)).toBe(false);
    expect(conditionHolds('HasSlackChannel', { ...EMPTY, SlackWorkspaceId: 'T0123ABCD' })).toBe(false);
    expect(conditionHolds('HasSlackChannel', slack)).toBe(true);
    const teams = { ...EMPTY, TeamsTeamId: 't', TeamsTenantId: 'u', TeamsChannelId: 'c' };
    expect(conditionHolds('HasTeamsChannel', { ...teams, TeamsChannelId: '' })).toBe(false);
    expect(conditionHolds('HasTeamsChannel', teams)).toBe(true);
  });
});
