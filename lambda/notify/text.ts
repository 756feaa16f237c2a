/**
 * The notification as plain text for email (and every subscriber without its own format): what
 * failed, why, and what to run to fix it, readable top to bottom in one pass.
 */
import type { Report } from '../diagnosis/report';
import { reportFacts } from '../diagnosis/report-facts';

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

export function renderPlainText(report: Report): string {
  const { job, failure } = report;
  const facts = reportFacts(report);
  const lines: string[] = [];
  const { denied, total } = facts.checks;
  lines.push(
    facts.outcome === 'failed'
      ? `SageMaker ${facts.jobLabel} '${job.name}' failed: ${CATEGORY_WORDS[failure.category]}.`
      : `SageMaker ${facts.jobLabel} '${job.name}' will fail: the checks of its request deny access it needs (early warning, before it runs).`,
  );
  lines.push(
    report.findings.length > 0
      ? `Cause: ${facts.primaryCause}. ${report.findings.length} finding(s), ${denied} of ${total} checked accesses denied.`
      : `${total} accesses checked, ${denied} denied: no permission finding.`,
  );
  lines.push('');
  lines.push(`Job:     ${job.arn}`);
  lines.push(`Account: ${job.account}   Region: ${job.region}`);
  lines.push(`Role:    ${job.roleArn}`);
  if (job.failureReason) lines.push(`Reason:  ${truncate(job.failureReason, MAX_FAILURE_REASON_LENGTH)}`);

  if (report.findings.length > 0) {
    lines.push('', 'FINDINGS');
    facts.findings.forEach(({ finding, number, title }) => {
      const what = [
        finding.action,
        finding.resource && `on ${finding.resource}`,
        finding.purpose && `(${finding.purpose})`,
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(`${number}. ${finding.cause}${what ? `: ${what}` : ''}`);
      if (title) lines.push(`   ${title}.`);
      lines.push(`   ${finding.explanation}`);
    });
  }

  if (facts.patches.length > 0) {
    lines.push('', 'HOW TO FIX');
    facts.patches.forEach(({ patch }, index) => {
      lines.push(
        `${index + 1}. ${patch.kind} on ${patch.target}${patch.policyName ? ` (inline policy '${patch.policyName}')` : ''}`,
      );
      for (const step of patch.steps ?? []) lines.push(`   - ${step}`);
      for (const command of patch.commands ?? []) lines.push(`   $ ${command}`);
    });
  }

  if (report.incomplete.length > 0) {
    lines.push('', 'NOT READ (the diagnosis could not see these; a cause may hide there)');
    for (const entry of report.incomplete) lines.push(`- ${entry.what}: ${entry.why}`);
  }
  lines.push('', '-- SageMaker Access Doctor');
  return `${lines.join('\n')}\n`;
}

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;
