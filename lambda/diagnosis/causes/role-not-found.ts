/**
 * The job's execution role does not exist: SageMaker cannot assume a role that is not there
 * (IAM answers `NoSuchEntity`), whatever any policy says. Its other checks are not made.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html#API_GetRole_Errors
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
import type { RoleLayers } from '../layers';
import { conditionCause, manualSteps } from './cause';

export const ROLE_NOT_FOUND = conditionCause({
  id: 'ROLE_NOT_FOUND',
  title: "The job's execution role does not exist",
  severity: 'high',
  // A trust policy or identity policy of a role that is not there fixes nothing.
  replacesLayerFindings: true,
  explain: ({ role }: { role: RoleLayers }) =>
    `Role ${role.arn} does not exist in account ${role.account} (deleted, renamed, or never created), ` +
    `so SageMaker could not assume it. Its other accesses were not checked.`,
  patch: manualSteps(
    ({ role }) => role.arn,
    ({ role }) =>
      `In account ${role.account}: create role '${role.roleName}' (path as in ${role.arn}) with a trust policy that lets sagemaker.amazonaws.com assume it and the permissions the job needs, or run the job again with an existing execution role.`,
  ),
});

export const causes = [ROLE_NOT_FOUND] as const;
