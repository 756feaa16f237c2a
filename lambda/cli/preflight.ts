/**
 * `sagemaker-access-doctor preflight` (docs/preflight.md): the checks of
 * a job before it is created, from its `Create*` request or a SageMaker Pipelines definition,
 * offline on a snapshot or live on AWS. Exit 0 nothing denied, 3 something denied.
 */
import { InputError } from '../errors';
import { renderText } from '../diagnosis/render-text';
import type { Report } from '../diagnosis/report';
import type { Evidence } from '../evidence/evidence';
import { parseJson } from '../evidence/snapshot/load';
import { SnapshotEvidence } from '../evidence/snapshot/snapshot-evidence';
import type { Snapshot } from '../evidence/snapshot/types';
import { isObject, stringAt, type JsonObject } from '../json';
import { accountOf } from '../diagnosis/layers';
import { PREFLIGHT_KIND_SPECS, PREFLIGHT_KINDS, type PreflightKind } from '../preflight/kinds';
import { pipelineInput } from '../preflight/pipeline';
import { anyDenied, preflight, type PreflightInput } from '../preflight/preflight';
import { command, exitCodesHelp, parseFlags, PROGRAM } from './command-line';
import { nameOf, outputPathOf, readTextArgument } from './file-argument';
import { colorOf, type CommandIO } from './io';
import { readSnapshotArgument, refuseLiveFlags } from './diagnose';

/** Exit code when a check is denied (a CI gate fails on it). */
export const EXIT_DENIED = 3;

interface Flags {
  request?: string;
  'job-type'?: string;
  'pipeline-definition'?: string;
  'pipeline-role'?: string;
  'pipeline-name'?: string;
  caller?: string;
  snapshot?: string;
  format?: string;
  region?: string;
  profile?: string;
  record?: string;
}

function definition() {
  return command('preflight')
    .usage(
      `--request REQUEST.json --job-type ${PREFLIGHT_KINDS.join('|')} [--caller ARN] [--snapshot SNAPSHOT.json | live flags]\n` +
        `       ${PROGRAM} preflight --pipeline-definition DEFINITION.json [--pipeline-role ARN] [--snapshot SNAPSHOT.json | live flags]\n` +
        `       ${PROGRAM} preflight --pipeline-name NAME [--region R] [--profile P]   (live: DescribePipeline)`,
    )
    .description(
      'Checks a SageMaker job before it runs: every access of its execution role (trust, S3, KMS, ECR, VPC) from ' +
        "its Create* request or each job-creating step of a pipeline definition, and the caller's Create* and " +
        'iam:PassRole (docs/preflight.md). Files may be - (standard input) or file://PATH.',
    )
    .option('--request <file>', "the Create* input ('aws sagemaker create-training-job --generate-cli-skeleton' shape)")
    .option(
      '--job-type <type>',
      `the request's kind: ${PREFLIGHT_KINDS.join(', ')} (model: CreateModel; endpoint: CreateEndpoint, its configuration and models read from the snapshot or AWS)`,
    )
    .option('--caller <arn>', 'the role or role session that calls Create* (live default: the current identity)')
    .option(
      '--pipeline-definition <file>',
      "a SageMaker Pipelines definition: DescribePipeline's PipelineDefinition or pipeline.definition()",
    )
    .option('--pipeline-role <arn>', "the pipeline's role, which creates the steps' jobs and passes their roles")
    .option('--pipeline-name <name>', "the pipeline's name (live: its definition and role from DescribePipeline)")
    .option('--snapshot <file>', 'the account snapshot to check offline (docs/formats.md); without it, live AWS')
    .option(
      '--format <format>',
      'json: the report object; text: a readable report (default: text on a terminal, json otherwise)',
    )
    .option('--region <region>', "live: the AWS Region of the job (default: the profile's or environment's)")
    .option('--profile <profile>', 'live: the AWS CLI profile whose credentials read the account')
    .option(
      '--record <file>',
      'live: also write every piece of evidence read, as a snapshot --snapshot replays (a path or file://PATH)',
    )
    .addHelpText(
      'after',
      exitCodesHelp({
        ok: 'no check is denied (3: at least one check is denied, for CI gates)',
        unusable:
          'unusable input: unreadable or invalid JSON, a request or definition without its essential fields, wrong flags',
      }),
    );
}

