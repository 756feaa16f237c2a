/**
 * Service control policies of the role's account: every level from the root down must allow.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
import { namedStatements, quoteStatements, scpLevels } from '../findings/explain';
import { layerCause, manualSteps, type Fix } from './cause';

const ADMINISTRATOR =
  'Only the AWS Organizations administrator (management account or delegated administrator) can change SCPs: ask them for an exception for this role or this data, or move the data to where the guardrail allows it.';

const steps = (first: (fix: Fix) => string) =>
  manualSteps((fix) => fix.denies.find((d) => d.policyArn)?.policyArn ?? fix.role.account, first, ADMINISTRATOR);

const SCP_NO_ALLOW = layerCause({
  id: 'SCP_NO_ALLOW',
  title: 'A service control policy level does not allow it',
  severity: 'high',
  layer: 'scp',
  denial: 'no-allow',
  explain: ({ verdict, judged, role, what }) =>
    `No service control policy at ${scpLevels(judged, verdict.scpLevelCount)} of account ${role.account} allows ${what}: every level from the root down must allow it.`,
  patch: steps(
    ({ role, what }) => `A service control policy level above account ${role.account} does not allow ${what}.`,
  ),
});

const SCP_EXPLICIT_DENY = layerCause({
  id: 'SCP_EXPLICIT_DENY',
  title: 'A service control policy denies it',
  severity: 'high',
  layer: 'scp',
  denial: 'explicit',
  explain: ({ role, what, denies }) =>
    `The service control policy ${quoteStatements(denies)} of account ${role.account} denies ${what}.`,
  patch: steps(
    ({ role, what, denies }) =>
      `The service control policy ${namedStatements(denies)} denies ${what} for every principal of account ${role.account}.`,
  ),
});

export const causes = [SCP_NO_ALLOW, SCP_EXPLICIT_DENY] as const;
