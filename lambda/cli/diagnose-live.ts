/**
 * `sagemaker-access-doctor diagnose --job NAME` on live AWS (README.md, CLI): the same
 * diagnosis as offline, fed by the live evidence; `--record FILE` writes what was read as a
 * snapshot that `--snapshot FILE` replays to the same report.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diagnose } from '../diagnosis/diagnose';
import type { JobKind } from '../evidence/evidence';
import { isAccountId, parseArn } from '../arn';
import { InputError } from '../errors';
import { jobKindOfArnType } from '../job-kinds';
import { createLiveEvidence } from '../evidence/live/live-evidence';
import { redactReport } from '../redaction';
import { type DiagnoseFormat, renderReport } from './diagnose';
import type { CommandIO } from './io';

export interface LiveDiagnoseOptions {
  /** A job's name (in the caller's account) or its ARN (in the account the ARN names). */
  job: string;
  jobType?: JobKind;
  region?: string;
  profile?: string;
  /** The role assumed in the organization's other accounts to read them. */
  crossAccountRoleName?: string;
  /** Where to write the snapshot of what was read. */
  record?: string;
  format: DiagnoseFormat;
  io: CommandIO;
}

export async function runLiveDiagnose(options: LiveDiagnoseOptions): Promise<number> {
  const arn = jobArn(options.job, options.jobType);
  const live = await createLiveEvidence({
    region: options.region ?? arn?.region,
    profile: options.profile,
    crossAccountRoleName: options.crossAccountRoleName,
  });
  if (arn && arn.region !== live.evidence.region)
    throw new InputError(`--job names a job of Region ${arn.region}, but --region is ${live.evidence.region}`);
  const job = arn
    ? { name: arn.name, kind: arn.kind, account: arn.account }
    : { name: options.job, kind: options.jobType, account: live.account };
  // A failure text may quote a secret of a description read after the job's (a model's).
  const report = redactReport(await diagnose({ job }, live.evidence), live.secrets());
  if (options.record !== undefined) writeAtomically(options.record, `${JSON.stringify(live.snapshot(), null, 2)}\n`);
  const { io } = options;
  io.stdout(await renderReport(report, options.format, io, { evidence: live.evidence, secrets: live.secrets() }));
  return 0;
}

/**
 * A job ARN given as `--job` (SageMaker names have no `:`): its account, Region, kind and name.
 * `arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-resources-for-iam-policies).
 */
function jobArn(
  job: string,
  jobType: JobKind | undefined,
): { account: string; region: string; kind: JobKind; name: string } | undefined {
  if (!job.startsWith('arn:')) return undefined;
  const parsed = parseArn(job);
  const [type, ...rest] = (parsed?.resource ?? '').split('/');
  const kind = jobKindOfArnType(type);
  if (!parsed || parsed.service !== 'sagemaker' || !kind || rest.length === 0 || !isAccountId(parsed.account))
    throw new InputError(`--job '${job}' is neither a job name nor the ARN of a SageMaker job or endpoint`);
  if (jobType !== undefined && jobType !== kind)
    throw new InputError(`--job-type is ${jobType}, but --job is the ARN of a ${kind} job`);
  return { account: parsed.account, region: parsed.region, kind, name: rest.join('/') };
}

/**
 * Writes `file` whole or not at all: a temporary file next to it, renamed over it (a rename
 * within one directory is atomic on POSIX file systems).
 */
export function writeAtomically(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(
      `cannot write the snapshot file '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
