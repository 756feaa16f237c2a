/**
 * Resource control policies of the resource's account: only their Denies count
 * (`RCPFullAWSAccess` is implied at every level).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import { namedStatements, quoteStatements } from '../findings/explain';
import { layerCause, manualSteps } from './cause';

const RCP_EXPLICIT_DENY = layerCause({
  id: 'RCP_EXPLICIT_DENY',
  title: 'A resource control policy denies it',
  severity: 'high',
  layer: 'rcp',
  // An RCP layer denies only through a Deny statement.
  denial: 'any',
  explain: ({ check, what, denies }) =>
    `The resource control policy ${quoteStatements(denies)} of account ${check.resourceAccount} denies ${what}.`,
  patch: manualSteps(
    ({ check, denies }) => denies.find((d) => d.policyArn)?.policyArn ?? check.resourceAccount,
    ({ check, what, denies }) =>
      `The resource control policy ${namedStatements(denies)} of account ${check.resourceAccount} denies ${what}.`,
    'Only the AWS Organizations administrator can change RCPs: ask them for an exception for this role, or keep the data where the guardrail allows this access.',
  ),
});

export const causes = [RCP_EXPLICIT_DENY] as const;
