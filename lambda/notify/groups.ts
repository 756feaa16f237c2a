/**
 * The findings of a notification, grouped by cause and resource: a job denied `s3:GetObject`,
 * `s3:PutObject` and `s3:ListBucket` on one location by one policy is one problem to read about,
 * not three. The groups come in the order of their first finding; each names the fixes (indexes
 * into the report's distinct patches, report-facts.ts) that its findings need.
 */
import type { FindingFact, ReportFacts } from '../diagnosis/report-facts';

export interface FindingGroup {
  cause: string;
  resource?: string;
  /** The cause's title from the catalogue, when the cause is known. */
  title?: string;
  findings: FindingFact[];
  /** The distinct actions of the findings, in order. */
  actions: string[];
  /** The distinct purposes of the findings (`input channel 'train'`), in order. */
  purposes: string[];
  /** The distinct patches its findings need (indexes into `facts.patches`), in order. */
  patches: number[];
}

const distinct = (values: (string | number | undefined)[]) =>
  [...new Set(values.filter((value) => value !== undefined && value !== ''))] as never[];

export function findingGroups(facts: ReportFacts): FindingGroup[] {
  const byKey = new Map<string, FindingFact[]>();
  for (const fact of facts.findings) {
    const key = JSON.stringify([fact.finding.cause, fact.finding.resource ?? null]);
    const group = byKey.get(key);
    if (group) group.push(fact);
    else byKey.set(key, [fact]);
  }
  return [...byKey.values()].map((findings) => {
    const [first] = findings;
    const group: FindingGroup = {
      cause: first.finding.cause,
      findings,
      actions: distinct(findings.map((fact) => fact.finding.action)),
      purposes: distinct(findings.map((fact) => fact.finding.purpose)),
      patches: distinct(findings.map((fact) => fact.patch)),
    };
    if (first.finding.resource !== undefined) group.resource = first.finding.resource;
    if (first.title !== undefined) group.title = first.title;
    return group;
  });
}
