/**
 * Unusable input: an unreadable or invalid file, an event of an unknown `detail-type`, a job
 * that neither the snapshot nor the event describes, wrong flags. The CLI prints the message
 * as one line on stderr and exits 2 (README.md, CLI); the Lambda logs and reports it.
 * The message names the file (or event), the field (JSON path) and the fix.
 */
export class InputError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}

/**
 * A read that AWS refused or could not answer (denied, throttled, a 5xx, timed out) where the
 * diagnosis cannot do without it, such as the Describe of a pipeline step's job. Not unusable
 * input: the same event may succeed later, so the Lambda lets it through for Lambda to retry,
 * and the CLI exits 1 naming the call and AWS's error (docs/lambda.md).
 */
export class EvidenceUnavailableError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvidenceUnavailableError';
  }
}
