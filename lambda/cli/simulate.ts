/**
 * `sagemaker-access-doctor simulate --requests REQUESTS.json [--format json|text] [--threads N]`
 * (docs/formats/requests.md): evaluates IAM authorization requests offline, one output line per
 * request, in input order.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../errors';
import { command, exitCodesHelp, parseFlags } from './command-line';
import { nameOf, pathOf } from './file-argument';
import type { CommandIO } from './io';
import {
  type Share,
  type ShareOutput,
  ShareReader,
  SIMULATE_FORMATS,
  type SimulateFormat,
  type Unusable,
} from './simulate-share';
import { InOrder, type Reader, workerReader, workerScript } from './simulate-threads';

export { SIMULATE_FORMATS, type SimulateFormat } from './simulate-share';

interface Options {
  requestsFile: string;
  format: SimulateFormat;
  threads: number;
}

const USAGE = '--requests REQUESTS.json [--format json|text] [--threads N]';

/**
 * Threads by default: one per processor available, up to 2. Each thread reads every byte of the
 * file (its share of the work is the requests it evaluates) and keeps caches of its own, so a
 * thread more gains less than the one before and costs as much memory (docs/engine.md, "Speed":
 * on 2 cores, 0.45 s against 0.48 s on requests-5000.json, 190-200 MB against 133 MB peak RSS on
 * 200,000 requests): past 2, memory would outgrow what a 200,000-request batch may take.
 */
const MAX_DEFAULT_THREADS = 2;

/** The most threads `--threads` takes. */
const MAX_THREADS = 64;

function definition(): Command {
  return command('simulate')
    .usage(USAGE)
    .description(
      'Evaluates IAM authorization requests offline, like `aws iam simulate-custom-policy` but with every ' +
        'policy type: one output line per request, in input order. The file is read as a stream.',
    )
    .option(
      '--requests <file>',
      'the requests: {"requests": [Request, ...]} or a bare list (docs/formats.md); a path, ' +
        "file://PATH or '-' (standard input); required",
    )
    .option(
      '--format <format>',
      'json: one JSON object per line ({"id", "decision", "blockedBy", "explain"}); text: one ' +
        'readable block per request (default: text on a terminal, json otherwise)',
    )
    .option(
      '--threads <n>',
      'threads that evaluate the requests, each a share of them; the output is the same whatever ' +
        `the number (default: the processors available, at most ${MAX_DEFAULT_THREADS}; standard input, ` +
        'and a file under 1 MiB, are read by one)',
    )
    .addHelpText(
      'after',
      exitCodesHelp({
        ok: 'every request got its line (one that cannot be evaluated: an Error line)',
        unusable: 'unusable input: the requests file cannot be read or is not JSON, wrong flags',
      }),
    );
}

/** The options, or undefined when `--help` was asked for (and printed). */
function readOptions(argv: string[], io: CommandIO): Options | undefined {
  const values = parseFlags<{ requests?: string; format?: string; threads?: string }>(definition(), argv, io);
  if (values === undefined) return undefined;
  if (values.requests === undefined) {
    throw new InputError(`--requests REQUESTS.json is required (usage: simulate ${USAGE})`);
  }
  const format = values.format ?? (io.isTTY ? 'text' : 'json');
  if (!(SIMULATE_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format must be json or text, not '${format}'`);
  }
  const threads =
    values.threads === undefined ? Math.min(availableParallelism(), MAX_DEFAULT_THREADS) : Number(values.threads);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new InputError(`--threads must be a whole number from 1 to ${MAX_THREADS}, not '${values.threads}'`);
  }
  return { requestsFile: values.requests, format: format as SimulateFormat, threads };
}

/** Bytes read at a time: large enough that reading costs nothing, small enough to stay bounded. */
const READ_BYTES = 1 << 20;

/** The requests file (a path, `file://PATH` or `-`), chunk by chunk (a chunk is valid until the next one is read). */
function* chunks(file: string): Generator<Uint8Array> {
  const failed = (error: unknown) =>
    new InputError(`cannot read ${nameOf(file)}: ${(error as Error).message}`, { cause: error });
  const path = pathOf(file);
  let fd: number;
  try {
    fd = typeof path === 'number' ? path : openSync(path, 'r');
  } catch (error) {
    throw failed(error);
  }
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, READ_BYTES, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EOF') return;
        throw failed(error);
      }
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  } finally {
    if (typeof path !== 'number') closeSync(fd);
  }
}

/** The InputError for a requests file found not JSON or not of the requests shape. */
function unusable(file: string, found: Unusable): InputError {
  return new InputError(
    found.kind === 'malformed'
      ? `${nameOf(file)} is not valid JSON: ${found.message}`
      : `${nameOf(file)}: ${found.message}`,
  );
}

/**
 * The shares the file is read in: this thread's, and the worker threads' when there are more
 * than one and the first read filled a chunk (`more`): a worker costs more to start (about
 * 50 ms) than a chunk costs to read. A read of standard input returns what the pipe holds, less
 * than a chunk: it is read by this thread.
 */
function shares(options: Options, more: boolean): { own: ShareReader; workers: Reader[] } {
  const script = workerScript();
  const of = more && script !== undefined ? options.threads : 1;
  const share = (index: number): Share => ({ index, of });
  const workers: Reader[] = [];
  for (let index = 1; index < of; index++) workers.push(workerReader(script!, options.format, share(index)));
  return { own: new ShareReader(options.format, share(0)), workers };
}

/**
 * Runs `simulate`: exit 0 when every request got its line (an `Error` line included). Lines are
 * written as the requests are read: memory holds a few chunks of the file and their lines, and a
 * file found malformed part way has had the lines of the requests before that point written.
 *
 * @throws InputError for wrong flags, or a requests file that cannot be read or is not JSON.
 */
export async function runSimulate(argv: string[], io: CommandIO): Promise<number> {
  const options = readOptions(argv, io);
  if (options === undefined) return 0;
  const order = new InOrder();
  const write = () => {
    const lines = order.take();
    if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
  };
  let readers: ReturnType<typeof shares> | undefined;
  // The workers' answers for the chunk before the one just read: they run a chunk behind at most.
  let behind: Array<Promise<ShareOutput>> = [];
  const settle = async () => {
    const answers = behind;
    behind = [];
    for (const output of await Promise.all(answers)) order.add(output);
  };
  try {
    for (const chunk of chunks(options.requestsFile)) {
      readers ??= shares(options, chunk.length === READ_BYTES);
      const posted = readers.workers.map((worker) => worker.write(chunk));
      order.add(readers.own.write(chunk));
      await settle();
      behind = posted;
      write();
      if (order.failure !== undefined) break;
      await io.drained?.();
    }
    readers ??= shares(options, false);
    if (order.failure === undefined) {
      const { own, workers } = readers;
      behind.push(...workers.map((worker) => worker.end()));
      order.add(own.end());
    }
    await settle();
  } catch (error) {
    // The file could not be read on: the lines of what was read are written before the error.
    await settle().catch(() => undefined);
    write();
    throw error;
  } finally {
    for (const worker of readers?.workers ?? []) worker.close();
  }
  write();
  if (order.failure !== undefined) throw unusable(options.requestsFile, order.failure);
  return 0;
}
