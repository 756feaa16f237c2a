/**
 * One read from AWS, turned into an outcome the evidence can state: the value, or the exact
 * reason it is missing ("iam:GetRolePolicy was denied: ...").
 *
 * Every read is bounded in time: by a per-call limit and by the time the caller has left (the
 * Lambda's remaining time), so that a report of what was gathered can still go out.
 */
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS } from './clients';

/** What a read needs from its caller. */
export interface ReadOptions {
  /** Milliseconds left before the report must go out; absent: no deadline. */
  deadline?: () => number;
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: string;
      readonly why: string;
      /** Throttled, timed out, a server error or out of time: asking again later may answer. */
      readonly transient?: boolean;
    };

/** A whole read (all its attempts) may take at most this long. */
export const CALL_TIMEOUT_MS = REQUEST_TIMEOUT_MS * MAX_ATTEMPTS;
/** Below this many milliseconds left, a read is not started at all. */
const MIN_TIME_LEFT_MS = 250;

/** Error codes that mean the caller may not make the call. */
const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
]);

/** Error codes of throttling, which remain after the SDK's adaptive retries gave up. */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

interface SdkErrorShape {
  name?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** The AWS error code of an SDK error (`name`, else `Code`), or `Error`. */
function errorCode(error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  return shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? 'Error');
}

/** The reason a read failed, in words that name the action and AWS's own message. */
export function failureReason(action: string, error: unknown): string {
  const shape = (error ?? {}) as SdkErrorShape;
  const code = errorCode(error);
  const message = (shape.message ?? String(error)).trim();
  const status = shape.$metadata?.httpStatusCode;
  if (DENIED_CODES.has(code) || status === 403) return `${action} was denied: ${message || code}`;
  if (THROTTLING_CODES.has(code) || status === 429) {
    const attempts = shape.$metadata?.attempts;
    return `${action} was throttled (${code})${attempts ? ` after ${attempts} attempts` : ' after retries'}: ${message}`;
  }
  if (code === 'AbortError' || code === 'TimeoutError') return `${action} timed out: ${message}`;
  return `${action} failed (${code}): ${message}`;
}

/** Whether an error may go away by itself: throttling, a time-out, a server error. */
function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  const status = ((error ?? {}) as SdkErrorShape).$metadata?.httpStatusCode ?? 0;
  return (
    THROTTLING_CODES.has(code) || code === 'AbortError' || code === 'TimeoutError' || status === 429 || status >= 500
  );
}

/**
 * Runs one read (`send` receives an abort signal to pass to the SDK) within the time bound.
 * Never throws: every failure becomes `{ ok: false, code, why }`.
 */
export async function read<T>(
  action: string,
  options: ReadOptions,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  const left = options.deadline?.();
  if (left !== undefined && left < MIN_TIME_LEFT_MS) {
    return {
      ok: false,
      code: 'DeadlineExceeded',
      why: `${action} was not called: the time left to report ran out`,
      transient: true,
    };
  }
  const limit = Math.min(CALL_TIMEOUT_MS, left ?? CALL_TIMEOUT_MS);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(Object.assign(new Error(`no answer within ${limit} ms`), { name: 'TimeoutError' }));
    }, limit);
  });
  try {
    const value = await Promise.race([send(controller.signal), timeout]);
    return { ok: true, value };
  } catch (error) {
    const code = errorCode(error);
    return { ok: false, code, why: failureReason(action, error), ...(isTransient(error) && { transient: true }) };
  } finally {
    clearTimeout(timer);
  }
}

/** Every item of every page of an SDK paginator. */
export async function allPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
