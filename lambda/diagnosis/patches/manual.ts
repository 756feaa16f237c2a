/**
 * Steps for the causes no policy patch of ours can fix (docs/formats/causes.md, `manual`): who
 * must change what. Each cause's module (lambda/diagnosis/causes/) writes its own steps.
 */
import type { CausePatch } from '../causes/cause';
import type { DraftFinding } from '../findings';
import { layerOf } from '../findings/explain';
import type { Patch } from '../report';

export function manualPatch(draft: DraftFinding, patch: Extract<CausePatch, { kind: 'manual' }>): Patch | null {
  const check = draft.verdict?.check;
  if (!check) return null;
  const denies = (draft.verdict && draft.layer ? layerOf(draft.verdict, draft.layer)?.denies : undefined) ?? [];
  return patch.steps({ draft, check, role: check.role, what: `${check.action} on ${check.resource}`, denies });
}
