/**
 * The notification for chat channels (Slack, Microsoft Teams) through Amazon Q Developer in
 * chat applications (formerly AWS Chatbot): its custom-notification document
 * (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html). A document that
 * does not match the schema is dropped silently, so the shape is fixed here and tested.
 *
 * A chat message is small, and a chat channel may be the only subscriber (no email to refer
 * to), so the document is built to its limits in the order a reader needs it: the job and the
 * failure, the groups of findings (description); the fixes (`nextSteps`), each command whole or,
 * when it does not fit, named in words with the command that prints the whole report. Text is
 * markdown-escaped (markdown.ts). Sizes (docs/lambda.md, "Chat document"):
 * - a text block of a Slack message holds at most 3,000 characters
 *   (https://api.slack.com/reference/block-kit/blocks#section): the description and every next
 *   step are at most that;
 * - a Microsoft Teams message is at most 28 KB
 *   (https://learn.microsoft.com/en-us/microsoftteams/limits-specifications-teams#chat): the whole
 *   document is at most MAX_CHAT_BYTES, counted as JSON.
 */
import type { Report } from '../diagnosis/report';
import { causeTitle, reportFacts, type PatchFact } from '../diagnosis/report-facts';
import { fitJsonString, jsonBytes } from './fit';
import { findingGroups } from './groups';
import { codeSpan, escapeMarkdown, markdownText } from './markdown';
import { fullReportCommand, subject } from './summary';
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

/** Our caps, inside what chat applications render in one message (see above). */
const MAX_TITLE_LENGTH = 250;
const MAX_DESCRIPTION_LENGTH = 3_000;
export const MAX_NEXT_STEPS = 8;
export const MAX_NEXT_STEP_LENGTH = 3_000;
/** The whole document, as JSON: inside Microsoft Teams' 28 KB with room for Amazon Q's own framing. */
export const MAX_CHAT_BYTES = 24 * 1024;
/** Identifiers (the id, ARNs, names in the metadata) are kept to this many bytes: AWS's own are far shorter. */
const MAX_IDENTIFIER_BYTES = 1_024;
/** The failure text quoted in the description. */
const MAX_REASON_LENGTH = 500;

const CHAT_EVENT_TYPE = 'SageMakerAccessDiagnosis';
/**
 * U+1F6A8 POLICE CARS REVOLVING LIGHT: a Unicode emoji renders in Slack and Microsoft Teams
 * alike, where the Slack short code `:rotating_light:` shows as text in Teams.
 */
const ALERT = '\u{1F6A8}';

const identifier = (text: string): string => fitJsonString(text, MAX_IDENTIFIER_BYTES, '…');

/** Prose cut at a space before `max` characters (an ARN cut in two would read as another ARN). */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max - 1);
  return `${text.slice(0, space > max * 0.8 ? space : max - 1)}…`;
}

export function chatNotification(report: Report, id: string): ChatNotification {
  const facts = reportFacts(report);
  const cause = facts.primaryCause;
  const full = `the full report: ${codeSpan(fullReportCommand(report))}`;
  const document: ChatNotification = {
    version: '1.0',
    source: 'custom',
    id: identifier(id),
    content: {
      textType: 'client-markdown',
      title: truncate(`${ALERT} ${escapeMarkdown(subject(report))}`, MAX_TITLE_LENGTH),
      description: description(report, full),
      nextSteps: [],
      keywords: [cause, report.job.type, report.job.account].map(identifier),
    },
    metadata: {
      threadId: identifier(report.job.arn),
      summary: truncate(causeTitle(cause) ?? subject(report), MAX_TITLE_LENGTH),
      eventType: CHAT_EVENT_TYPE,
      relatedResources: [report.job.arn, report.job.roleArn].filter((resource) => resource !== '').map(identifier),
      additionalContext: {
        cause: identifier(cause),
        jobType: identifier(report.job.type),
        account: identifier(report.job.account),
        severity: facts.severity,
      },
    },
  };
  document.content.nextSteps = nextSteps(
    facts.patches,
    MAX_CHAT_BYTES - Buffer.byteLength(JSON.stringify(document)),
    full,
  );
  return document;
}

