/**
 * Engine benchmark (issue 2): evaluations per second on one core, p50/p99 per evaluation, and
 * `simulate` end to end on a 10,000-request batch, node start included.
 * Targets: at least 100,000 evaluations/s; simulate under 2 s.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PolicyCache, readRequest } from '../lambda/cli/simulate-request';
import { evaluate } from '../lambda/engine/evaluate';
import type { EvaluationRequest } from '../lambda/engine/types';
import { sageMakerRequests } from './engine-workload';

const REQUESTS = 10_000;
const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function throughput(requests: EvaluationRequest[]): void {
  for (const request of requests) evaluate(request); // warm-up: JIT and per-action indexes
  const start = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) for (const request of requests) evaluate(request);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = Math.round((ROUNDS * requests.length) / seconds);
  const samples: number[] = [];
  for (const request of requests) {
    const t0 = process.hrtime.bigint();
    evaluate(request);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  const verdict = perSecond >= 100_000 ? 'ok' : 'BELOW TARGET';
  console.log(`engine: ${perSecond.toLocaleString('en-US')} evaluations/s on one core (target >= 100,000: ${verdict})`);
  console.log(
    `engine: p50 ${percentile(samples, 50).toFixed(1)} us, p99 ${percentile(samples, 99).toFixed(1)} us per evaluation`,
  );
}

function simulateEndToEnd(): void {
  const dir = mkdtempSync(join(tmpdir(), 'access-doctor-bench-'));
  try {
    const file = join(dir, 'requests.json');
    writeFileSync(file, JSON.stringify({ requests: sageMakerRequests(REQUESTS) }));
    const cli = resolve(__dirname, '..', 'bin', 'cli.js');
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, [cli, 'simulate', '--requests', file, '--format', 'json'], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const lines = run.stdout.split('\n').filter(Boolean).length;
    if (run.status !== 0 || lines !== REQUESTS) {
      throw new Error(`simulate failed (exit ${run.status}, ${lines} lines): ${run.stderr}`);
    }
    const verdict = seconds < 2 ? 'ok' : 'ABOVE TARGET';
    console.log(
      `simulate: ${REQUESTS.toLocaleString('en-US')} requests end to end in ${seconds.toFixed(2)} s (target < 2 s: ${verdict})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the engine benchmark. */
export function runEngineBench(): void {
  const cache = new PolicyCache();
  const requests = sageMakerRequests(REQUESTS).map((raw) => readRequest(raw, cache));
  throughput(requests);
  simulateEndToEnd();
}
