/**
 * Findings (docs/formats/report.md, docs/formats/causes.md): for every denied check one finding per layer in its
 * `blockedBy`, with the cause that layer gives, plus the causes that deny whatever the
 * policies say. `Unknown` checks give no finding.
 */
import type { PolicyType } from '../../engine/types';
import type { Verdict } from '../judge';
import type { EvidenceRef, Failure, Finding, IncompleteEntry } from '../report';
import { causeRule, layerCauseOf, type CauseId } from '../causes';
import type { ConditionCause } from '../causes/cause';
import { UNEXPLAINED_ACCESS_DENIED } from '../causes/unexplained';
import { CROSS_ACCOUNT_POLICY_UNKNOWN, ownerPolicyUnknown } from '../causes/cross-account-unknown';
import { layerOf } from './explain';
import { mergeListedFindings } from './listed';

/** A finding before its patch is attached. */
export interface DraftFinding extends Omit<Finding, 'patch' | 'cause'> {
  cause: CauseId;
  verdict?: Verdict;
  /** For findings over listed objects merged into one (listed.ts): each object's verdict. */
  merged?: Verdict[];
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

function findingsOf(verdict: Verdict): DraftFinding[] {
  const { check } = verdict;
  const base = {
    action: check.action,
    resource: check.resource,
    location: check.location,
    purpose: check.purpose,
    principal: check.principal ?? check.role.arn,
    verdict,
  };
  const raised = check.extraCauses.map((extra) => ({
    ...base,
    cause: extra.cause,
    explanation: extra.explanation,
    evidence: [],
  }));
  const replacing = raised.find((r) => (causeRule(r.cause) as ConditionCause | undefined)?.replacesLayerFindings);
  if (replacing) return [replacing];
  const out: DraftFinding[] = [];
  for (const layer of verdict.blockedBy) {
    const judged = layerOf(verdict, layer);
    const denies = judged?.denies ?? [];
    const rule = layerCauseOf(check.target.kind, layer, denies.length > 0);
    if (!rule) continue;
    const what = `${check.action} on ${check.resource}`;
    out.push({
      ...base,
      cause: rule.id,
      layer,
      explanation: rule.explain({ verdict, check, role: check.role, what, judged, denies }),
      evidence: evidenceOf(verdict, layer),
    });
  }
  return [...out, ...raised];
}

const draftsOf = (v: Verdict): DraftFinding[] =>
  isDenied(v) ? findingsOf(v) : ownerPolicyUnknown(v) ? [ownerFinding(v)] : [];

export function buildFindings(verdicts: Verdict[], failure: Failure, incomplete: IncompleteEntry[]): DraftFinding[] {
  const findings = mergeListedFindings(
    verdicts.flatMap((v) => draftsOf(v)),
    (v) => draftsOf(v),
  );
  if (failure.category === 'access-denied' && findings.length === 0)
    findings.push(unexplained(verdicts, failure, incomplete));
  return findings;
}

/** Exactly one, when the failure says access was denied and no check explains it. */
function unexplained(verdicts: Verdict[], failure: Failure, incomplete: IncompleteEntry[]): DraftFinding {
  return {
    cause: UNEXPLAINED_ACCESS_DENIED.id,
    ...(failure.action !== undefined && { action: failure.action }),
    ...(failure.resource !== undefined && { resource: failure.resource }),
    explanation: UNEXPLAINED_ACCESS_DENIED.explain({ verdicts, incomplete }),
    evidence: [],
  };
}

/** An Unknown check that only the other account's policy can decide (CROSS_ACCOUNT_POLICY_UNKNOWN). */
function ownerFinding(verdict: Verdict): DraftFinding {
  const { check } = verdict;
  return {
    cause: CROSS_ACCOUNT_POLICY_UNKNOWN.id,
    action: check.action,
    resource: check.resource,
    location: check.location,
    purpose: check.purpose,
    principal: check.role.arn,
    verdict,
    layer: 'resource',
    explanation: CROSS_ACCOUNT_POLICY_UNKNOWN.explain({ check }),
    evidence: [],
  };
}
