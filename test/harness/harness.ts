/**
 * Running the project against the loopback fake AWS (server.ts): the environment that points
 * the real SDK clients at it, the scenario fixtures, and the CLI with its output captured.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { JobKind } from '../../lambda/evidence/evidence';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { resetLiveCaches } from '../evidence/live/helpers';
import { type FakeAws, type FakeAwsOptions, startFakeAws } from './server';

export const OWN = '111111111111';

export interface Scenario {
  name: string;
  snapshot: Snapshot;
  event: Record<string, unknown> & { detail: Record<string, unknown> };
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'acceptance');
const SCENARIOS = join(__dirname, '..', 'scenarios');

/** A scenario of test/fixtures/acceptance or test/scenarios, by file name. */
export function scenario(name: string): Scenario {
  for (const dir of [FIXTURES, SCENARIOS]) {
    try {
      return { name, ...(JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Omit<Scenario, 'name'>) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`no scenario ${name}`);
}

/** The job a scenario's event is about. */
export function jobOf(event: unknown): { name: string; kind: JobKind } {
  const failure = parseFailureEvent(event);
  return { name: failure.name, kind: failure.kind };
}

/**
 * Starts the fake with the scenario's snapshot and points the SDK at it (fresh client caches);
 * `stop` restores the environment and closes the fake.
 */
export async function useFakeAws(
  snapshot: Snapshot,
  options: FakeAwsOptions = {},
  /** The account of the base credentials (the Lambda's, the CLI profile's). */
  own = OWN,
): Promise<FakeAws & { stop(): Promise<void> }> {
  const aws = await startFakeAws(snapshot, own, options);
  const saved = { ...process.env };
  Object.assign(process.env, aws.environment());
  resetLiveCaches();
  return Object.assign(aws, {
    stop: async () => {
      for (const key of Object.keys(aws.environment())) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      resetLiveCaches();
      await aws.close();
    },
  });
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
  ms: number;
}

/** `sagemaker-access-doctor ARGS`, in this process, with its output captured. */
export async function cli(args: string[]): Promise<CliRun> {
  const io: CommandIO & { out: string; err: string } = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (text) => (io.out += text),
    stderr: (text) => (io.err += text),
  };
  const started = Date.now();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err, ms: Date.now() - started };
}

/** A fresh directory for recorded snapshots. */
export const scratch = (): string => mkdtempSync(join(tmpdir(), 'doctor-harness-'));
