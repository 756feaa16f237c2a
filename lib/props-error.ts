import { AccessDoctorError } from '../lambda/errors';

/**
 * A construct prop that cannot work: thrown before anything is built, with the prop's name,
 * what is wrong, the value received and the fix.
 */
export class SageMakerAccessDoctorPropsError extends AccessDoctorError {
  /** The prop at fault, e.g. `crossAccountRoleName` or `slackChannel.slackWorkspaceId`. */
  public readonly prop: string;

  public constructor(prop: string, problem: string, received: unknown, fix: string) {
    super(`SageMakerAccessDoctor prop ${prop}: ${problem}; received ${JSON.stringify(received)}. ${fix}`);
    this.name = 'SageMakerAccessDoctorPropsError';
    this.prop = prop;
  }
}
