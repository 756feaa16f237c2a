/**
 * `simulate` benchmark (issue 8): throughput and peak memory of the command as a user runs it
 * (`node dist/bin/cli.js simulate ...`, process start included), on
 * - the generated 5,000-request file `shared/bench/requests-5000.json` beside the repository when it
 *   is there (documents inline, most of them distinct), else a batch of the same shape generated
 *   here (bench/simulate-workload.ts);
 * - 200,000 requests of that shape (about 370 MB), written to a temporary file and removed after.
 * Goals: 5,000 requests in about 0.45 s (an independent evaluator takes 4.4 s on that file);
 * 200,000 requests in at most 300 MB of peak RSS (streaming: memory bounded by the largest request).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { median } from './stats';
import { variedRequests, writeRequestsFile } from './simulate-workload';

const GOAL_SECONDS = 0.45;
const MAX_RSS_MB = 300;
const LARGE = 200_000;

/** The repository root, from the source tree or from dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

interface Batch {
  label: string;
  file: string;
  requests: Record<string, unknown>[];
}

/** The shared 5,000-request file when it is beside the repository, else our own batch in `dir`. */
function batchOf5000(dir: string): Batch {
  const shared = resolve(repositoryRoot(), '..', 'shared', 'bench', 'requests-5000.json');
  if (existsSync(shared)) {
    const { requests } = JSON.parse(readFileSync(shared, 'utf8')) as { requests: Record<string, unknown>[] };
    return { label: 'requests-5000.json', file: shared, requests };
  }
  const requests = variedRequests(5000);
  const file = join(dir, 'requests-5000.json');
  writeRequestsFile(file, requests, requests.length);
  return { label: 'generated batch (requests-5000.json is not beside the repository)', file, requests };
}

interface Run {
  seconds: number;
  maxRssMb: number;
  lines: number;
}

function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let at = buffer.indexOf(10, 0); at >= 0 && at < read; at = buffer.indexOf(10, at + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

/** One run of the CLI as a user runs it, stdout to a file; peak RSS as the process itself saw it. */
function simulateOnce(requestsFile: string, dir: string, expected: number): Run {
  const cli = join(repositoryRoot(), 'dist', 'bin', 'cli.js');
  const output = join(dir, 'out.jsonl');
  const out = openSync(output, 'w');
  const start = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--require', join(__dirname, 'max-rss.js'), cli, 'simulate', '--requests', requestsFile, '--format', 'json'],
    { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  const lines = countLines(output);
  const rss = /max-rss-kb=(\d+)/.exec(run.stderr);
  if (run.status !== 0 || lines !== expected || !rss) {
    throw new Error(`simulate failed (exit ${run.status}, ${lines} of ${expected} lines): ${run.stderr}`);
  }
  return { seconds, maxRssMb: Number(rss[1]) / 1024, lines };
}

function report(label: string, bytes: number, runs: Run[], verdict: string): void {
  const seconds = median(runs.map((r) => r.seconds));
  const rss = Math.max(...runs.map((r) => r.maxRssMb));
  const size = (bytes / 1e6).toFixed(1);
  const perSecond = Math.round(runs[0].lines / seconds).toLocaleString('en-US');
  console.log(
    `simulate: ${runs[0].lines.toLocaleString('en-US')} requests (${label}, ${size} MB) in ${seconds.toFixed(2)} s end to end, ` +
      `${perSecond} requests/s, peak RSS ${rss.toFixed(0)} MB (${verdict})`,
  );
}

/** Runs the simulate benchmark. */
export function runSimulateBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'access-doctor-simulate-bench-'));
  try {
    const batch = batchOf5000(dir);
    const count = batch.requests.length;
    simulateOnce(batch.file, dir, count); // warm-up: the file in the page cache, node's code cache
    const runs = [0, 1, 2, 3, 4].map(() => simulateOnce(batch.file, dir, count));
    const seconds = median(runs.map((r) => r.seconds));
    report(
      batch.label,
      statSync(batch.file).size,
      runs,
      `goal ~${GOAL_SECONDS} s: ${seconds <= GOAL_SECONDS * 1.1 ? 'ok' : 'ABOVE GOAL'}; 4.4 s / this = ${(4.4 / seconds).toFixed(1)}x`,
    );

    const large = join(dir, `requests-${LARGE}.json`);
    writeRequestsFile(large, batch.requests, LARGE);
    const bytes = statSync(large).size;
    const run = simulateOnce(large, dir, LARGE);
    rmSync(large);
    report(
      `${count.toLocaleString('en-US')} requests over and over`,
      bytes,
      [run],
      `goal <= ${MAX_RSS_MB} MB: ${run.maxRssMb <= MAX_RSS_MB ? 'ok' : 'ABOVE GOAL'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