/** The flags, or undefined when `--help` was asked for (and printed). */
function parse(argv: string[], io: CommandIO): Flags | undefined {
  type Parsed = Omit<Flags, 'job-type' | 'pipeline-definition' | 'pipeline-role' | 'pipeline-name'> & {
    jobType?: string;
    pipelineDefinition?: string;
    pipelineRole?: string;
    pipelineName?: string;
  };
  const values = parseFlags<Parsed>(definition(), argv, io);
  if (values === undefined) return undefined;
  const { jobType, pipelineDefinition, pipelineRole, pipelineName, ...rest } = values;
  return {
    ...rest,
    ...(jobType !== undefined && { 'job-type': jobType }),
    ...(pipelineDefinition !== undefined && { 'pipeline-definition': pipelineDefinition }),
    ...(pipelineRole !== undefined && { 'pipeline-role': pipelineRole }),
    ...(pipelineName !== undefined && { 'pipeline-name': pipelineName }),
  };
}

function requestObject(json: unknown, file: string): JsonObject {
  if (!isObject(json))
    throw new InputError(`${file}: the request must be a JSON object (the Create* input), not ${kindOf(json)}`);
  return json;
}

const kindOf = (value: unknown): string => (Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value);

/**
 * The snapshot account that holds what the request names and no role tells the account of: a
 * transform job's model, an endpoint's configuration.
 */
function accountHolding(snapshot: Snapshot, request: JsonObject): string | undefined {
  const model = stringAt(request, 'ModelName');
  const config = stringAt(request, 'EndpointConfigName');
  return Object.entries(snapshot.accounts).find(
    ([, { sagemaker }]) =>
      (model !== undefined && sagemaker?.models?.[model] !== undefined) ||
      (config !== undefined && sagemaker?.endpointConfigs?.[config] !== undefined),
  )?.[0];
}

/** Where the evidence comes from: a snapshot, or live AWS (preflight-live.ts). */
export interface PreflightSource {
  evidence: Evidence;
  region: string;
  /** Where a job whose request names no role lives. */
  account(request?: JsonObject): string;
  caller?: string;
  /** Live AWS: DescribePipeline's output. */
  describePipeline?(name: string): Promise<Record<string, unknown>>;
  /** Called once the report is made (live: writes `--record`). */
  finish(): void;
}

async function sourceOf(flags: Flags): Promise<PreflightSource> {
  if (flags.snapshot !== undefined) {
    if (flags.record !== undefined)
      throw new InputError('--record writes what live AWS answered: it does not go with --snapshot');
    refuseLiveFlags(flags);
    const snapshot = readSnapshotArgument(flags.snapshot);
    const evidence = new SnapshotEvidence(snapshot);
    const accounts = Object.keys(snapshot.accounts);
    return {
      evidence,
      region: evidence.region,
      account: (request) =>
        (flags.caller !== undefined ? accountOf(flags.caller) : undefined) ||
        (request && accountHolding(snapshot, request)) ||
        accounts[0] ||
        '',
      caller: flags.caller,
      finish: () => undefined,
    };
  }
  // Refused before any AWS call: `--record -` would mix the snapshot into the report on stdout.
  const record = flags.record === undefined ? undefined : outputPathOf(flags.record, '--record');
  const { liveSource } = await import('./preflight-live');
  return liveSource({ region: flags.region, profile: flags.profile, record, caller: flags.caller });
}

