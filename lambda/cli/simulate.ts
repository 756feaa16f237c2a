/**
 * `sagemaker-access-doctor simulate --requests REQUESTS.json [--format json|text]`
 * (docs/formats/requests.md): evaluates IAM authorization requests offline, one output line per
 * request, in input order.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Command } from 'commander';
import { PolicyError } from '../engine/errors';
import { evaluate } from '../engine/evaluate';
import { explain } from '../engine/explain';
import { InputError } from '../errors';
import { printable } from '../printable';
import { command, exitCodesHelp, parseFlags } from './command-line';
import { nameOf, pathOf } from './file-argument';
import type { CommandIO } from './io';
import { MalformedJsonError, RequestsShapeError, RequestStream } from './request-stream';
import { DOCUMENT_MEMBERS, PolicyCache, readRequest, RequestError } from './simulate-request';

export const SIMULATE_FORMATS = ['json', 'text'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

interface Options {
  requestsFile: string;
  format: SimulateFormat;
}

const USAGE = '--requests REQUESTS.json [--format json|text]';

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
  const values = parseFlags<{ requests?: string; format?: string }>(definition(), argv, io);
  if (values === undefined) return undefined;
  if (values.requests === undefined) {
    throw new InputError(`--requests REQUESTS.json is required (usage: simulate ${USAGE})`);
  }
  const format = values.format ?? (io.isTTY ? 'text' : 'json');
  if (!(SIMULATE_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format must be json or text, not '${format}'`);
  }
  return { requestsFile: values.requests, format: format as SimulateFormat };
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

/** The InputError for a requests file that is not JSON or not of the requests shape. */
function unusable(file: string, error: unknown): unknown {
  if (error instanceof MalformedJsonError) {
    return new InputError(`${nameOf(file)} is not valid JSON: ${error.message}`, { cause: error });
  }
  if (error instanceof RequestsShapeError) {
    return new InputError(`${nameOf(file)}: ${error.message}`, { cause: error });
  }
  return error;
}

/** The output of one request, as data. */
type Outcome =
  | { id: unknown; decision: string; blockedBy: string[]; explain: string }
  | { id: unknown; decision: 'Error'; error: string };

function simulateOne(raw: unknown, cache: PolicyCache, texts: ReadonlyMap<string, string>, nesting: number): Outcome {
  const id = typeof raw === 'object' && raw !== null ? ((raw as { id?: unknown }).id ?? null) : null;
  try {
    const evaluation = evaluate(readRequest(raw, cache, texts, nesting));
    return { id, decision: evaluation.decision, blockedBy: evaluation.blockedBy, explain: explain(evaluation) };
  } catch (error) {
    if (error instanceof RequestError || error instanceof PolicyError) {
      return { id, decision: 'Error', error: error.message };
    }
    throw error;
  }
}

function renderText(outcome: Outcome): string {
  const name =
    outcome.id === null ? '(no id)' : typeof outcome.id === 'string' ? outcome.id : JSON.stringify(outcome.id);
  if ('error' in outcome) return `${name}: Error: ${outcome.error}`;
  const [head, ...layers] = outcome.explain.split('\n');
  return [`${name}: ${head}`, ...layers.map((line) => `  ${line}`)].join('\n');
}

/**
 * Runs `simulate`: exit 0 when every request got its line (an `Error` line included). Lines are
 * written as the requests are read: memory holds one chunk of the file and its lines, and a file
 * found malformed part way has had the lines of the requests before that point written.
 *
 * @throws InputError for wrong flags, or a requests file that cannot be read or is not JSON.
 */
export async function runSimulate(argv: string[], io: CommandIO): Promise<number> {
  const options = readOptions(argv, io);
  if (options === undefined) return 0;
  // A text line quotes the request's own strings: their escape sequences are not for the terminal.
  const render =
    options.format === 'json' ? (o: Outcome) => JSON.stringify(o) : (o: Outcome) => printable(renderText(o));
  const cache = new PolicyCache();
  let lines: string[] = [];
  const requests = new RequestStream(
    (raw, texts, nesting) => void lines.push(render(simulateOne(raw, cache, texts, nesting))),
    {
      members: DOCUMENT_MEMBERS,
      reuse: (name, text) => cache.holds(name, text),
    },
  );
  const flush = () => {
    if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
    lines = [];
  };
  try {
    for (const chunk of chunks(options.requestsFile)) {
      requests.write(chunk);
      flush();
      await io.drained?.();
    }
    requests.end();
  } catch (error) {
    flush();
    throw unusable(options.requestsFile, error);
  }
  flush();
  return 0;
}
