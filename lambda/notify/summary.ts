/**
 * What a notification leads with: the cause that explains the failure, its severity, and the
 * subject line naming the job and that cause.
 */
import { CAUSES, type Cause, type CauseDefinition } from '../diagnosis/findings/causes';
import type { Finding, Report } from '../diagnosis/report';
import { jobKind, jobKindOfType } from '../job-kinds';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** SNS: a subject is under 100 characters, with no line breaks (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
export const MAX_SUBJECT_LENGTH = 99;

/** The catalogue's label of the job's kind (`training job`); an unknown `job.type` as written. */
export function jobWords(report: Report): string {
  const kind = jobKindOfType(report.job.type);
  return kind === undefined ? report.job.type : jobKind(kind).label;
}

const definition = (cause: string): CauseDefinition | undefined =>
  Object.hasOwn(CAUSES, cause) ? (CAUSES as Record<string, CauseDefinition>)[cause] : undefined;

/** The finding that explains the failure: the one about the action that failed, else the first. */
export function primaryFinding(report: Report): Finding | undefined {
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

/**
 * The cause of the notification: the primary finding's cause code, or, when nothing was denied,
 * the failure category in the same upper-case form (`CAPACITY`, `ALGORITHM`, ...).
 */
export function primaryCause(report: Report): string {
  return primaryFinding(report)?.cause ?? report.failure.category.toUpperCase().replace(/-/g, '_');
}

/** The highest severity of the findings' causes; a failure with no finding is `low`. */
export function severity(report: Report): Severity {
  const levels = report.findings.map((finding) => definition(finding.cause as Cause)?.severity ?? 'medium');
  return SEVERITIES.find((level) => levels.includes(level)) ?? 'low';
}

export const causeTitle = (cause: string): string | undefined => definition(cause)?.title;

/** `SageMaker training job 'NAME' failed: CAUSE (+2)`, the name shortened to fit SNS's limit. */
export function subject(report: Report): string {
  const others = new Set(report.findings.map((finding) => finding.cause)).size - 1;
  const tail = `' failed: ${primaryCause(report)}${others > 0 ? ` (+${others})` : ''}`;
  const head = `SageMaker ${jobWords(report)} '`;
  const room = MAX_SUBJECT_LENGTH - head.length - tail.length;
  const name =
    report.job.name.length <= room ? report.job.name : `${report.job.name.slice(0, Math.max(0, room - 3))}...`;
  // SNS refuses control characters in a subject.
  return [...`${head}${name}${tail}`]
    .map((character) => (character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f ? ' ' : character))
    .join('')
    .slice(0, MAX_SUBJECT_LENGTH);
}
