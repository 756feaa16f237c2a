import { Duration, Token } from 'aws-cdk-lib';
import { NOTIFY_ON } from '../lambda/config';
import type { SageMakerAccessDoctorProps } from './sagemaker-access-doctor';
import { SageMakerAccessDoctorPropsError } from './props-error';

// IAM role names: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
// Chatbot ids: https://docs.aws.amazon.com/chatbot/latest/APIReference/API_SlackChannelConfiguration.html
// and https://docs.aws.amazon.com/chatbot/latest/APIReference/API_TeamsChannelConfiguration.html
const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;
const GUID = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const TEAMS_CHANNEL_ID = /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Checks the props before anything is built, so a wrong value fails `cdk synth` with a
 * message naming the prop, the value and the fix, instead of a failed deployment. Values that
 * are tokens (CloudFormation parameters) are only known at deploy time and are left to
 * CloudFormation.
 */
export function validateProps(props: SageMakerAccessDoctorProps): void {
  props.notificationEmails?.forEach((email, index) =>
    check(
      `notificationEmails[${index}]`,
      email,
      EMAIL,
      'is not an email address',
      'Give an address such as ops@example.com.',
    ),
  );
  check(
    'crossAccountRoleName',
    props.crossAccountRoleName,
    ROLE_NAME,
    'is not an IAM role name',
    'Give the role name only (no ARN, no path): 1 to 64 of letters, digits and + = , . @ _ -.',
  );
  if (props.slackChannel) {
    check(
      'slackChannel.slackWorkspaceId',
      props.slackChannel.slackWorkspaceId,
      SLACK_WORKSPACE_ID,
      'is not a Slack workspace id',
      'Copy the workspace id (upper-case letters and digits, e.g. T0123ABCD) from the AWS Chatbot console after authorizing the workspace.',
    );
    check(
      'slackChannel.slackChannelId',
      props.slackChannel.slackChannelId,
      SLACK_CHANNEL_ID,
      'is not a Slack channel id',
      'Give the channel id (e.g. C0123ABCD, from the channel details in Slack), not its name.',
    );
  }
  if (props.teamsChannel) {
    const fix = 'Copy the ids from the AWS Chatbot console after authorizing the team.';
    check('teamsChannel.teamId', props.teamsChannel.teamId, GUID, 'is not a GUID', fix);
    check('teamsChannel.teamsTenantId', props.teamsChannel.teamsTenantId, GUID, 'is not a GUID', fix);
    check(
      'teamsChannel.teamsChannelId',
      props.teamsChannel.teamsChannelId,
      TEAMS_CHANNEL_ID,
      'is not a URL-encoded Teams channel id',
      'Give the id as the Chatbot console shows it, URL-encoded: 19%3a...%40thread.tacv2.',
    );
  }
  if (props.notifyOn !== undefined && !(NOTIFY_ON as readonly string[]).includes(props.notifyOn)) {
    throw new SageMakerAccessDoctorPropsError(
      'notifyOn',
      'is not a known value',
      props.notifyOn,
      `Use one of ${NOTIFY_ON.join(', ')}.`,
    );
  }
  checkRange('memorySize', props.memorySize, 128, 10240, 'MB');
  checkRange('reservedConcurrentExecutions', props.reservedConcurrentExecutions, 1, 1000, 'concurrent executions');
  checkRange('eventRetryAttempts', props.eventRetryAttempts, 0, 185, 'attempts');
  checkDuration('timeout', props.timeout, Duration.seconds(1), Duration.minutes(15));
  checkDuration('maxEventAge', props.maxEventAge, Duration.minutes(1), Duration.hours(24));
}

function check(prop: string, value: string | undefined, pattern: RegExp, problem: string, fix: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new SageMakerAccessDoctorPropsError(prop, problem, value, fix);
  }
}

function checkRange(prop: string, value: number | undefined, min: number, max: number, unit: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SageMakerAccessDoctorPropsError(
      prop,
      `must be a whole number from ${min} to ${max} ${unit}`,
      value,
      `Give a value in that range.`,
    );
  }
}

function checkDuration(prop: string, value: Duration | undefined, min: Duration, max: Duration): void {
  if (value === undefined || value.isUnresolved()) return;
  const seconds = value.toSeconds();
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw new SageMakerAccessDoctorPropsError(
      prop,
      `must be from ${min.toHumanString()} to ${max.toHumanString()}`,
      value.toHumanString(),
      'Give a duration in that range (AWS refuses others).',
    );
  }
}
