/**
 * The command line end to end, node start included: the given files written to a temporary
 * folder, the built CLI run `runs` times on them. The benchmarks of diagnose and preflight share it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats';

/** The median wall time in ms of `runs` runs of the CLI; `args` receives each file's path by its name. */
export function cliMedianMs(
  files: Record<string, unknown>,
  args: (paths: Record<string, string>) => string[],
  okStatuses: readonly number[],
  runs = 5,
): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const paths: Record<string, string> = {};
    for (const [name, value] of Object.entries(files)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], JSON.stringify(value));
    }
    const cli = resolve(__dirname, '..', 'bin', 'cli.js');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [cli, ...args(paths)], { encoding: 'utf8' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!okStatuses.includes(run.status ?? -1))
        throw new Error(`${args(paths)[0]} exited ${run.status}: ${run.stderr}`);
    }
    return median(times);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
