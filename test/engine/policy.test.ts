/**
 * Parsing and compiling policy documents (docs/engine.md; policy grammar
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 */
import { PolicyError } from '../../lambda/engine/errors';
import { compilePolicy } from '../../lambda/engine/policy';

const DOC = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read data!', Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::b/*' }],
};

describe('compilePolicy', () => {
  it.each([
    ['an object', DOC],
    ['a JSON string', JSON.stringify(DOC)],
    ['a URL-encoded JSON string (IAM APIs)', encodeURIComponent(JSON.stringify(DOC))],
    ['a JSON string holding a JSON string', JSON.stringify(JSON.stringify(DOC))],
  ])('reads %s', (_name, document) => {
    // Given a document in one of IAM's forms / When compiled
    const policy = compilePolicy(document, { policyType: 'identity', name: 'p' });
    // Then its statement is there with its free-text Sid and its raw patterns
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]).toMatchObject({
      index: 0,
      sid: 'Read data!',
      effect: 'Allow',
      actions: ['s3:Get*'],
      resources: ['arn:aws:s3:::b/*'],
    });
  });

  it('reads a single Statement object and a policy without statements', () => {
    expect(
      compilePolicy({ Statement: { Effect: 'Deny', Action: '*' } }, { policyType: 'scp' }).statements,
    ).toHaveLength(1);
    expect(compilePolicy({ Version: '2012-10-17' }, { policyType: 'scp' }).statements).toHaveLength(0);
  });

  it('matchesAction is case-insensitive with * and ?, and NotAction inverts it', () => {
    const [allow, notAction] = compilePolicy(
      {
        Statement: [
          { Effect: 'Allow', Action: 'S3:get?bject*', Resource: '*' },
          { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        ],
      },
      { policyType: 'identity' },
    ).statements;
    expect(allow.matchesAction('s3:GetObjectVersion')).toBe(true);
    expect(allow.matchesAction('s3:PutObject')).toBe(false);
    expect(notAction.matchesAction('IAM:PassRole')).toBe(false);
    expect(notAction.matchesAction('s3:PutObject')).toBe(true);
  });

  it('keeps the raw Principal normalised to lists', () => {
    const [statement] = compilePolicy(
      {
        Statement: { Effect: 'Allow', Principal: { AWS: '111111111111', Service: ['a.amazonaws.com'] }, Action: 'x:y' },
      },
      { policyType: 'resource' },
    ).statements;
    expect(statement.principal).toEqual({ AWS: ['111111111111'], Service: ['a.amazonaws.com'] });
  });

  it.each([
    ['unparsable JSON', '{"Statement": [', /policy 'bad' \(identity\): is not valid JSON/],
    ['broken URL encoding', '%7B%ZZ', /policy 'bad' \(identity\): is neither JSON nor URL-encoded JSON/],
    ['a document that is not an object', '[1, 2]', /is not a JSON object/],
    [
      'a statement without Effect',
      { Statement: [{ Sid: 'S1', Action: 's3:*' }] },
      /statement 'S1' \(#0\): has no Effect of Allow or Deny/,
    ],
    [
      'a statement with an unknown Effect',
      { Statement: [{ Effect: 'Permit', Action: 's3:*' }] },
      /statement #0: has no Effect/,
    ],
    [
      'a statement without Action or NotAction',
      {
        Statement: [
          { Effect: 'Allow', Resource: '*' },
          { Effect: 'Allow', Resource: '*' },
        ],
      },
      /statement #0: has neither Action nor NotAction/,
    ],
    [
      'an unknown condition operator',
      { Statement: [{ Sid: 'C', Effect: 'Allow', Action: '*', Condition: { StringEqualz: { 'aws:x': 'y' } } }] },
      /policy 'bad' \(identity\): statement 'C' \(#0\): .*StringEqualz/,
    ],
  ])('rejects %s with a PolicyError naming the policy, the statement and the problem', (_name, document, message) => {
    // Given a document AWS would not accept / When compiled / Then a PolicyError says where and what
    const compile = () => compilePolicy(document, { policyType: 'identity', name: 'bad' });
    expect(compile).toThrow(PolicyError);
    expect(compile).toThrow(message);
  });

  it('names a policy without a name by its ARN, else by its type', () => {
    expect(() => compilePolicy('nope', { policyType: 'resource', arn: 'arn:aws:s3:::b' })).toThrow(
      /policy 'arn:aws:s3:::b' \(resource\)/,
    );
    expect(() => compilePolicy('nope', { policyType: 'scp' })).toThrow(/^scp policy: is not valid JSON/);
  });
});
