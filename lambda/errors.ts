/**
 * Unusable input: an unreadable or invalid file, an event of an unknown `detail-type`, a job
 * that neither the snapshot nor the event describes, wrong flags. The CLI prints the message
 * as one line on stderr and exits 2 (contract.md section 1); the Lambda logs and reports it.
 * The message names the file (or event), the field (JSON path) and the fix.
 */
export class InputError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InputError';
  }
}
