/**
 * What a notification leads with: the cause that explains the failure, its severity, and the
 * subject line naming the job and that cause. The facts come from the report's one facts
 * object (lambda/diagnosis/report-facts.ts), which the text report reads too.
 */
import { reportFacts, type Severity } from '../diagnosis/report-facts';
import type { Report } from '../diagnosis/report';
import { jobKindOfType } from '../job-kinds';

export type { Severity } from '../diagnosis/report-facts';

/** SNS: a subject is under 100 characters, with no line breaks (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). */
export const MAX_SUBJECT_LENGTH = 99;

/** The primary finding's cause code, or the failure category in upper case when nothing was denied. */
export const primaryCause = (report: Report): string => reportFacts(report).primaryCause;

/** The highest severity of the findings' causes; a failure with no finding is `low`. */
export const severity = (report: Report): Severity => reportFacts(report).severity;

/**
 * `SageMaker training job 'NAME' failed: CAUSE (+2)` (an early warning: `will fail`), the name
 * shortened to fit SNS's limit.
 */
export function subject(report: Report): string {
  const facts = reportFacts(report);
  const others = facts.causes.length - 1;
  const tail = `' ${facts.outcome}: ${facts.primaryCause}${others > 0 ? ` (+${others})` : ''}`;
  const head = `SageMaker ${facts.jobLabel} '`;
  const room = MAX_SUBJECT_LENGTH - head.length - tail.length;
  const name =
    report.job.name.length <= room ? report.job.name : `${report.job.name.slice(0, Math.max(0, room - 3))}...`;
  // SNS refuses control characters in a subject.
  return [...`${head}${name}${tail}`]
    .map((character) => (character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f ? ' ' : character))
    .join('')
    .slice(0, MAX_SUBJECT_LENGTH);
}

/** A name the shell takes as it is: SageMaker's names (`[a-zA-Z0-9](-*[a-zA-Z0-9])*`) always are. */
const SHELL_WORD = /^[A-Za-z0-9._-]+$/;
/** Longer than any SageMaker name (63 characters): such a name is not shown in a command. */
const MAX_NAME_IN_COMMAND = 256;

/**
 * The command that prints the whole report of this job on live AWS, whole and runnable: what a
 * cut notification points to, for email and chat alike (a Slack-only deployment has no email).
 * Run with credentials of the job's account.
 */
export function fullReportCommand(report: Report): string {
  const { name, type, region } = report.job;
  const kind = jobKindOfType(type);
  const job =
    name.length > MAX_NAME_IN_COMMAND ? 'NAME' : SHELL_WORD.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
  const parts = ['sagemaker-access-doctor diagnose --job', job];
  if (kind !== undefined) parts.push('--job-type', kind);
  if (SHELL_WORD.test(region)) parts.push('--region', region);
  return parts.join(' ');
}
