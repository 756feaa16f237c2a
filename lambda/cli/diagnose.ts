/**
 * `sagemaker-access-doctor diagnose` (README.md, CLI): offline on a snapshot with an
 * event or a job name, or live on AWS (lambda/cli/diagnose-live.ts).
 */
import { InputError } from '../errors';
import { diagnose } from '../diagnosis/diagnose';
import { parseFailureEvent, type FailureEvent } from '../diagnosis/events';
import { JOB_KINDS, jobKind, type JobKind } from '../job-kinds';
import { renderText } from '../diagnosis/render-text';
import { loadSnapshot, parseJson } from '../evidence/snapshot/load';
import { SnapshotEvidence } from '../evidence/snapshot/snapshot-evidence';
import type { Snapshot } from '../evidence/snapshot/types';
import { command, exitCodesHelp, parseFlags, PROGRAM } from './command-line';
import { nameOf, outputPathOf, readTextArgument } from './file-argument';
import type { Report } from '../diagnosis/report';
import type { PreviewSource } from '../notify/preview';
import { colorOf, type CommandIO } from './io';

/** `--format`: the report (json, text) or the notification the Lambda publishes for it (email, chat). */
export const DIAGNOSE_FORMATS = ['json', 'text', 'email', 'chat'] as const;
export type DiagnoseFormat = (typeof DIAGNOSE_FORMATS)[number];

interface Flags {
  snapshot?: string;
  event?: string;
  job?: string;
  'job-type'?: string;
  format?: string;
  region?: string;
  profile?: string;
  record?: string;
  crossAccountRole?: string;
}

function definition() {
  return command('diagnose')
    .usage(
      '--snapshot SNAPSHOT.json --event EVENT.json [--format json|text|email|chat]\n' +
        `       ${PROGRAM} diagnose --snapshot SNAPSHOT.json --job NAME [--job-type TYPE]\n` +
        `       ${PROGRAM} diagnose --job NAME|ARN [--job-type TYPE] [--region R] [--profile P] [--cross-account-role NAME] [--record SNAPSHOT.json]`,
    )
    .description(
      'Diagnoses why a SageMaker job failed with AccessDenied: offline from an account snapshot and the ' +
        "failure's EventBridge event or the job's name, or live on AWS with --job alone.",
    )
    .option('--snapshot <file>', 'the account snapshot to diagnose offline (docs/formats.md)')
    .option('--event <file>', 'the EventBridge event of the failure, as the Lambda receives it')
    .option(
      '--job <name>',
      "the job to look up: in the snapshot with --snapshot, else in AWS (live; a job's ARN names its account and Region)",
    )
    .option('--job-type <type>', `the kind of job --job names: ${JOB_KINDS.join(', ')}`)
    .option(
      '--format <format>',
      'json: the report object; text: a readable report (default: text on a terminal, json otherwise); ' +
        'email, chat: the notification exactly as the Lambda publishes it (the email text, the chat document)',
    )
    .option('--region <region>', "live: the AWS Region of the job (default: the profile's or environment's)")
    .option('--profile <profile>', 'live: the AWS CLI profile whose credentials read the account')
    .option(
      '--cross-account-role <name>',
      "live: the role of this name is assumed in the organization's other accounts (organizations:ListAccounts) " +
        'to read their jobs, buckets, keys and repositories; run from the management account or a delegated administrator',
    )
    .option(
      '--record <file>',
      'live: also write every piece of evidence read, as a snapshot --snapshot replays (a path or file://PATH)',
    )
    .addHelpText(
      'after',
      exitCodesHelp({
        ok: 'a report was produced, whatever it found',
        unusable: 'unusable input: unreadable or invalid JSON, unknown job, wrong flags',
        internal: 'internal error; live without --event, a Describe call of the job that AWS refused',
      }),
    );
}

/** The flags, or undefined when `--help` was asked for (and printed). */
function parse(argv: string[], io: CommandIO): Flags | undefined {
  const values = parseFlags<Omit<Flags, 'job-type'> & { jobType?: string }>(definition(), argv, io);
  if (values === undefined) return undefined;
  const { jobType, ...rest } = values;
  return { ...rest, ...(jobType !== undefined && { 'job-type': jobType }) };
}

/**
 * Reads and validates the event file; an unreadable, invalid or unsupported one is an
 * InputError naming the file (and, for the event's own problems, the JSON path in it).
 */
