/**
 * One thread's share of a `simulate` run (docs/engine.md, "Speed"): every thread reads every
 * byte of the requests file, and evaluates and renders the requests of its own batches only.
 * Batches of consecutive requests go to the threads in turn, so each thread still sees the
 * documents a batch repeats from one request to the next. What a share makes of a chunk of the
 * file is data (lines by request index, the point the file was found unusable at), so that it
 * crosses from a worker thread to the main thread unchanged.
 */
import { PolicyError } from '../engine/errors';
import { evaluate } from '../engine/evaluate';
import { explain } from '../engine/explain';
import { printable } from '../printable';
import { MalformedJsonError, RequestsShapeError, RequestStream } from './request-stream';
import { DOCUMENT_MEMBERS, PolicyCache, readRequest, RequestError } from './simulate-request';

export const SIMULATE_FORMATS = ['json', 'text'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

/**
 * Requests in a batch: enough that a thread sees the run of requests a batch repeats its
 * documents over, few enough that the threads' shares of a chunk stay even.
 */
const BATCH_REQUESTS = 64;

/** Share `index` of `of` (0 ≤ index < of). */
export interface Share {
  index: number;
  of: number;
}

/**
 * Requests the first share (this thread's) reads alone at the start of a file, while the worker
 * threads start (about 50 ms, the time to evaluate a few hundred requests): the others would
 * otherwise wait for them from the first chunk on (on requests-5000.json, 2 threads: 0.47 s
 * with none, 0.46 s with 384, median of 13 interleaved runs at load 2; 0.45 against 0.44 s at
 * load 1.9).
 */
const LEAD_REQUESTS = 384;

/** Whether the request at `request` (0 first) is in `share`. */
function inShare(share: Share, request: number): boolean {
  if (request < LEAD_REQUESTS) return share.index === 0;
  return Math.floor((request - LEAD_REQUESTS) / BATCH_REQUESTS) % share.of === share.index;
}

/** The lines of consecutive requests of one share, the first for the request at index `from`. */
export interface Run {
  from: number;
  lines: string[];
}

/**
 * The file is not JSON (`malformed`) or not of the requests shape (`shape`), found when
 * `requests` requests had been read: their lines are written, the next are not.
 */
export interface Unusable {
  requests: number;
  kind: 'malformed' | 'shape';
  message: string;
}

/** What a share made of a chunk, or of the end of the file. */
export interface ShareOutput {
  runs: Run[];
  unusable?: Unusable;
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
 * Reads a requests file chunk by chunk and renders the requests of its share. Once the file is
 * found unusable, it says so (once) and reads no more.
 */
export class ShareReader {
  private readonly stream: RequestStream;
  private runs: Run[] = [];
  private unusable: Unusable | undefined;

  public constructor(format: SimulateFormat, share: Share) {
    // A text line quotes the request's own strings: their escape sequences are not for the terminal.
    const render = format === 'json' ? (o: Outcome) => JSON.stringify(o) : (o: Outcome) => printable(renderText(o));
    const cache = new PolicyCache();
    const stream = new RequestStream(
      (raw, texts, nesting) => {
        // Handed out before it counts as read: the index of this request.
        const index = stream.requestsEnded;
        const line = render(simulateOne(raw, cache, texts, nesting));
        const last = this.runs.at(-1);
        if (last !== undefined && last.from + last.lines.length === index) last.lines.push(line);
        else this.runs.push({ from: index, lines: [line] });
      },
      {
        members: DOCUMENT_MEMBERS,
        reuse: (name, text) => cache.holds(name, text),
        ...(share.of > 1 && { reads: (index: number) => inShare(share, index) }),
      },
    );
    this.stream = stream;
  }

  /** @throws what is no fault of the file (an internal error). */
  public write(chunk: Uint8Array): ShareOutput {
    return this.step(() => this.stream.write(chunk));
  }

  /** The end of the file. @throws what is no fault of the file (an internal error). */
  public end(): ShareOutput {
    return this.step(() => this.stream.end());
  }

  private step(read: () => void): ShareOutput {
    if (this.unusable !== undefined) return { runs: [] };
    try {
      read();
    } catch (error) {
      if (!(error instanceof MalformedJsonError || error instanceof RequestsShapeError)) throw error;
      const kind = error instanceof MalformedJsonError ? 'malformed' : 'shape';
      this.unusable = { requests: this.stream.requestsEnded, kind, message: error.message };
    }
    const output: ShareOutput = { runs: this.runs, ...(this.unusable && { unusable: this.unusable }) };
    this.runs = [];
    return output;
  }
}
