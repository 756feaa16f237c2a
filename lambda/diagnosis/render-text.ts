/**
 * The report as text for a person at a terminal: what failed, why (each finding with its
 * cause code), what to change. ANSI colour only when asked (the CLI asks on a TTY). Titles,
 * patches and counts are the report's facts (report-facts.ts), which the notifications share:
 * a patch that several findings need is printed once, at the first of them.
 */
import { reportFacts, type FindingFact, type PatchFact } from './report-facts';
import type { CheckResult, ListedObjects, Report } from './report';
import { printableJson } from '../printable';

interface Style {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLOR: Style = { bold: ansi(1), red: ansi(31), green: ansi(32), yellow: ansi(33), dim: ansi(2) };
const PLAIN: Style = { bold: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s };

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((line) => by + line)
    .join('\n');

/** What each resource policy patch replaces, for the warning that it is the whole document. */
/** The patch's lines: the account that runs it when not the job's, and what its command replaces. */
function patchLines({ patch, runAs: other, replaces: replaced }: PatchFact, style: Style): string[] {
  const lines: string[] = [];
  const inAccount = other ? `, in account ${other}` : '';
  if (patch.kind === 'manual' || patch.kind === 'job-config') {
    const what = patch.kind === 'manual' ? 'manual' : "the job's configuration";
    lines.push(style.bold(`What to change (${what}, ${patch.target}${inAccount}):`));
    for (const step of patch.steps ?? []) lines.push(`  - ${step}`);
  } else {
    const name = patch.policyName ? `, policy '${patch.policyName}'` : '';
    const heading =
      patch.kind === 'statement-for-owner'
        ? `Statements for the owner${other ? ` (account ${other})` : ''} to add to the policy of ${patch.target}:`
        : `Fix (${patch.kind} on ${patch.target}${name}):`;
    lines.push(style.bold(heading));
    lines.push(indent(JSON.stringify(patch.document, null, 2), '  '));
    for (const step of patch.steps ?? []) lines.push(style.yellow(`  ! ${step}`));
  }
  if (patch.commands?.length) {
    lines.push(style.bold(other ? `Run as account ${other} (with its credentials):` : 'Run:'));
    for (const command of patch.commands) lines.push(`  ${command}`);
    if (replaced)
      lines.push(
        style.dim(
          `  This replaces the whole ${replaced} with the document above, built from the ${replaced} as it was read for this report: if it may have changed since, diagnose again before running it.`,
        ),
      );
  }
  return lines;
}

/** "300 listed objects, for example a.csv, b.csv, ... (10 of 300)" */
function objectsLine(objects: ListedObjects): string {
  const noun = objects.count === 1 ? 'listed object' : 'listed objects';
  const more = objects.count > objects.examples.length ? `, ... (${objects.examples.length} named)` : '';
  return `${objects.count} ${noun}: ${objects.examples.join(', ')}${more}`;
}

function findingLines(fact: FindingFact, patches: PatchFact[], style: Style): string[] {
  const { finding, number: n } = fact;
  const title = fact.title ?? finding.cause;
  const what = [finding.action, finding.resource].filter(Boolean).join(' on ');
  const lines = [`${style.bold(`${n}. ${style.red(finding.cause)}`)}  ${title}`];
  if (what) lines.push(`   ${what}`);
  if (finding.purpose || finding.location)
    lines.push(style.dim(`   ${[finding.purpose, finding.location].filter(Boolean).join(' - ')}`));
  if (finding.objects) lines.push(`   ${objectsLine(finding.objects)}`);
  lines.push(indent(finding.explanation, '   '));
  if (fact.patch !== undefined) {
    const patch = patches[fact.patch];
    if (patch.findings[0] !== n) lines.push(`   Fix: the same patch as finding ${patch.findings[0]}.`);
    else lines.push(...patchLines(patch, style).map((l) => indent(l, '   ')));
  }
  return lines;
}

function decisionWord(check: CheckResult, style: Style): string {
  switch (check.decision) {
    case 'Allowed':
      return style.green('allowed ');
    case 'Unknown':
      return style.yellow('unknown ');
    default:
      return style.red('DENIED  ');
  }
}

/**
 * The report as text; `color` adds ANSI colours. Its texts come from policies and events: their
 * escape sequences and control characters are removed first (lambda/printable.ts), so that only
 * our own colours reach the terminal. Patch documents are printed as JSON, which escapes them.
 */
export function renderText(shown: Report, options: { color?: boolean } = {}): string {
  const report = printableJson(shown, (key) => key === 'document');
  const style = options.color ? COLOR : PLAIN;
  const { job, failure } = report;
  const facts = reportFacts(report);
  const lines: string[] = [];
  lines.push(style.bold(`SageMaker Access Doctor: ${job.type} ${job.name}`));
  lines.push(`  account ${job.account}, ${job.region}; status ${job.status ?? 'unknown'}`);
  lines.push(`  role ${job.roleArn}`);
  if (job.failureReason) lines.push(`  failure reason: ${job.failureReason}`);
  const said = [failure.action, failure.resource].filter(Boolean).join(' on ');
  lines.push(
    `  category: ${failure.category}${said ? ` (${said}${failure.policyType ? `, ${failure.policyType} policy` : ''})` : ''}`,
  );
  lines.push('');

  if (report.findings.length === 0) {
    lines.push(style.green('No access of the job is denied.'));
  } else {
    lines.push(style.bold(`Findings (${report.findings.length})`));
    for (const fact of facts.findings) lines.push(...findingLines(fact, facts.patches, style), '');
  }

  const { allowed, denied, unknown } = facts.checks;
  lines.push('');
  lines.push(style.bold(`Checks: ${allowed} allowed, ${denied} denied, ${unknown} unknown`));
  for (const check of report.checks) {
    const blocked = check.blockedBy.length ? `  [${check.blockedBy.join(', ')}]` : '';
    const objects = check.objects && check.objects.count > 1 ? ` (${check.objects.count} listed objects)` : '';
    lines.push(
      `  ${decisionWord(check, style)}${check.action} on ${check.resource}${objects}${blocked}  ${style.dim(check.purpose)}`,
    );
  }
  if (report.incomplete.length > 0) {
    lines.push('');
    lines.push(style.bold(style.yellow(`Incomplete evidence (${report.incomplete.length})`)));
    for (const gap of report.incomplete) lines.push(`  - ${gap.what}: ${gap.why}`);
  }
  return `${lines.join('\n')}\n`;
}
