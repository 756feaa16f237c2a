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
import { PolicyCache, readRequest, RequestError } from './simulate-request';

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

function readRequests(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { requests?: unknown }).requests)) {
    return (parsed as { requests: unknown[] }).requests;
  }
  throw new InputError(`${file}: expected {"requests": [...]} or a list of requests at the top level`);
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
  const requests = readRequests(options.requestsFile);
  const cache = new PolicyCache();
  const render = options.format === 'json' ? (o: Outcome) => JSON.stringify(o) : renderText;
  let chunk: string[] = [];
  for (const raw of requests) {
    chunk.push(render(simulateOne(raw, cache)));
    if (chunk.length >= CHUNK_LINES) {
      io.stdout(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) io.stdout(`${chunk.join('\n')}\n`);
  return 0;
}
