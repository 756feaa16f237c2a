/**
 * What every rendering of a report says: the job's label, the cause that explains the failure,
 * its severity, each finding's title, the distinct patches and which findings each fixes, and the
 * counts of the checks. The text report (render-text.ts) and the notifications (lambda/notify/)
 * all read it, so that they list the same patches in the same order.
 *
 * Patches are told apart by their content, not by object identity: two findings whose fixes are
 * the same change (the manual steps of two findings on one resource, or a report read back from
 * its JSON, where no two findings share an object) show that change once, so that nobody applies
 * it twice.
 */
import { jobKind, jobKindOfType } from '../job-kinds';
import { CAUSES, type CauseDefinition } from './causes';
import type { Finding, Patch, Report } from './report';

const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One distinct patch, with the findings it fixes (1-based, in report order). */
export interface PatchFact {
  patch: Patch;
  findings: number[];
  /**
   * The account whose credentials must run the commands, when it is not the job's: a reader who
   * runs them with the job account's credentials gets an AccessDenied of their own.
   */
  runAs?: string;
  /**
   * What the commands replace whole (`bucket policy`, ...): the document was built from that
   * policy as read for the report, so a change made since would be lost.
   */
  replaces?: string;
}

/** The documents a patch's command puts whole, in words (put-bucket-policy replaces, never merges). */
const REPLACED: Partial<Record<Patch['kind'], string>> = {
  'role-inline-policy': 'inline policy',
  'bucket-policy': 'bucket policy',
  'key-policy': 'key policy',
  'repository-policy': 'repository policy',
  'endpoint-policy': 'VPC endpoint policy',
  'trust-policy': 'trust policy',
};

function patchFact(patch: Patch, jobAccount: string): PatchFact {
  const fact: PatchFact = { patch, findings: [] };
  if (patch.account !== undefined && patch.account !== jobAccount) fact.runAs = patch.account;
  const replaced = REPLACED[patch.kind];
  if (replaced !== undefined && (patch.commands?.length ?? 0) > 0) fact.replaces = replaced;
  return fact;
}

export interface FindingFact {
  finding: Finding;
  /** 1-based position in the report. */
  number: number;
  /** The cause's title from the causes catalogue, when the cause is known. */
  title?: string;
  /** Index into `patches` of this finding's patch; absent when it has none. */
  patch?: number;
}

export interface ReportFacts {
  /** The catalogue's label of the job's kind (`training job`); an unknown `job.type` as written. */
  jobLabel: string;
  findings: FindingFact[];
  /** The distinct patches, in the order of the findings that first need them. */
  patches: PatchFact[];
  /** The accesses checked: a check merged over listed objects counts each of its objects. */
  checks: { total: number; allowed: number; denied: number; unknown: number };
  /** The finding that explains the failure: the one about the action that failed, else the first. */
  primaryFinding?: Finding;
  /**
   * The primary finding's cause code, or, when nothing was denied, the failure category in the
   * same upper-case form (`CAPACITY`, `ALGORITHM`, ...).
   */
  primaryCause: string;
  /** The distinct causes of the findings. */
  causes: string[];
  /** The highest severity of the findings' causes; a failure with no finding is `low`. */
  severity: Severity;
  /**
   * What happened to the job: it `failed`, or, for a preflight report (`job.status` `NotStarted`,
   * docs/preflight.md: the early warning's), it `will fail`.
   */
  outcome: 'failed' | 'will fail';
}

/** The `job.status` of a preflight report: the job has not run yet. */
const NOT_STARTED = 'NotStarted';

const definition = (cause: string): CauseDefinition | undefined =>
  Object.hasOwn(CAUSES, cause) ? (CAUSES as Record<string, CauseDefinition>)[cause] : undefined;

export const causeTitle = (cause: string): string | undefined => definition(cause)?.title;

export function reportFacts(report: Report): ReportFacts {
  const patches: PatchFact[] = [];
  const patchIndex = new Map<string, number>();
  const findings = report.findings.map((finding, index): FindingFact => {
    const fact: FindingFact = { finding, number: index + 1 };
    const title = causeTitle(finding.cause);
    if (title !== undefined) fact.title = title;
    if (finding.patch) {
      const key = JSON.stringify(finding.patch);
      let at = patchIndex.get(key);
      if (at === undefined) {
        at = patches.push(patchFact(finding.patch, report.job.account)) - 1;
        patchIndex.set(key, at);
      }
      patches[at].findings.push(fact.number);
      fact.patch = at;
    }
    return fact;
  });

  // A check merged over listed objects counts once per object: the counts do not depend on merging.
  const weight = (checks: Report['checks']): number =>
    checks.reduce((sum, check) => sum + (check.objects?.count ?? 1), 0);
  const total = weight(report.checks);
  const denied = weight(
    report.checks.filter((check) => check.decision === 'ExplicitlyDenied' || check.decision === 'ImplicitlyDenied'),
  );
  const unknown = weight(report.checks.filter((check) => check.decision === 'Unknown'));
  const primary = primaryFinding(report);
  const levels = report.findings.map((finding) => definition(finding.cause)?.severity ?? 'medium');
  const kind = jobKindOfType(report.job.type);
  return {
    jobLabel: kind === undefined ? report.job.type : jobKind(kind).label,
    findings,
    patches,
    checks: { total, allowed: total - denied - unknown, denied, unknown },
    primaryFinding: primary,
    primaryCause: primary?.cause ?? report.failure.category.toUpperCase().replace(/-/g, '_'),
    causes: [...new Set(report.findings.map((finding) => finding.cause))],
    severity: SEVERITIES.find((level) => levels.includes(level)) ?? 'low',
    outcome: report.job.status === NOT_STARTED ? 'will fail' : 'failed',
  };
}

function primaryFinding(report: Report): Finding | undefined {
  const failed = report.failure.action?.toLowerCase();
  return (
    report.findings.find(
      (finding) =>
        failed !== undefined &&
        finding.action?.toLowerCase() === failed &&
        finding.cause !== 'UNEXPLAINED_ACCESS_DENIED',
    ) ?? report.findings[0]
  );
}
