import { Duration, Token } from 'aws-cdk-lib';
import { NOTIFY_ON } from '../lambda/config';
import type { OrganizationProps } from './organization-deployment';
import { DEPLOYMENT_MODES, type SageMakerAccessDoctorProps } from './sagemaker-access-doctor';
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
// Organizations ids: https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
// and https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html;
// a StackSet targets OUs or the root: https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

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
  validateMode(props);
  checkRange('memorySize', props.memorySize, 128, 10240, 'MB');
  checkRange('reservedConcurrentExecutions', props.reservedConcurrentExecutions, 1, 1000, 'concurrent executions');
  checkRange('eventRetryAttempts', props.eventRetryAttempts, 0, 185, 'attempts');
  checkDuration('timeout', props.timeout, Duration.seconds(1), Duration.minutes(15));
  checkDuration('maxEventAge', props.maxEventAge, Duration.minutes(1), Duration.hours(24));
}

function validateMode(props: SageMakerAccessDoctorProps): void {
  const mode = props.mode ?? 'account';
  if (!DEPLOYMENT_MODES.includes(mode)) {
    throw new SageMakerAccessDoctorPropsError(
      'mode',
      'is not a known mode',
      mode,
      `Use one of ${DEPLOYMENT_MODES.join(', ')} (docs/deploy.md).`,
    );
  }
  if (mode === 'account') {
    if (props.organization !== undefined) {
      throw new SageMakerAccessDoctorPropsError(
        'organization',
        "is used only with mode 'organization'",
        props.organization,
        "Set mode: 'organization' (-c mode=organization), or leave organization out.",
      );
    }
    return;
  }
  if (props.organization === undefined) {
    throw new SageMakerAccessDoctorPropsError(
      'organization',
      "is required with mode 'organization'",
      undefined,
      'Give organizationId, organizationalUnitIds and regions (-c organizationId=o-... -c organizationalUnitIds=ou-... -c regions=...).',
    );
  }
  validateOrganization(props.organization);
}

function validateOrganization(organization: OrganizationProps): void {
  // The member template is synthesized apart from the central stack: what it is built from must
  // be known at synth, not a token of the central stack.
  const literal = (prop: string, value: string) => {
    if (Token.isUnresolved(value)) {
      throw new SageMakerAccessDoctorPropsError(
        prop,
        'must be known at synth',
        value,
        'Give the value itself, not a CloudFormation parameter or attribute.',
      );
    }
  };
  literal('organization.organizationId', organization.organizationId);
  organization.regions?.forEach((region, index) => literal(`organization.regions[${index}]`, region));
  check(
    'organization.organizationId',
    organization.organizationId,
    ORGANIZATION_ID,
    'is not an organization id',
    'Give the id that `aws organizations describe-organization --query Organization.Id --output text` prints (o-...).',
  );
  nonEmptyList(
    'organization.organizationalUnitIds',
    organization.organizationalUnitIds,
    'List the OUs (ou-...) whose accounts to cover, or the root (r-...) for all of them: `aws organizations list-roots`, `aws organizations list-organizational-units-for-parent`.',
  );
  organization.organizationalUnitIds.forEach((id, index) =>
    check(
      `organization.organizationalUnitIds[${index}]`,
      id,
      OU_OR_ROOT_ID,
      'is not an OU or root id',
      'Give an OU id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx), not a name or an account id.',
    ),
  );
  nonEmptyList(
    'organization.regions',
    organization.regions,
    'List the Regions of the member accounts whose failures to diagnose, e.g. us-east-1,eu-west-1.',
  );
  organization.regions.forEach((region, index) =>
    check(
      `organization.regions[${index}]`,
      region,
      REGION,
      'is not a Region code',
      'Give Region codes such as us-east-1 (concrete values: the member template binds its reads to them).',
    ),
  );
}

function nonEmptyList(prop: string, values: readonly string[] | undefined, fix: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new SageMakerAccessDoctorPropsError(prop, 'must list at least one', values, fix);
  }
  const repeated = values.find((value, index) => values.indexOf(value) !== index);
  if (repeated !== undefined) {
    throw new SageMakerAccessDoctorPropsError(prop, `names ${repeated} twice`, values, 'List each once.');
  }
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
