/**
 * What every job-type module gets while it turns a description into role models.
 */
import { InputError } from '../../errors';
import type { Evidence } from '../../evidence/evidence';
import type { Gap } from './role-builder';

export interface BuildContext {
  evidence: Evidence;
  /** The account that holds the job (its models and endpoint configs are looked up there). */
  account: string;
  /** Where the description came from, for messages: `the snapshot's description of training job 'x'`. */
  origin: string;
  /** How the user can supply a complete description, for messages. */
  fix: string;
  gaps: Gap[];
}

/** The one-line error for a description that lacks an essential field. */
export function missingField(context: BuildContext, field: string): InputError {
  return new InputError(
    `${context.origin}: ${field} is missing, so the job's accesses cannot be known: ${context.fix}`,
  );
}
