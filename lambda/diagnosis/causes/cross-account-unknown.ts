/**
 * Another account's bucket, key or repository policy that could not be read, while the role's
 * own side allows: only that account can say whether it grants the access. Cross-account
 * access needs both sides to allow:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * So the report names the statements the owner must add (a `statement-for-owner` patch), for
 * the user to send, instead of an unexplained denial. It is not a denial: the check stays Unknown.
 */
import type { Check } from '../checks/types';
import type { Verdict } from '../judge';
import { valueOr } from '../layers';
import { reportCause, type CausePatch, type ResourceTarget } from './cause';

/** The layers that the owner of the resource holds: its resource policy and its RCPs. */
const OWNER_LAYERS = new Set(['resource', 'rcp']);

/** The resource policy a statement for the owner goes into, by the check's target. */
function ownerTarget(check: Check): ResourceTarget | undefined {
  const t = check.target;
  if (t.kind === 's3')
    return { kind: 'bucket-policy', target: `arn:aws:s3:::${t.bucket}`, layer: 'resource', document: undefined };
  if (t.kind === 'kms') return { kind: 'key-policy', target: t.keyArn, layer: 'resource', document: undefined };
  if (t.kind === 'ecr-repository')
    return { kind: 'repository-policy', target: t.repositoryArn, layer: 'resource', document: undefined };
  return undefined;
}

/**
 * Whether the resource is another account's: its account is known and not the role's, or the
 * evidence could not tell whose it is (a bucket that no account of the evidence holds).
 */
function ofAnotherAccount(check: Check): boolean {
  if (check.target.kind === 's3' && check.target.evidence === undefined) return true;
  return check.resourceAccount !== check.role.account;
}

/**
 * The check of docs/formats/causes.md: Unknown, its only unknown layers the owner's (the
 * resource policy, and RCPs of an account not read), every known layer allowing, and the
 * identity side holding an Allow of its own.
 */
export function ownerPolicyUnknown(verdict: Verdict): boolean {
  const { check, evaluation } = verdict;
  if (verdict.decision !== 'Unknown' || check.principal !== undefined || !ownerTarget(check)) return false;
  if (!ofAnotherAccount(check) || !valueOr(check.role.role, null)) return false;
  const unknownLayers = evaluation.layers.filter((l) => l.unknown);
  if (!unknownLayers.some((l) => l.policyType === 'resource')) return false;
  if (unknownLayers.some((l) => !OWNER_LAYERS.has(l.policyType))) return false;
  const identity = evaluation.layers.find((l) => l.policyType === 'identity');
  return identity !== undefined && identity.allows.length > 0 && !identity.denied;
}

const statementForOwner: CausePatch = { kind: 'statement-for-owner', target: ownerTarget };

export const CROSS_ACCOUNT_POLICY_UNKNOWN = reportCause({
  id: 'CROSS_ACCOUNT_POLICY_UNKNOWN',
  title: "Another account's policy could not be read; the role's side allows",
  severity: 'medium',
  explain: ({ check }: { check: Check }) => {
    const owner = check.resourceAccount !== check.role.account ? `account ${check.resourceAccount}` : 'its owner';
    return (
      `${check.action} on ${check.resource} is allowed by role ${check.role.roleName}'s own policies, but the ` +
      `policy of ${ownerTarget(check)?.target ?? check.resource} (${owner}) could not be read. Cross-account ` +
      `access needs that policy to allow it too: send the owner the statements of the patch.`
    );
  },
  patch: statementForOwner,
});

export const causes = [CROSS_ACCOUNT_POLICY_UNKNOWN] as const;