/** The job, the failure text, the groups of findings while they fit, and what was left out. */
function description(report: Report, full: string): string {
  const facts = reportFacts(report);
  const { job } = report;
  const lines = [
    `*${escapeMarkdown(facts.jobLabel)}* ${codeSpan(truncate(job.name, 256))} in account ${codeSpan(truncate(job.account, 64))} (${codeSpan(truncate(job.region, 64))}) ` +
      (facts.outcome === 'failed'
        ? `failed: *${escapeMarkdown(report.failure.category)}*.`
        : '*will fail*: its checks deny access it needs (early warning).'),
  ];
  if (job.failureReason)
    lines.push(`> ${markdownText(shorten(job.failureReason, MAX_REASON_LENGTH).replace(/\n/g, ' '))}`);
  const groups = findingGroups(facts);
  const tail = (shown: number) => {
    const notes: string[] = [];
    if (shown < groups.length) notes.push(`… and ${groups.length - shown} more group(s) of findings`);
    if (report.incomplete.length > 0) notes.push(`${report.incomplete.length} piece(s) of evidence could not be read`);
    return notes.length > 0 ? [`_${notes.join('; ')}:_ ${full}`] : [];
  };
  // Room for the last line, whatever it counts.
  const reserve = tail(0).join('\n').length + 1;
  let used = lines.join('\n').length;
  let shown = 0;
  for (const group of groups) {
    const where = [
      group.actions.map(codeSpan).join(', '),
      group.resource !== undefined && `on ${codeSpan(truncate(group.resource, 512))}`,
    ]
      .filter(Boolean)
      .join(' ');
    const count = group.findings.length > 1 ? ` (${group.findings.length} findings)` : '';
    const explanation = markdownText(shorten(group.findings[0].finding.explanation, 500));
    const line = `• ${codeSpan(group.cause)}${where ? ` ${where}` : ''}${count}: ${explanation}`;
    if (used + line.length + 1 + reserve > MAX_DESCRIPTION_LENGTH) break;
    lines.push(line);
    used += line.length + 1;
    shown += 1;
  }
  return truncate([...lines, ...tail(shown)].join('\n'), MAX_DESCRIPTION_LENGTH);
}

/**
 * The fixes, in order: each patch's steps (escaped) and commands (code spans), all of a patch's
 * items or none. A patch that does not fit (more items than are left, a command longer than a next
 * step may be, or no room left in `maxBytes`) is named in words instead, and the last step then
 * gives `full`, the command that prints every fix whole.
 */
function nextSteps(patches: PatchFact[], maxBytes: number, full: string): string[] {
  const steps: string[] = [];
  let used = 0;
  let unnamed = 0;
  let cut = false;
  const cost = (items: string[]) => items.reduce((sum, item) => sum + jsonBytes(item) + 3, 0);
  const pointer = () =>
    `${unnamed > 0 ? `${unnamed} more fix(es); ` : ''}every fix with its commands whole is in ${full}`;
  // Room for the last step, whatever count it names.
  const reserve = cost([`${patches.length} more fix(es); every fix with its commands whole is in ${full}`]);
  patches.forEach(({ patch, runAs }, index) => {
    // Another account's commands say so first: run with the job account's credentials they fail.
    const runAsItem =
      runAs !== undefined && patch.commands?.length ? [`Run as account ${runAs} (with its credentials):`] : [];
    const items = [...(patch.steps ?? []).map(markdownText), ...runAsItem, ...(patch.commands ?? []).map(codeSpan)];
    if (items.length === 0) return;
    const last = index === patches.length - 1 && !cut;
    const slots = MAX_NEXT_STEPS - steps.length - (last ? 0 : 1);
    const room = maxBytes - used - (last ? 0 : reserve);
    if (items.length <= slots && items.every((item) => item.length <= MAX_NEXT_STEP_LENGTH) && cost(items) <= room) {
      steps.push(...items);
      used += cost(items);
      return;
    }
    cut = true;
    const words = [
      `Fix ${index + 1}: ${escapeMarkdown(patch.kind)} on ${codeSpan(truncate(patch.target, 512))}` +
        `${patch.policyName ? ` (policy ${codeSpan(truncate(patch.policyName, 128))})` : ''}: too long for a chat message.`,
    ];
    if (slots - 1 >= 1 && cost(words) <= maxBytes - used - reserve) {
      steps.push(...words);
      used += cost(words);
    } else {
      unnamed += 1;
    }
  });
  return cut ? [...steps, pointer()] : steps;
}
