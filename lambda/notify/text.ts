/**
 * The notification as plain text for email (and every subscriber without its own format): what
 * failed, why, and what to run to fix it, readable top to bottom in one pass.
 */
import type { Patch, Report } from '../diagnosis/report';
import { causeTitle, jobWords, primaryCause } from './summary';

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
export const MAX_FAILURE_REASON_LENGTH = 1_000;

export function renderPlainText(report: Report): string {
  const { job, failure } = report;
  const lines: string[] = [];
  const denied = report.checks.filter(
    (check) => check.decision === 'ExplicitlyDenied' || check.decision === 'ImplicitlyDenied',
  ).length;
  lines.push(`SageMaker ${jobWords(report)} '${job.name}' failed: ${CATEGORY_WORDS[failure.category]}.`);
  lines.push(
    report.findings.length > 0
      ? `Cause: ${primaryCause(report)}. ${report.findings.length} finding(s), ${denied} of ${report.checks.length} checked accesses denied.`
      : `${report.checks.length} accesses checked, ${denied} denied: no permission finding.`,
  );
  lines.push('');
  lines.push(`Job:     ${job.arn}`);
  lines.push(`Account: ${job.account}   Region: ${job.region}`);
  lines.push(`Role:    ${job.roleArn}`);
  if (job.failureReason) lines.push(`Reason:  ${truncate(job.failureReason, MAX_FAILURE_REASON_LENGTH)}`);

  if (report.findings.length > 0) {
    lines.push('', 'FINDINGS');
    report.findings.forEach((finding, index) => {
      const what = [
        finding.action,
        finding.resource && `on ${finding.resource}`,
        finding.purpose && `(${finding.purpose})`,
      ]
        .filter(Boolean)
        .join(' ');
      lines.push(`${index + 1}. ${finding.cause}${what ? `: ${what}` : ''}`);
      const title = causeTitle(finding.cause);
      if (title) lines.push(`   ${title}.`);
      lines.push(`   ${finding.explanation}`);
    });
  }

  const patches = uniquePatches(report);
  if (patches.length > 0) {
    lines.push('', 'HOW TO FIX');
    patches.forEach((patch, index) => {
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

/** Every distinct patch of the report, in the order of the findings. */
export function uniquePatches(report: Report): Patch[] {
  const seen = new Set<string>();
  const patches: Patch[] = [];
  for (const finding of report.findings) {
    if (!finding.patch) continue;
    const key = JSON.stringify(finding.patch);
    if (seen.has(key)) continue;
    seen.add(key);
    patches.push(finding.patch);
  }
  return patches;
}

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 3)}...`;
