/**
 * The role's permissions boundary caps what its policies allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import { valueOr, type RoleLayers } from '../layers';
import { namedStatements, quoteStatements } from '../findings/explain';
import { layerCause, manualSteps, type Fix } from './cause';

const boundaryOf = (role: RoleLayers) => valueOr(role.boundary, null);

const ADMINISTRATOR =
  "Whoever administers the boundary (usually the platform or security team) must allow this access in it, or give the role another boundary (aws iam put-role-permissions-boundary). Changing the role's own policies does not help.";

const steps = (first: (fix: Fix) => string) =>
  manualSteps((fix) => boundaryOf(fix.role)?.arn ?? fix.role.arn, first, ADMINISTRATOR);

const PERMISSIONS_BOUNDARY_NO_ALLOW = layerCause({
  id: 'PERMISSIONS_BOUNDARY_NO_ALLOW',
  title: "The role's permissions boundary does not allow it",
  severity: 'high',
  layer: 'permissions-boundary',
  denial: 'no-allow',
  explain: ({ role, what }) => {
    const boundary = boundaryOf(role);
    return `The permissions boundary '${boundary?.name ?? boundary?.arn}' of role '${role.roleName}' does not allow ${what}: whatever the role's policies allow, the boundary caps it.`;
  },
  patch: steps(({ role, what }) => {
    const boundary = boundaryOf(role);
    return `The permissions boundary '${boundary?.name ?? boundary?.arn}' of role '${role.roleName}' does not allow ${what}; the role can never use more than the boundary allows.`;
  }),
});

const PERMISSIONS_BOUNDARY_EXPLICIT_DENY = layerCause({
  id: 'PERMISSIONS_BOUNDARY_EXPLICIT_DENY',
  title: "The role's permissions boundary denies it",
  severity: 'high',
  layer: 'permissions-boundary',
  denial: 'explicit',
  explain: ({ role, what, denies }) =>
    `The permissions boundary ${quoteStatements(denies)} of role '${role.roleName}' denies ${what}.`,
  patch: steps(
    ({ role, what, denies }) =>
      `The permissions boundary of role '${role.roleName}' denies ${what} in ${namedStatements(denies)}.`,
  ),
});

export const causes = [PERMISSIONS_BOUNDARY_NO_ALLOW, PERMISSIONS_BOUNDARY_EXPLICIT_DENY] as const;
