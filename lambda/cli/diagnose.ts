/**
 * `sagemaker-access-doctor diagnose` (README.md, CLI): offline on a snapshot with an
 * event or a job name, or live on AWS (lambda/cli/diagnose-live.ts).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors';
import { diagnose } from '../diagnosis/diagnose';
import { parseFailureEvent, type FailureEvent } from '../diagnosis/events';
import { JOB_KINDS, jobKind, type JobKind } from '../job-kinds';
import { renderText } from '../diagnosis/render-text';
import { loadSnapshot, parseJson } from '../evidence/snapshot/load';
import { SnapshotEvidence } from '../evidence/snapshot/snapshot-evidence';
import type { Snapshot } from '../evidence/snapshot/types';
import { command, exitCodesHelp, parseFlags, PROGRAM } from './command-line';
import type { CommandIO } from './io';

interface Flags {
  snapshot?: string;
  event?: string;
  job?: string;
  'job-type'?: string;
  format?: string;
  region?: string;
  profile?: string;
  record?: string;
}

function definition() {
  return command('diagnose')
    .usage(
      '--snapshot SNAPSHOT.json --event EVENT.json [--format json|text]\n' +
        `       ${PROGRAM} diagnose --snapshot SNAPSHOT.json --job NAME [--job-type TYPE]\n` +
        `       ${PROGRAM} diagnose --job NAME [--job-type TYPE] [--region R] [--profile P] [--record SNAPSHOT.json]`,
    )
    .description(
      'Diagnoses why a SageMaker job failed with AccessDenied: offline from an account snapshot and the ' +
        "failure's EventBridge event or the job's name, or live on AWS with --job alone.",
    )
    .option('--snapshot <file>', 'the account snapshot to diagnose offline (docs/formats.md)')
    .option('--event <file>', 'the EventBridge event of the failure, as the Lambda receives it')
    .option('--job <name>', 'the job to look up: in the snapshot with --snapshot, else in AWS (live)')
    .option('--job-type <type>', `the kind of job --job names: ${JOB_KINDS.join(', ')}`)
    .option(
      '--format <format>',
      'json: the report object; text: a readable report (default: text on a terminal, json otherwise)',
    )
    .option('--region <region>', "live: the AWS Region of the job (default: the profile's or environment's)")
    .option('--profile <profile>', 'live: the AWS CLI profile whose credentials read the account')
    .option('--record <file>', 'live: also write every piece of evidence read, as a snapshot --snapshot replays')
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
function readEventFile(file: string): FailureEvent {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${file}: cannot read the event file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path given to --event`,
    );
  }
  const event = parseJson(text, file);
  try {
    return parseFailureEvent(event);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`, { cause: error });
    throw error;
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
  if (format !== 'json' && format !== 'text')
    throw new InputError(`--format must be 'json' or 'text', not '${format}'`);
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
    const { runLiveDiagnose } = await import('./diagnose-live');
    return runLiveDiagnose({
      job: flags.job,
      jobType: jobType as JobKind | undefined,
      region: flags.region,
      profile: flags.profile,
      record: flags.record,
      format,
      io,
    });
  }
  if (flags.record !== undefined)
    throw new InputError('--record writes what live AWS answered: it does not go with --snapshot');
  if (flags.event === undefined && flags.job === undefined)
    throw new InputError('give --event EVENT.json or --job NAME with --snapshot');

  const snapshot = loadSnapshot(flags.snapshot);
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
      throw new InputError(`${flags.event}: ${error.message}`, { cause: error });
    }
    throw error;
  });
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report, { color: io.isTTY }));
  return 0;
}
