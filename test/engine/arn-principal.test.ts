/**
 * ARN parsing, caller resolution and principal matching (docs/engine.md, "The model"; IAM User Guide
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
import { accountOfArn, parseArn } from '../../lambda/arn';
import { resolveCaller } from '../../lambda/engine/arn';
import { compileNotPrincipal, compilePrincipal } from '../../lambda/engine/principal';

describe('parseArn', () => {
  it.each([
    [
      'arn:aws:s3:::bucket/key:with:colons',
      { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/key:with:colons' },
    ],
    [
      'arn:aws:iam::111111111111:role/path/R',
      { partition: 'aws', service: 'iam', region: '', account: '111111111111', resource: 'role/path/R' },
    ],
    [
      'arn:aws-cn:kms:cn-north-1:111111111111:key/k',
      { partition: 'aws-cn', service: 'kms', region: 'cn-north-1', account: '111111111111', resource: 'key/k' },
    ],
  ])('parses %s', (text, expected) => {
    // Given an ARN / When parsed / Then its five fields come out, the resource keeping its colons
    expect(parseArn(text)).toEqual(expected);
  });

  it.each(['*', 'sagemaker.amazonaws.com', 'arn:aws:s3', 'arn::s3:::b', 'arn:aws::::x'])('rejects %s', (text) => {
    expect(parseArn(text)).toBeUndefined();
  });
});

describe('accountOfArn', () => {
  it.each([
    ['arn:aws:iam::111111111111:role/R', '111111111111'],
    ['arn:aws:kms:us-east-1:222222222222:key/k', '222222222222'],
    ['arn:aws:s3:::bucket/key', undefined],
    ['*', undefined],
    ['arn:aws:s3', undefined],
  ])('%s belongs to %s', (arn, account) => {
    expect(accountOfArn(arn)).toBe(account);
  });
});

describe('resolveCaller', () => {
  it('a session carries its role name and, for aws:PrincipalArn, the given role ARN with its path', () => {
    // Given a session ARN and the role's full ARN / When resolved
    const caller = resolveCaller(
      'arn:aws:sts::111111111111:assumed-role/Exec/SageMaker',
      'arn:aws:iam::111111111111:role/svc/Exec',
    );
    // Then
    expect(caller).toMatchObject({
      kind: 'session',
      account: '111111111111',
      roleName: 'Exec',
      sessionName: 'SageMaker',
      principalArn: 'arn:aws:iam::111111111111:role/svc/Exec',
    });
  });

  it('a session without roleArn gets the path-less role ARN', () => {
    expect(resolveCaller('arn:aws:sts::111111111111:assumed-role/Exec/s').principalArn).toBe(
      'arn:aws:iam::111111111111:role/Exec',
    );
  });

  it.each([
    ['arn:aws:iam::111111111111:role/a/b/R', 'role'],
    ['arn:aws:iam::111111111111:user/U', 'user'],
    ['sagemaker.amazonaws.com', 'service'],
    ['arn:aws:sts::111111111111:federated-user/bob', 'other'],
  ])('%s is a %s', (principal, kind) => {
    expect(resolveCaller(principal).kind).toBe(kind);
  });
});

describe('compilePrincipal', () => {
  const session = resolveCaller('arn:aws:sts::111111111111:assumed-role/Exec/SageMaker');
  const role = resolveCaller('arn:aws:iam::111111111111:role/svc/Exec');
  const user = resolveCaller('arn:aws:iam::111111111111:user/people/alice');
  const service = resolveCaller('sagemaker.amazonaws.com');

  it.each([
    ['role ARN with path matches its session', { AWS: ['arn:aws:iam::111111111111:role/svc/Exec'] }, session, 'role'],
    ['role ARN matches the role itself', { AWS: ['arn:aws:iam::111111111111:role/Exec'] }, role, 'role'],
    ['another role does not match', { AWS: ['arn:aws:iam::111111111111:role/Other'] }, session, 'none'],
    [
      'the same role name in another account does not match',
      { AWS: ['arn:aws:iam::222222222222:role/Exec'] },
      session,
      'none',
    ],
    [
      'a session ARN matches that session exactly',
      { AWS: ['arn:aws:sts::111111111111:assumed-role/Exec/SageMaker'] },
      session,
      'exact',
    ],
    [
      'another session of the role does not match',
      { AWS: ['arn:aws:sts::111111111111:assumed-role/Exec/other'] },
      session,
      'none',
    ],
    [
      'a session ARN does not match a caller given as role ARN',
      { AWS: ['arn:aws:sts::111111111111:assumed-role/Exec/SageMaker'] },
      role,
      'none',
    ],
    [
      'the root ARN matches every principal of the account',
      { AWS: ['arn:aws:iam::111111111111:root'] },
      session,
      'account',
    ],
    ['a bare account id matches every principal of the account', { AWS: ['111111111111'] }, user, 'account'],
    ['another account does not match', { AWS: ['222222222222'] }, session, 'none'],
    ['{"AWS": "*"} matches everyone', { AWS: ['*'] }, session, 'role'],
    ['a user ARN matches the user exactly', { AWS: ['arn:aws:iam::111111111111:user/people/alice'] }, user, 'exact'],
    ['a service principal matches that service', { Service: ['sagemaker.amazonaws.com'] }, service, 'exact'],
    ['another service does not match', { Service: ['ec2.amazonaws.com'] }, service, 'none'],
    ['an account does not match a service', { AWS: ['111111111111'] }, service, 'none'],
    ['Federated names only that provider', { Federated: ['cognito-identity.amazonaws.com'] }, session, 'none'],
    [
      'the strongest of several entries wins',
      { AWS: ['111111111111', 'arn:aws:iam::111111111111:role/Exec'] },
      session,
      'role',
    ],
  ] as const)('%s', (_name, element, caller, kind) => {
    // Given a Principal element / When matched against the caller / Then the kind of match
    expect(compilePrincipal(element as unknown as Record<string, string[]>).match(caller)).toBe(kind);
  });

  it('"*" matches everyone, service principals included', () => {
    expect(compilePrincipal('*').match(service)).toBe('role');
  });

  it('NotPrincipal applies to every caller it does not name', () => {
    const element = { AWS: ['arn:aws:iam::111111111111:role/Exec'] };
    expect(compileNotPrincipal(element).match(session)).toBe('none');
    expect(compileNotPrincipal(element).match(user)).toBe('role');
  });
});
