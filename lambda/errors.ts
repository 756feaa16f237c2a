/**
 * The errors the project throws on purpose. Each one extends AccessDoctorError, so a top-level
 * handler (the CLI's `main`, the Lambda's handler) tells an expected failure, which has a message
 * meant for the user and an exit code, from a bug with one `instanceof` test.
 */
export class AccessDoctorError extends Error {
  /**
   * The CLI's exit code when this error ends a command (README.md, CLI):
   * 2 unusable input, 1 anything else.
   */
  public readonly exitCode: 1 | 2;

  public constructor(message: string, options?: { cause?: unknown; exitCode?: 1 | 2 }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AccessDoctorError';
    this.exitCode = options?.exitCode ?? 1;
  }
}

/**
 * Unusable input: an unreadable or invalid file, an event of an unknown `detail-type`, a job
 * that neither the snapshot nor the event describes, wrong flags. The CLI prints the message
 * as one line on stderr and exits 2 (README.md, CLI); the Lambda logs and reports it.
 * The message names the file (or event), the field (JSON path) and the fix.
 */
export class InputError extends AccessDoctorError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, exitCode: 2 });
    this.name = 'InputError';
  }
}

/**
 * A read that AWS refused or could not answer (denied, throttled, a 5xx, timed out) where the
 * diagnosis cannot do without it, such as the Describe of a pipeline step's job. Not unusable
 * input: the same event may succeed later, so the Lambda lets it through for Lambda to retry,
 * and the CLI exits 1 naming the call and AWS's error (docs/lambda.md).
 */
export class EvidenceUnavailableError extends AccessDoctorError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, { cause: options?.cause, exitCode: 1 });
    this.name = 'EvidenceUnavailableError';
  }
}
