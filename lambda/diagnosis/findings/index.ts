/**
 * Findings (docs/formats/report.md, docs/formats/causes.md): for every denied check one finding per layer in its
 * `blockedBy`, with the cause that layer gives, plus the causes that deny whatever the
 * policies say. `Unknown` checks give no finding.
 */
import type { Evaluation, PolicyType } from '../../engine/types';
import type { Check, ListedObject } from '../checks';
import type { Verdict } from '../judge';
import type { EvidenceRef, Failure, Finding, IncompleteEntry } from '../report';
import { causeRule, layerCauseOf, type CauseId } from '../causes';
import type { ConditionCause } from '../causes/cause';
import { UNEXPLAINED_ACCESS_DENIED } from '../causes/unexplained';
import { CROSS_ACCOUNT_POLICY_UNKNOWN, ownerPolicyUnknown } from '../causes/cross-account-unknown';
import { layerOf } from './explain';
import { ListedMerger, listedCheck, type Merged, objectsOf, onPattern, sameListedRequest } from './listed';

/** A finding before its patch is attached. */
export interface DraftFinding extends Omit<Finding, 'patch' | 'cause'> {
  cause: CauseId;
  verdict?: Verdict;
  /** For findings over listed objects merged into one (listed.ts): each object's check. */
  merged?: Check[];
  layer?: PolicyType;
}

const isDenied = (v: Verdict): boolean => v.decision === 'ExplicitlyDenied' || v.decision === 'ImplicitlyDenied';

function evidenceOf(verdict: Verdict, layer: PolicyType): EvidenceRef[] {
  const judged = layerOf(verdict, layer);
  const statements = judged?.denies.length ? judged.denies : [];
  return statements.map((s) => ({
    policyType: s.policyType,
    ...(s.policyArn !== undefined && { policyArn: s.policyArn }),
    ...(s.policyName !== undefined && { policyName: s.policyName }),
    ...(s.statementSid !== undefined && { statementSid: s.statementSid }),
    statementIndex: s.statementIndex,
  }));
}

/** A finding whose explanation is worded only when it is needed (once per merged finding). */
interface Pending {
  draft: DraftFinding;
  explain(): string;
}

const complete = ({ draft, explain }: Pending): DraftFinding => ({ ...draft, explanation: explain() });

function findingsOf(verdict: Verdict): Pending[] {
  const { check } = verdict;
  const base = {
    action: check.action,
    resource: check.resource,
    location: check.location,
    purpose: check.purpose,
    principal: check.principal ?? check.role.arn,
    verdict,
  };
  const raised = check.extraCauses.map((extra): Pending => ({
    draft: { ...base, cause: extra.cause, explanation: extra.explanation, evidence: [] },
    explain: () => extra.explanation,
  }));
  const replacing = raised.find((r) => (causeRule(r.draft.cause) as ConditionCause | undefined)?.replacesLayerFindings);
  if (replacing) return [replacing];
  const out: Pending[] = [];
  for (const layer of verdict.blockedBy) {
    const judged = layerOf(verdict, layer);
    const denies = judged?.denies ?? [];
    const rule = layerCauseOf(check.target.kind, layer, denies.length > 0);
    if (!rule) continue;
    out.push({
      // The explanation's place among the fields is kept: it is filled in by `complete`.
      draft: { ...base, cause: rule.id, layer, explanation: '', evidence: evidenceOf(verdict, layer) },
      explain: () =>
        rule.explain({
          verdict,
          check,
          role: check.role,
          what: `${check.action} on ${check.resource}`,
          judged,
          denies,
        }),
    });
  }
  return [...out, ...raised];
}

const pendingOf = (v: Verdict): Pending[] =>
  isDenied(v) ? findingsOf(v) : ownerPolicyUnknown(v) ? [ownerFinding(v)] : [];

const draftsOf = (v: Verdict): DraftFinding[] => pendingOf(v).map(complete);

/**
 * The findings of the verdicts, given one at a time (docs/formats/report.md): those over one
 * location's listed objects that share cause, action, principal and evidence are merged as
 * they come (listed.ts), so no verdict of a listed object is kept past its turn.
 */
export class FindingCollector {
  readonly #merger = new ListedMerger<Pending>(true);
  #checked = 0;
  #unknown = 0;
  /**
   * The merge ids of a listed object's findings, by its evaluation: the objects of a location
   * that the engine judged alike (one evaluation, engine/evaluate.ts ResourceBatch) and that no
   * cause of their own sets apart end in the same findings.
   */
  readonly #idsOf = new WeakMap<Evaluation, { check: Check; decision: string; ids: string[] }>();

