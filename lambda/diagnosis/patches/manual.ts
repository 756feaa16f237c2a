/**
 * Steps for the causes no policy patch of ours can fix (docs/formats/causes.md, `manual`): who
 * must change what. Each cause's module (lambda/diagnosis/causes/) writes its own steps.
 */
import { accountOfArn, isAccountId } from '../../arn';
import type { CausePatch } from '../causes/cause';
import type { Check } from '../checks';
import type { DraftFinding } from '../findings';
import { layerOf } from '../findings/explain';
import type { Patch } from '../report';

export function manualPatch(draft: DraftFinding, patch: Extract<CausePatch, { kind: 'manual' }>): Patch | null {
  const check = draft.verdict?.check;
  if (!check) return null;
  const denies = (draft.verdict && draft.layer ? layerOf(draft.verdict, draft.layer)?.denies : undefined) ?? [];
  const steps = patch.steps({ draft, check, role: check.role, what: `${check.action} on ${check.resource}`, denies });
  return steps && { ...steps, account: steps.account ?? accountOf(steps.target, check) };
}

/**
 * Where a manual change is made, unless its cause says: the account its target's ARN names
 * (a role, a key, an SCP of the management account), an account id as the target, the bucket's
 * owner for a bucket, else the role's account.
 */
function accountOf(target: string, check: Check): string {
  const named = accountOfArn(target);
  if (named !== undefined && isAccountId(named)) return named;
  if (isAccountId(target)) return target;
  return check.target.kind === 's3' ? check.resourceAccount : check.role.account;
}