async function requestInput(flags: Flags, source: PreflightSource): Promise<PreflightInput> {
  const jobType = flags['job-type'];
  if (jobType === undefined) throw new InputError(`--request needs --job-type (${PREFLIGHT_KINDS.join(', ')})`);
  if (!(PREFLIGHT_KINDS as readonly string[]).includes(jobType))
    throw new InputError(`--job-type must be one of ${PREFLIGHT_KINDS.join(', ')}, not '${jobType}'`);
  const kind = jobType as PreflightKind;
  const file = flags.request as string;
  const request = requestObject(parseJson(readTextArgument(file, 'the request file', '--request'), nameOf(file)), file);
  const spec = PREFLIGHT_KIND_SPECS[kind];
  const name = stringAt(request, spec.nameField);
  if (name === undefined)
    throw new InputError(
      `${file}: ${spec.nameField} is missing: the job's ARN needs it (add it as 'aws sagemaker ${spec.cliCommand} --generate-cli-skeleton' shows)`,
    );
  return {
    jobs: [{ kind, request, origin: file, name }],
    account: source.account(request),
    region: source.region,
    ...(source.caller === undefined ? {} : { caller: source.caller }),
  };
}

export async function runPreflight(argv: string[], io: CommandIO): Promise<number> {
  const flags = parse(argv, io);
  if (flags === undefined) return 0;
  const format = flags.format ?? (io.isTTY ? 'text' : 'json');
  if (format !== 'json' && format !== 'text')
    throw new InputError(`--format must be 'json' or 'text', not '${format}'`);
  const pipeline = flags['pipeline-definition'] ?? (flags.snapshot === undefined ? flags['pipeline-name'] : undefined);
  if ((flags.request === undefined) === (pipeline === undefined))
    throw new InputError(
      'give either --request REQUEST.json (with --job-type) or --pipeline-definition DEFINITION.json (live: or --pipeline-name NAME)',
    );
  if (flags.request !== undefined) {
    for (const flag of ['pipeline-role', 'pipeline-name'] as const)
      if (flags[flag] !== undefined) throw new InputError(`--${flag} goes with --pipeline-definition, not --request`);
  } else {
    if (flags['job-type'] !== undefined)
      throw new InputError('--job-type goes with --request: a pipeline step has its own type');
    if (flags.caller !== undefined)
      throw new InputError("--caller goes with --request: a pipeline's jobs are created by its role (--pipeline-role)");
  }

  const source = await sourceOf(flags);
  const input = flags.request !== undefined ? await requestInput(flags, source) : await pipelineInputOf(flags, source);
  const report = await preflight(input, source.evidence);
  source.finish();
  io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textOf(report, colorOf(io)));
  return anyDenied(report) ? EXIT_DENIED : 0;
}

/**
 * A pipeline's definition from its file; live, with `--pipeline-name`, its role (unless
 * `--pipeline-role` names one) and, without a file, its definition from DescribePipeline.
 */
async function pipelineInputOf(flags: Flags, source: PreflightSource): Promise<PreflightInput> {
  const name = flags['pipeline-name'];
  const file = flags['pipeline-definition'];
  const described = name !== undefined && source.describePipeline ? await source.describePipeline(name) : undefined;
  const definition =
    file !== undefined
      ? parseJson(readTextArgument(file, 'the pipeline definition', '--pipeline-definition'), nameOf(file))
      : described?.PipelineDefinition;
  const roleArn = flags['pipeline-role'] ?? stringAt(described, 'RoleArn');
  return pipelineInput({
    definition,
    file: file ?? `pipeline ${name}`,
    ...(name === undefined ? {} : { name }),
    ...(roleArn === undefined ? {} : { roleArn }),
    account: source.account(),
    region: source.region,
    partition: source.evidence.partition,
  });
}

/** What the verdict says would fail, where it is no job. */
const VERDICT_SUBJECT: Readonly<Record<string, string>> = { Pipeline: 'pipeline', Endpoint: 'endpoint' };

function textOf(report: Report, color: boolean): string {
  const denied = report.checks.filter((c) => c.decision === 'ExplicitlyDenied' || c.decision === 'ImplicitlyDenied');
  const verdict =
    denied.length === 0
      ? 'Preflight: no check is denied.'
      : `Preflight: ${denied.length} ${denied.length === 1 ? 'check is' : 'checks are'} denied: the ${VERDICT_SUBJECT[report.job.type] ?? 'job'} would fail (exit ${EXIT_DENIED}).`;
  return `${renderText(report, { color })}\n${verdict}\n`;
}