function readEventFile(argument: string): FailureEvent {
  const file = nameOf(argument);
  const event = parseJson(readTextArgument(argument, 'the event file', '--event'), file);
  try {
    return parseFailureEvent(event);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The snapshot a `--snapshot` argument names (a path, `file://PATH` or `-`). */
export const readSnapshotArgument = (argument: string): Snapshot =>
  loadSnapshot(nameOf(argument), readTextArgument(argument, 'the snapshot file', '--snapshot'));

/** `--region` and `--profile` choose where live AWS is read: given with `--snapshot`, they would be ignored. */
export function refuseLiveFlags(flags: { region?: string; profile?: string }): void {
  const given = (['region', 'profile'] as const).filter((flag) => flags[flag] !== undefined);
  if (given.length > 0) {
    throw new InputError(
      `${given.map((flag) => `--${flag}`).join(' and ')} choose${given.length === 1 ? 's' : ''} live AWS: ` +
        'it does not go with --snapshot, which is read offline',
    );
  }
}

/** The account of the snapshot that holds a job of that name (the first when several do). */
function accountHolding(snapshot: Snapshot, name: string): string | undefined {
  const accounts = Object.entries(snapshot.accounts);
  const holder = accounts.find(([, account]) =>
    JOB_KINDS.some((kind) => account.sagemaker?.[jobKind(kind).section]?.[name] !== undefined),
  );
  return (holder ?? accounts[0])?.[0];
}

export async function runDiagnose(argv: string[], io: CommandIO): Promise<number> {
  const flags = parse(argv, io);
  if (flags === undefined) return 0;
  const format = flags.format ?? (io.isTTY ? 'text' : 'json');
  if (!(DIAGNOSE_FORMATS as readonly string[]).includes(format))
    throw new InputError(`--format must be one of ${DIAGNOSE_FORMATS.join(', ')}, not '${format}'`);
  const jobType = flags['job-type'];
  if (jobType !== undefined && !(JOB_KINDS as readonly string[]).includes(jobType)) {
    throw new InputError(`--job-type must be one of ${JOB_KINDS.join(', ')}, not '${jobType}'`);
  }
  if (flags.event !== undefined && flags.job !== undefined)
    throw new InputError('give either --event or --job, not both');

  if (flags.snapshot === undefined) {
    if (flags.job === undefined)
      throw new InputError('give --snapshot with --event or --job, or --job alone to diagnose on live AWS');
    if (flags.event !== undefined) throw new InputError('--event needs --snapshot (live mode takes --job)');
    // Refused before any AWS call: `--record -` would mix the snapshot into the report on stdout.
    const record = flags.record === undefined ? undefined : outputPathOf(flags.record, '--record');
    const { runLiveDiagnose } = await import('./diagnose-live');
    return runLiveDiagnose({
      job: flags.job,
      jobType: jobType as JobKind | undefined,
      region: flags.region,
      profile: flags.profile,
      crossAccountRoleName: flags.crossAccountRole,
      record,
      format: format as DiagnoseFormat,
      io,
    });
  }
  if (flags.record !== undefined)
    throw new InputError('--record writes what live AWS answered: it does not go with --snapshot');
  if (flags.crossAccountRole !== undefined)
    throw new InputError('--cross-account-role reads other accounts on live AWS: it does not go with --snapshot');
  refuseLiveFlags(flags);
  if (flags.event === undefined && flags.job === undefined)
    throw new InputError('give --event EVENT.json or --job NAME with --snapshot');

  const snapshot = readSnapshotArgument(flags.snapshot);
  const evidence = new SnapshotEvidence(snapshot);
  const input =
    flags.event !== undefined
      ? { event: readEventFile(flags.event) }
      : {
          job: {
            name: flags.job as string,
            kind: jobType as JobKind | undefined,
            account: accountHolding(snapshot, flags.job as string),
          },
        };
  const report = await diagnose(input, evidence).catch((error: unknown) => {
    // The event's problems name its JSON path; the person also needs to know which file.
    if (error instanceof InputError && flags.event !== undefined && /^event\b/.test(error.message)) {
      throw new InputError(`${nameOf(flags.event)}: ${error.message}`, { cause: error });
    }
    throw error;
  });
  io.stdout(
    await renderReport(report, format as DiagnoseFormat, io, {
      evidence,
      ...(input.event !== undefined && { failure: input.event, event: { detail: input.event.detail } }),
    }),
  );
  return 0;
}

/**
 * The report as `--format` asks: the report object (json), the text report, or the notification
 * the Lambda would publish for it (email, chat: lambda/notify/preview.ts).
 */
export async function renderReport(
  report: Report,
  format: DiagnoseFormat,
  io: CommandIO,
  source: PreviewSource,
): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'text') return renderText(report, { color: colorOf(io) });
  const { notificationPreview } = await import('../notify/preview');
  return notificationPreview(report, format, source);
}
