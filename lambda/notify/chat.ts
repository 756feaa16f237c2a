/**
 * The notification for chat channels (Slack, Microsoft Teams) through Amazon Q Developer in
 * chat applications (formerly AWS Chatbot): its custom-notification document
 * (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html). A document that
 * does not match the schema is dropped silently, so the shape is fixed here and tested.
 */
import type { Report } from '../diagnosis/report';
import { causeTitle, reportFacts } from '../diagnosis/report-facts';
import { subject } from './summary';
import { truncate } from './text';

export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

/** Our caps, well inside what chat applications render in one message. */
const MAX_TITLE_LENGTH = 250;
const MAX_DESCRIPTION_LENGTH = 8_000;
const MAX_NEXT_STEPS = 8;
const MAX_NEXT_STEP_LENGTH = 1_500;

const CHAT_EVENT_TYPE = 'SageMakerAccessDiagnosis';

export function chatNotification(report: Report, id: string): ChatNotification {
  const facts = reportFacts(report);
  const cause = facts.primaryCause;
  const lines: string[] = [];
  lines.push(
    facts.outcome === 'failed'
      ? `*${facts.jobLabel}* \`${report.job.name}\` in account ${report.job.account} (${report.job.region}) failed: *${report.failure.category}*.`
      : `*${facts.jobLabel}* \`${report.job.name}\` in account ${report.job.account} (${report.job.region}) *will fail*: its checks deny access it needs (early warning).`,
  );
  if (report.job.failureReason) lines.push(`> ${truncate(report.job.failureReason, 500).replace(/\n/g, ' ')}`);
  for (const finding of report.findings.slice(0, 10)) {
    const where = [finding.action && `\`${finding.action}\``, finding.resource && `on \`${finding.resource}\``]
      .filter(Boolean)
      .join(' ');
    lines.push(`• *${finding.cause}*${where ? ` ${where}` : ''}: ${finding.explanation}`);
  }
  if (report.findings.length > 10)
    lines.push(`… and ${report.findings.length - 10} more finding(s): see the email report.`);
  if (report.incomplete.length > 0)
    lines.push(`_${report.incomplete.length} piece(s) of evidence could not be read: see the email report._`);

  const nextSteps = facts.patches
    .flatMap(({ patch }) => [...(patch.steps ?? []), ...(patch.commands ?? []).map((command) => `\`${command}\``)])
    .slice(0, MAX_NEXT_STEPS)
    .map((step) => truncate(step, MAX_NEXT_STEP_LENGTH));

  return {
    version: '1.0',
    source: 'custom',
    id,
    content: {
      textType: 'client-markdown',
      title: truncate(`:rotating_light: ${subject(report)}`, MAX_TITLE_LENGTH),
      description: truncate(lines.join('\n'), MAX_DESCRIPTION_LENGTH),
      nextSteps,
      keywords: [cause, report.job.type, report.job.account],
    },
    metadata: {
      threadId: report.job.arn,
      summary: truncate(causeTitle(cause) ?? subject(report), MAX_TITLE_LENGTH),
      eventType: CHAT_EVENT_TYPE,
      relatedResources: [report.job.arn, report.job.roleArn].filter((resource) => resource !== ''),
      additionalContext: {
        cause,
        jobType: report.job.type,
        account: report.job.account,
        severity: facts.severity,
      },
    },
  };
}
