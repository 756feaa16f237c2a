import { RequestsShapeError, MalformedJsonError } from '../../lambda/cli/request-stream';
import { RequestError } from '../../lambda/cli/simulate-request';
import { PolicyError } from '../../lambda/engine/errors';
import { AccessDoctorError, EvidenceUnavailableError, InputError } from '../../lambda/errors';
import { SageMakerAccessDoctorPropsError } from '../../lib/props-error';

describe('AccessDoctorError, the base of the errors the project throws on purpose', () => {
  const cause = new Error('the underlying failure');
  it.each<[string, () => AccessDoctorError, string, 1 | 2]>([
    [
      'InputError',
      () => new InputError('snapshot.json: roles[0]: missing', { cause }),
      'snapshot.json: roles[0]: missing',
      2,
    ],
    [
      'EvidenceUnavailableError',
      () => new EvidenceUnavailableError('DescribeTrainingJob: denied'),
      'DescribeTrainingJob: denied',
      1,
    ],
    ['PolicyError', () => new PolicyError('policy p: statement 0: no Effect'), 'policy p: statement 0: no Effect', 1],
    [
      'RequestError',
      () => new RequestError("'action' must be a non-empty string"),
      "'action' must be a non-empty string",
      1,
    ],
    ['MalformedJsonError', () => new MalformedJsonError('unexpected } at byte 3'), 'unexpected } at byte 3', 1],
    [
      'RequestsShapeError',
      () => new RequestsShapeError(),
      'expected {"requests": [...]} or a list of requests at the top level',
      1,
    ],
    [
      'SageMakerAccessDoctorPropsError',
      () => new SageMakerAccessDoctorPropsError('topic', 'is wrong', 1, 'Fix it.'),
      'SageMakerAccessDoctor prop topic: is wrong; received 1. Fix it.',
      1,
    ],
  ])('%s keeps its name, its message and its exit code', (name, make, message, exitCode) => {
    const error = make();
    expect(error).toBeInstanceOf(AccessDoctorError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(exitCode);
  });

  it('keeps the cause it was given', () => {
    const cause = new Error('ENOENT');
    expect(new InputError('x', { cause }).cause).toBe(cause);
    expect(new PolicyError('x', { cause }).cause).toBe(cause);
  });

  it('has no cause when given none, and exit code 1 unless told otherwise', () => {
    const error = new AccessDoctorError('x');
    expect(error.cause).toBeUndefined();
    expect(error.exitCode).toBe(1);
  });
});
