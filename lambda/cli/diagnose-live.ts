/**
 * `sagemaker-access-doctor diagnose --job NAME` on live AWS (README.md, CLI): the same
 * diagnosis as offline, fed by the live evidence; `--record FILE` writes what was read as a
 * snapshot that `--snapshot FILE` replays to the same report.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diagnose } from '../diagnosis/diagnose';
import type { JobKind } from '../evidence/evidence';
import { renderText } from '../diagnosis/render-text';
import { InputError } from '../errors';
import { createLiveEvidence } from '../evidence/live/live-evidence';
import { redactReport } from '../redaction';
import { colorOf, type CommandIO } from './io';

export interface LiveDiagnoseOptions {
  job: string;
  jobType?: JobKind;
  region?: string;
  profile?: string;
  /** Where to write the snapshot of what was read. */
  record?: string;
  format: 'json' | 'text';
  io: CommandIO;
}

export async function runLiveDiagnose(options: LiveDiagnoseOptions): Promise<number> {
  const live = await createLiveEvidence({ region: options.region, profile: options.profile });
  // A failure text may quote a secret of a description read after the job's (a model's).
  const report = redactReport(
    await diagnose({ job: { name: options.job, kind: options.jobType, account: live.account } }, live.evidence),
    live.secrets(),
  );
  if (options.record !== undefined) writeAtomically(options.record, `${JSON.stringify(live.snapshot(), null, 2)}\n`);
  const { io } = options;
  io.stdout(
    options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report, { color: colorOf(io) }),
  );
  return 0;
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
