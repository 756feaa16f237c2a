/**
 * A role's identity-based policies (inline and attached): no Allow, or a Deny. The role is the
 * job's execution role, or, in preflight, the caller (docs/preflight.md).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import { valueOr } from '../layers';
import { namedStatements, nearMisses, quoteStatements } from '../findings/explain';
import { layerCause, manualSteps } from './cause';

const IDENTITY_POLICY_NO_ALLOW = layerCause({
  id: 'IDENTITY_POLICY_NO_ALLOW',
  title: 'No identity-based policy of the role allows it',
  severity: 'high',
  layer: 'identity',
  denial: 'no-allow',
  // One inline policy per role gathers every identity fix of the job (patches/index.ts).
  patch: { kind: 'role-inline-policy' },
  explain: ({ check, role, what }) => {
    const base =
      check.resourceAccount !== role.account
        ? `No identity-based policy of role '${role.roleName}' allows ${what}; the resource belongs to account ${check.resourceAccount}, so the role's own policies must allow it too.`
        : `No identity-based policy of role '${role.roleName}' allows ${what}, and no resource-based policy grants it to the role directly.`;
    return [base, ...nearMisses(valueOr(role.identity, undefined)?.policies ?? [], check.action)].join(' ');
  },
});

const IDENTITY_POLICY_EXPLICIT_DENY = layerCause({
  id: 'IDENTITY_POLICY_EXPLICIT_DENY',
  title: 'An identity-based policy of the role denies it',
  severity: 'high',
  layer: 'identity',
  denial: 'explicit',
  explain: ({ role, what, denies }) =>
    `The identity-based policy ${quoteStatements(denies)} of role '${role.roleName}' denies ${what}.`,
  // No automatic patch may remove a guardrail: a person decides.
  patch: manualSteps(
    ({ role }) => role.arn,
    ({ role, what, denies }) =>
      `${namedStatements(denies)} of role '${role.roleName}' denies ${what}. An explicit Deny wins over every Allow: narrow that statement (a condition or resource that excludes this job's access) or detach the policy from the role.`,
    'If the policy is managed by another team (a shared guardrail), ask its owner: the Deny may be intended.',
  ),
});

export const causes = [IDENTITY_POLICY_NO_ALLOW, IDENTITY_POLICY_EXPLICIT_DENY] as const;
