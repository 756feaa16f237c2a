import { AccessDoctorError } from '../errors';

/**
 * A policy document the engine cannot evaluate (docs/engine.md: unparsable JSON, a statement
 * without `Effect` or without `Action`/`NotAction`, an unknown condition operator).
 * The message names the policy, the statement and the problem.
 */
export class PolicyError extends AccessDoctorError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyError';
  }
}
