/**
 * What every patch builder shares: the scope of the patches (the job, its account and Region),
 * re-evaluation with a patch applied, and the accesses a group of findings needs.
 */
import type { CompiledPolicy, PolicyType } from '../../engine/types';
import type { Check } from '../checks';
import type { DraftFinding } from '../findings';
import type { LayerOverrides, Verdict } from '../judge';
import type { Statement } from './document';
import { type Access, listBucketCondition } from './statements';

export interface PatchContext {
  jobName: string;
  /** The job's ARN, the target of a `job-config` patch; absent in preflight (no job yet). */
  jobArn?: string;
  jobAccount: string;
  partition: string;
  region: string;
  /** The check judged again with some layers replaced. */
  rejudge(check: Check, overrides: LayerOverrides): Verdict;
  compile(document: unknown, meta: { policyType: PolicyType; name?: string; arn?: string }): CompiledPolicy | undefined;
}

/** The condition a grant keeps: the job's prefixes of a ListBucket, the service a role is passed to. */
function grantCondition(check: Check): Access['condition'] {
  const action = check.action.toLowerCase();
  if (action === 's3:listbucket') return listBucketCondition(String(check.context['s3:prefix'] ?? ''));
  // iam:PassRole only to SageMaker (preflight's caller checks):
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService
  const service = check.context['iam:PassedToService'];
  if (action === 'iam:passrole' && typeof service === 'string')
    return { StringEquals: { 'iam:PassedToService': [service] } };
  return undefined;
}

/**
 * The access to grant for a check. A listed object's check grants its prefix's pattern, never
 * the object's ARN: one grant covers the whole listing (docs/formats/report.md, "Findings over
 * listed objects").
 */
export const accessOf = (check: Check): Access => ({
  action: check.action,
  resource: check.listing?.pattern ?? check.resource,
  condition: grantCondition(check),
});

/** The checks a patch must lift for a finding: one per object for a finding merged over listed objects. */
export const checksOf = (draft: DraftFinding): Check[] => draft.merged ?? (draft.verdict ? [draft.verdict.check] : []);

/** The accesses a group of findings needs, each once. */
export const accessesOf = (drafts: DraftFinding[]): Access[] =>
  drafts.flatMap((d) => (d.verdict ? [accessOf(d.verdict.check)] : []));

export const layerDenies = (verdict: Verdict, layer: PolicyType): boolean =>
  verdict.evaluation.layers.find((l) => l.policyType === layer)?.denied ?? false;

/** Sids unique within the document: a second run of the tool must not collide with the first. */
export function uniqueSids(existing: Statement[], added: Statement[]): Statement[] {
  const taken = new Set(existing.map((s) => s.Sid).filter((x): x is string => typeof x === 'string'));
  return added.map((s) => {
    let sid = String(s.Sid);
    for (let n = 2; taken.has(sid); n++) sid = `${String(s.Sid)}n${n}`;
    taken.add(sid);
    return { ...s, Sid: sid };
  });
}
