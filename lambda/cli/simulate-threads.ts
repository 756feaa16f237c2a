/**
 * `simulate` on several threads (docs/engine.md, "Speed"): the main thread reads the requests
 * file and posts each chunk to the worker threads, reads its own share of the chunk meanwhile,
 * and writes the lines of all the shares in input order as they come. A worker is at most one
 * chunk behind the main thread, so memory stays bounded by a few chunks and their lines.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Run, Share, ShareOutput, SimulateFormat, Unusable } from './simulate-share';
import type { WorkerStart } from './simulate-worker';

/** A share being read on a worker thread. */
export interface Reader {
  write(chunk: Uint8Array): Promise<ShareOutput>;
  end(): Promise<ShareOutput>;
  /** Stops it (the thread ends); nothing more is read. */
  close(): void;
}

/**
 * The worker script, built next to this file; undefined when it is not there (the command runs
 * from its TypeScript sources, as under jest): then one thread reads the whole file.
 */
export function workerScript(): string | undefined {
  const script = join(__dirname, 'simulate-worker.js');
  return __filename.endsWith('.js') && existsSync(script) ? script : undefined;
}

/** A worker thread's answer (simulate-worker.ts). */
type Answer = ShareOutput | { internal: string };

/** The share read on a worker thread running `script`. */
export function workerReader(script: string, format: SimulateFormat, share: Share): Reader {
  const start: WorkerStart = { format, share };
  const worker = new Worker(script, { workerData: start });
  // Answers come in the order the chunks were posted.
  const waiting: Array<{ resolve: (output: ShareOutput) => void; reject: (error: Error) => void }> = [];
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const { reject } of waiting.splice(0)) reject(error);
  };
  worker.on('message', (answer: Answer) => {
    const next = waiting.shift();
    if ('internal' in answer) fail(new Error(`a simulate worker thread failed: ${answer.internal}`));
    else next?.resolve(answer);
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('a simulate worker thread ended before its share was read')));
  const post = (chunk: Uint8Array | null) => {
    const answer = new Promise<ShareOutput>((resolve, reject) => {
      if (failed !== undefined) return reject(failed);
      waiting.push({ resolve, reject });
      if (chunk === null) return worker.postMessage(null);
      // A copy, handed over: the chunk itself is valid only until the next one is read.
      const copy = new Uint8Array(chunk);
      worker.postMessage(copy, [copy.buffer]);
    });
    // Awaited a chunk later (runSimulate): a worker that fails meanwhile must not make it an
    // unhandled rejection, which would end the process before the error is reported.
    answer.catch(() => undefined);
    return answer;
  };
  return {
    write: (chunk) => post(chunk),
    end: () => post(null),
    close: () => void worker.terminate(),
  };
}

/**
 * The lines of the shares, put back in input order: lines are taken as soon as every line
 * before them is in. Once the file is found unusable, no line from that point on is taken.
 */
export class InOrder {
  private next = 0;
  private readonly runs = new Map<number, Run>();
  private unusable: Unusable | undefined;

  public add(output: ShareOutput): void {
    for (const run of output.runs) this.runs.set(run.from, run);
    const found = output.unusable;
    // Every share that finds the file unusable finds it at the same point, but for a request's
    // own text (not JSON, not UTF-8), which only its share reads: the first point is the one.
    if (found !== undefined && (this.unusable === undefined || found.requests < this.unusable.requests)) {
      this.unusable = found;
    }
  }

  /** Where the file was found unusable, if it was. */
  public get failure(): Unusable | undefined {
    return this.unusable;
  }

  /** The lines that follow those taken before, in order. */
  public take(): string[] {
    const lines: string[] = [];
    const limit = this.unusable?.requests ?? Infinity;
    for (let run = this.runs.get(this.next); run !== undefined && this.next < limit; run = this.runs.get(this.next)) {
      this.runs.delete(run.from);
      const taken = Math.min(run.lines.length, limit - this.next);
      for (let i = 0; i < taken; i++) lines.push(run.lines[i]);
      this.next += taken;
    }
    return lines;
  }
}