  public add(verdict: Verdict): void {
    this.#checked++;
    if (verdict.decision === 'Unknown') this.#unknown++;
    const check = listedCheck(verdict.check);
    const alike = check !== undefined && check.extraCauses.length === 0;
    if (alike) {
      const known = this.#idsOf.get(verdict.evaluation);
      if (known && known.decision === verdict.decision && sameListedRequest(known.check, check)) {
        for (const id of known.ids) this.#merger.listed(id, check, () => pendingWith(verdict, id));
        return;
      }
    }
    const pending = pendingOf(verdict);
    if (!check) {
      pending.forEach((p) => this.#merger.single(p));
      return;
    }
    const ids = pending.map((p) => mergeId(check.listing, p.draft));
    pending.forEach((p, i) => this.#merger.listed(ids[i], check, () => p));
    if (alike) this.#idsOf.set(verdict.evaluation, { check, decision: verdict.decision, ids });
  }

  /**
   * Every finding, and UNEXPLAINED_ACCESS_DENIED when the failure says access was denied and none
   * explains it; `principal`: whose access that was (the job's execution role).
   */
  public findings(failure: Failure, incomplete: IncompleteEntry[], principal?: string): DraftFinding[] {
    const findings = this.#merger.entries.map((entry) =>
      entry.kind === 'single' ? complete(entry.item) : merged(entry),
    );
    if (failure.category === 'access-denied' && findings.length === 0)
      findings.push(unexplained({ checked: this.#checked, unknown: this.#unknown }, failure, incomplete, principal));
    return findings;
  }
}

/** Listed objects' findings that share cause, action, principal and evidence are one (listed.ts). */
const mergeId = (listing: ListedObject, d: DraftFinding): string =>
  JSON.stringify([listing.location, d.purpose, d.cause, d.layer ?? null, d.action, d.principal, d.evidence]);

/** The verdict's finding of merge id `id`. */
function pendingWith(verdict: Verdict, id: string): Pending {
  const check = verdict.check as Check & { listing: ListedObject };
  const found = pendingOf(verdict).find((p) => mergeId(check.listing, p.draft) === id);
  if (!found) throw new Error(`no finding of ${id}`);
  return found;
}

/**
 * The finding merged over listed objects. Its resource is the object's ARN when one object is
 * denied, else the location's pattern (its explanation then says so: it is worded again for
 * the pattern). Its verdict stands on the pattern, so that its patch grants the pattern;
 * `merged` keeps every object's check, so that the patch is checked against each of them.
 */
function merged(group: Extract<Merged<Pending>, { kind: 'group' }>): DraftFinding {
  const { first, listing } = group;
  const verdict: Verdict = { ...first.draft.verdict!, check: onPattern(first.draft.verdict!.check, listing) };
  const objects = objectsOf(group);
  if (group.count === 1) return { ...complete(first), verdict, merged: group.checks, objects };
  const again = draftsOf(verdict).find((d) => d.cause === first.draft.cause && d.layer === first.draft.layer);
  return {
    ...first.draft,
    verdict,
    merged: group.checks,
    objects,
    resource: listing.pattern,
    location: listing.location,
    explanation: again?.explanation ?? first.explain(),
  };
}

/** Exactly one, when the failure says access was denied and no check explains it. */
function unexplained(
  counts: { checked: number; unknown: number },
  failure: Failure,
  incomplete: IncompleteEntry[],
  principal: string | undefined,
): DraftFinding {
  return {
    cause: UNEXPLAINED_ACCESS_DENIED.id,
    ...(failure.action !== undefined && { action: failure.action }),
    ...(failure.resource !== undefined && { resource: failure.resource }),
    ...(principal !== undefined && { principal }),
    explanation: UNEXPLAINED_ACCESS_DENIED.explain({ ...counts, incomplete }),
    evidence: [],
  };
}

/** An Unknown check that only the other account's policy can decide (CROSS_ACCOUNT_POLICY_UNKNOWN). */
function ownerFinding(verdict: Verdict): Pending {
  const { check } = verdict;
  return {
    draft: {
      cause: CROSS_ACCOUNT_POLICY_UNKNOWN.id,
      action: check.action,
      resource: check.resource,
      location: check.location,
      purpose: check.purpose,
      principal: check.role.arn,
      verdict,
      layer: 'resource',
      explanation: '',
      evidence: [],
    },
    explain: () => CROSS_ACCOUNT_POLICY_UNKNOWN.explain({ check }),
  };
}
