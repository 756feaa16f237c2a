/**
 * `sagemaker-access-doctor simulate --requests REQUESTS.json [--format json|text]`
 * (contract section 1): evaluates IAM authorization requests offline, one output line per
 * request, in input order.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PolicyError } from '../engine/errors';
import { evaluate } from '../engine/evaluate';
import { explain } from '../engine/explain';
import { InputError } from '../errors';
import type { CommandIO } from './io';
import { SkimError } from './json-skim';
import { PolicyCache, readRequest, RequestError, skimRequests } from './simulate-request';

export const SIMULATE_FORMATS = ['json', 'text'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

/** Lines are written in chunks: one write per line costs more than the evaluation. */
const CHUNK_LINES = 1000;

interface Options {
  requestsFile: string;
  format: SimulateFormat;
}

function readOptions(argv: string[], io: CommandIO): Options {
  let values: { requests?: string; format?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { requests: { type: 'string' }, format: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InputError(`${(error as Error).message} (usage: simulate --requests REQUESTS.json [--format json|text])`);
  }
  if (values.requests === undefined) {
    throw new InputError(
      '--requests REQUESTS.json is required (usage: simulate --requests REQUESTS.json [--format json|text])',
    );
  }
  const format = values.format ?? (io.isTTY ? 'text' : 'json');
  if (!(SIMULATE_FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`--format must be json or text, not '${format}'`);
  }
  return { requestsFile: values.requests, format: format as SimulateFormat };
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** The InputError for a file that JSON.parse rejects; `cause` itself when JSON.parse accepts it. */
function notJson(file: string, bytes: Buffer, cause: unknown): unknown {
  try {
    JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return new InputError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return cause;
}

const WRONG_SHAPE = 'expected {"requests": [...]} or a list of requests at the top level';

/** Whether `error` says that the requests file itself is not JSON (skimmed text that does not parse). */
function isMalformedFile(error: unknown): boolean {
  return error instanceof SkimError || error instanceof SyntaxError;
}

/** Evaluates every request of the file, as data, in input order. */
function simulateFile(file: string): Outcome[] {
  const bytes = readBytes(file);
  const cache = new PolicyCache();
  try {
    const requests = skimRequests(bytes);
    if (requests === undefined) throw new InputError(`${file}: ${WRONG_SHAPE}`);
    return requests.map((raw) => simulateOne(raw, cache));
  } catch (error) {
    if (isMalformedFile(error)) throw notJson(file, bytes, error);
    throw error;
  }
}

/** The output of one request, as data. */
type Outcome =
  | { id: unknown; decision: string; blockedBy: string[]; explain: string }
  | { id: unknown; decision: 'Error'; error: string };

function simulateOne(raw: unknown, cache: PolicyCache): Outcome {
  const id = typeof raw === 'object' && raw !== null ? ((raw as { id?: unknown }).id ?? null) : null;
  try {
    const evaluation = evaluate(readRequest(raw, cache));
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
 * Runs `simulate`: exit 0 when every request got its line (an `Error` line included).
 *
 * @throws InputError for wrong flags, or a requests file that cannot be read or is not JSON.
 */
export async function runSimulate(argv: string[], io: CommandIO): Promise<number> {
  const options = readOptions(argv, io);
  // Every line is computed before the first is written: a malformed file gives no partial output.
  const outcomes = simulateFile(options.requestsFile);
  const render = options.format === 'json' ? (o: Outcome) => JSON.stringify(o) : renderText;
  for (let start = 0; start < outcomes.length; start += CHUNK_LINES) {
    io.stdout(
      `${outcomes
        .slice(start, start + CHUNK_LINES)
        .map(render)
        .join('\n')}\n`,
    );
  }
  return 0;
}
