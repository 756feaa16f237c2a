/**
 * The notification as plain text for email (and every subscriber without its own format): what
 * failed, then HOW TO FIX with every command, then the findings grouped by cause and resource,
 * then what could not be read.
 *
 * The text is built to a size (SNS's 256 KB, shared with the chat document: publish.ts) in the
 * order a reader needs it, so that what is left out is never the fix: each part is added whole
 * (a fix with all its steps and commands, a group of findings) while it fits, and a part that
 * does not fit is left out, never cut, with a line that says what is missing and the command that
 * prints the whole report. Sizes are counted as SNS counts them: UTF-8 bytes inside the JSON
 * message (fit.ts `jsonBytes`).
 */
import type { Report } from '../diagnosis/report';
import { reportFacts } from '../diagnosis/report-facts';
import { jsonBytes } from './fit';
import { findingGroups } from './groups';
import { fullReportCommand } from './summary';

const CATEGORY_WORDS: Record<Report['failure']['category'], string> = {
  none: 'no failure reason was given',
  trust: 'SageMaker could not assume the execution role',
  network: 'the job could not reach S3 from its VPC',
  'access-denied': 'access was denied',
  capacity: 'SageMaker had no capacity for it (not a permissions problem)',
  internal: 'an internal SageMaker error (not a permissions problem)',
  algorithm: 'the algorithm or training code failed (not a permissions problem)',
  other: 'a failure this tool does not classify',
};

/** Notification texts are cut here: SNS messages are at most 256 KB, chat renders far less. */
const MAX_FAILURE_REASON_LENGTH = 1_000;
/** Names and ARNs are shown up to this length (AWS's own are far shorter: an ARN is at most 2,048). */
const MAX_NAME_LENGTH = 2_048;
/** A finding's explanation and an unread piece of evidence are prose: shown up to this length. */
const MAX_PROSE_LENGTH = 1_000;
/** Kept free, whatever was added, for the lines that say what was left out and the signature. */
const NOTICES_BYTES = 4 * 1024;

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;

/** Lines of text and their size, added whole or not at all. */
class Budget {
  public readonly lines: string[] = [];
  private used = 0;

  public constructor(private readonly maxBytes: number) {}

  /** The bytes `lines` take in the message, each with its line break. */
  public static size(lines: string[]): number {
    return lines.reduce((sum, line) => sum + jsonBytes(line) + 2, 0);
  }

  /** Adds lines that must be there (the job, the signature: bounded by the caps on their fields). */
  public force(lines: string[]): void {
    this.lines.push(...lines);
    this.used += Budget.size(lines);
  }

  /** Adds the lines if they fit with `reserve` bytes left; says whether they were added. */
  public add(lines: string[], reserve = NOTICES_BYTES): boolean {
    const size = Budget.size(lines);
    if (this.used + size + reserve > this.maxBytes) return false;
    this.lines.push(...lines);
    this.used += size;
    return true;
  }
}

/**
 * The email text of a report, in at most `maxBytes` bytes (as SNS counts them); without a size,
 * the whole report.
 */
export function renderPlainText(report: Report, maxBytes = Number.POSITIVE_INFINITY): string {
  const { job, failure } = report;
  const facts = reportFacts(report);
  const groups = findingGroups(facts);
  const budget = new Budget(maxBytes);
  const name = (text: string) => truncate(text, MAX_NAME_LENGTH);
  const left: string[] = [];

  const { denied, total } = facts.checks;
  const head = [
    facts.outcome === 'failed'
      ? `SageMaker ${facts.jobLabel} '${name(job.name)}' failed: ${CATEGORY_WORDS[failure.category]}.`
      : `SageMaker ${facts.jobLabel} '${name(job.name)}' will fail: the checks of its request deny access it needs (early warning, before it runs).`,
    report.findings.length > 0
      ? `Cause: ${facts.primaryCause}. ${report.findings.length} finding(s)${groups.length < report.findings.length ? ` in ${groups.length} group(s) by cause and resource` : ''}, ${denied} of ${total} checked accesses denied.`
      : `${total} accesses checked, ${denied} denied: no permission finding.`,
    '',
    `Job:     ${name(job.arn)}`,
    `Account: ${name(job.account)}   Region: ${name(job.region)}`,
    `Role:    ${name(job.roleArn)}`,
  ];
  if (job.failureReason) head.push(`Reason:  ${truncate(job.failureReason, MAX_FAILURE_REASON_LENGTH)}`);
  budget.force(head);

  if (facts.patches.length > 0) {
    budget.force(['', 'HOW TO FIX']);
    let omitted = 0;
    facts.patches.forEach(({ patch, runAs, replaces }, index) => {
      const header = `${index + 1}. ${patch.kind} on ${name(patch.target)}${patch.policyName ? ` (inline policy '${name(patch.policyName)}')` : ''}`;
      const lines = [
        header,
        ...(patch.steps ?? []).map((step) => `   - ${step}`),
        ...(runAs !== undefined && patch.commands?.length
          ? [`   Run as account ${runAs} (with its credentials):`]
          : []),
        ...(patch.commands ?? []).map((command) => `   $ ${command}`),
        ...(replaces !== undefined
          ? [
              `   This replaces the whole ${replaces} as it was read for this report: diagnose again if it may have changed since.`,
            ]
          : []),
      ];
      if (budget.add(lines)) return;
      omitted += 1;
      // Named still, so that the findings' "Fix: HOW TO FIX N" always finds its N.
      budget.add([header, '   (left out: too long for this message; the full report below has it)']);
    });
    if (omitted > 0) left.push(`${omitted} of ${facts.patches.length} fix(es), too long for this message`);
  }

  if (groups.length > 0) {
    budget.add(['', 'FINDINGS (by cause and resource)']);
    const shown = groups.findIndex((group, index) => {
      const what = [
        group.actions.join(', '),
        group.resource && `on ${name(group.resource)}`,
        group.purposes.length > 0 && `(${group.purposes.join('; ')})`,
      ]
        .filter(Boolean)
        .join(' ');
      const count = group.findings.length > 1 ? ` [${group.findings.length} findings]` : '';
      const lines = [`${index + 1}. ${group.cause}${what ? `: ${what}` : ''}${count}`];
      if (group.title) lines.push(`   ${group.title}.`);
      lines.push(`   ${truncate(group.findings[0].finding.explanation, MAX_PROSE_LENGTH)}`);
      if (group.patches.length > 0) lines.push(`   Fix: HOW TO FIX ${group.patches.map((at) => at + 1).join(', ')}.`);
      return !budget.add(lines);
    });
    if (shown >= 0) left.push(`${groups.length - shown} of ${groups.length} group(s) of findings`);
  }

  if (report.incomplete.length > 0) {
    budget.add(['', 'NOT READ (the diagnosis could not see these; a cause may hide there)']);
    const shown = report.incomplete.findIndex(
      (entry) => !budget.add([`- ${truncate(`${entry.what}: ${entry.why}`, MAX_PROSE_LENGTH)}`]),
    );
    if (shown >= 0) left.push(`${report.incomplete.length - shown} of ${report.incomplete.length} unread piece(s)`);
  }

  if (left.length > 0) {
    budget.force([
      '',
      `[cut: the report is longer than an SNS message may be; left out: ${left.join('; ')}.`,
      ` The full report: ${fullReportCommand(report)}   (credentials of account ${truncate(job.account, 64)})]`,
    ]);
  }
  budget.force(['', '-- SageMaker Access Doctor']);
  return `${budget.lines.join('\n')}\n`;
}
