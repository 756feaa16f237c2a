/**
 * The evaluation as data: per-layer statements, unknown layers, derived context and the text
 * rendering (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
import { contextWithDerivedKeys, derivedKeys } from '../../lambda/engine/derived-context';
import { resolveCaller } from '../../lambda/engine/arn';
import { evaluate } from '../../lambda/engine/evaluate';
import { explain } from '../../lambda/engine/explain';
import { compilePolicy } from '../../lambda/engine/policy';
import type { EvaluationRequest } from '../../lambda/engine/types';

const SESSION = 'arn:aws:sts::111111111111:assumed-role/Exec/SageMaker';
const ROLE = 'arn:aws:iam::111111111111:role/svc/Exec';

const bucketPolicy = compilePolicy(
  {
    Statement: [
      {
        Sid: 'DenyExecRole',
        Effect: 'Deny',
        Principal: { AWS: ROLE },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      },
      { Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
    ],
  },
  { policyType: 'resource', name: 'bucket policy of b', arn: 'arn:aws:s3:::b' },
);
const readAll = compilePolicy(
  { Statement: { Sid: 'ReadAll', Effect: 'Allow', Action: 's3:*', Resource: '*' } },
  { policyType: 'identity', name: 'read-all', arn: 'arn:aws:iam::111111111111:policy/read-all' },
);

function request(extra: Partial<EvaluationRequest>): EvaluationRequest {
  return {
    principal: SESSION,
    roleArn: ROLE,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k',
    resourceAccount: '111111111111',
    ...extra,
  };
}

describe('evaluate', () => {
  it('reports the applicable statements of each layer with policy, Sid, index and level', () => {
    // Given a bucket policy that denies and allows the role, and two SCP levels
    const scp = compilePolicy(
      { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      { policyType: 'scp', name: 'FullAWSAccess' },
    );
    // When evaluated
    const evaluation = evaluate(
      request({ identityPolicies: [readAll], resourcePolicy: bucketPolicy, scps: [[scp], [scp]] }),
    );
    // Then the resource layer names its Deny and its Allow, the SCP layer its level Allows
    const resource = evaluation.layers.find((l) => l.policyType === 'resource');
    expect(resource?.denies).toEqual([
      {
        policyType: 'resource',
        policyName: 'bucket policy of b',
        policyArn: 'arn:aws:s3:::b',
        statementSid: 'DenyExecRole',
        statementIndex: 0,
        effect: 'Deny',
      },
    ]);
    expect(resource?.allows).toEqual([
      {
        policyType: 'resource',
        policyName: 'bucket policy of b',
        policyArn: 'arn:aws:s3:::b',
        statementIndex: 1,
        effect: 'Allow',
      },
    ]);
    expect(evaluation.layers.find((l) => l.policyType === 'scp')?.allows.map((a) => a.level)).toEqual([0, 1]);
    expect(evaluation.layers.map((l) => l.policyType)).toEqual([
      'identity',
      'permissions-boundary',
      'resource',
      'scp',
      'rcp',
      'vpc-endpoint',
      'session',
    ]);
    expect(evaluation).toMatchObject({
      decision: 'ExplicitlyDenied',
      blockedBy: ['resource'],
      grantedDirectly: true,
      grantedDirectlyToSession: false,
    });
  });

  it('lists the SCP levels without an Allow', () => {
    const allowAll = compilePolicy(
      { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      { policyType: 'scp' },
    );
    const scp = evaluate(request({ identityPolicies: [readAll], scps: [[allowAll], [], [allowAll], []] })).layers.find(
      (l) => l.policyType === 'scp',
    );
    expect(scp).toMatchObject({ denied: true, levelsWithoutAllow: [1, 3] });
  });

  describe('unknown layers neither allow nor deny', () => {
    it.each([
      [
        'no known layer denies: Unknown',
        { identityPolicies: [readAll], layerEvidence: { 'permissions-boundary': 'unknown' } },
        'Unknown',
        [],
      ],
      [
        'a known layer denies: denied, blockedBy names known layers only',
        { identityPolicies: [], layerEvidence: { scp: 'unknown' } },
        'ImplicitlyDenied',
        ['identity'],
      ],
      [
        'an unknown resource policy grants nothing directly',
        { identityPolicies: [], layerEvidence: { resource: 'unknown' } },
        'ImplicitlyDenied',
        ['identity'],
      ],
      [
        'an unknown key policy does not deny a KMS request',
        {
          action: 'kms:Decrypt',
          resource: 'arn:aws:kms:us-east-1:111111111111:key/k',
          identityPolicies: [
            readAll,
            compilePolicy(
              { Statement: { Effect: 'Allow', Action: 'kms:*', Resource: '*' } },
              { policyType: 'identity' },
            ),
          ],
          layerEvidence: { resource: 'unknown' },
        },
        'Unknown',
        [],
      ],
    ] as const)('%s', (_name, extra, decision, blockedBy) => {
      // Given a request with layers whose evidence is missing / When evaluated
      const evaluation = evaluate(request(extra as unknown as Partial<EvaluationRequest>));
      // Then
      expect({ decision: evaluation.decision, blockedBy: evaluation.blockedBy }).toEqual({ decision, blockedBy });
    });
  });

  describe('a deny-only layer: its Denies count, its lack of an Allow proves nothing', () => {
    const denyGet = compilePolicy(
      { Statement: { Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' } },
      { policyType: 'identity', name: 'guardrail' },
    );
    it.each([
      ['no Allow: the layer is unknown, so the decision', [], 'Unknown', [], true],
      ['an Allow: the layer allows', [readAll], 'Allowed', [], false],
      ['a Deny: the layer denies', [readAll, denyGet], 'ExplicitlyDenied', ['identity'], false],
    ] as const)('%s', (_name, identityPolicies, decision, blockedBy, layerUnknown) => {
      // Given an identity layer held in part / When evaluated
      const evaluation = evaluate(
        request({ identityPolicies: [...identityPolicies], layerEvidence: { identity: 'deny-only' } }),
      );
      // Then
      const identity = evaluation.layers.find((l) => l.policyType === 'identity');
      expect({ decision: evaluation.decision, blockedBy: evaluation.blockedBy, unknown: identity?.unknown }).toEqual({
        decision,
        blockedBy,
        unknown: layerUnknown,
      });
    });

    it('lets another layer deny while it finds no Allow', () => {
      const evaluation = evaluate(
        request({
          identityPolicies: [],
          resourcePolicy: bucketPolicy,
          layerEvidence: { identity: 'deny-only' },
        }),
      );
      expect({ decision: evaluation.decision, blockedBy: evaluation.blockedBy }).toEqual({
        decision: 'ExplicitlyDenied',
        blockedBy: ['resource'],
      });
    });
  });

  it('a service principal is judged on the resource and VPC endpoint layers only', () => {
    const trust = compilePolicy(
      { Statement: { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' } },
      { policyType: 'resource' },
    );
    const evaluation = evaluate({
      principal: 'sagemaker.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: ROLE,
      resourcePolicy: trust,
    });
    expect(evaluation.layers.map((l) => l.policyType)).toEqual(['resource', 'vpc-endpoint']);
    expect(evaluation.decision).toBe('Allowed');
  });

  it('throws a TypeError for a policy that compilePolicy did not build', () => {
    const forged = { policyType: 'identity' as const, statements: [] };
    expect(() => evaluate(request({ identityPolicies: [forged] }))).toThrow(TypeError);
  });
});

describe('derived context (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)', () => {
  it('sets the derived keys of an IAM caller', () => {
    // Given a session with its role's full ARN / When its keys are derived
    const keys = derivedKeys(resolveCaller(SESSION, ROLE), '222222222222');
    // Then
    expect(keys).toEqual({
      'aws:PrincipalArn': ROLE,
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalType': 'AssumedRole',
      'aws:ResourceAccount': '222222222222',
      'aws:SecureTransport': 'true',
      'aws:PrincipalIsAWSService': 'false',
    });
  });

  it('keeps the values the request gives, whatever their case, and adds the others', () => {
    // Given a context that sets aws:SecureTransport in upper case / When merged with the derived keys
    const ctx = contextWithDerivedKeys(
      { 'AWS:SECURETRANSPORT': 'false' },
      resolveCaller('arn:aws:iam::111111111111:user/u'),
      undefined,
    );
    // Then the request's value wins and the other keys are derived
    expect(ctx.get('aws:SecureTransport')).toEqual(['false']);
    expect(ctx.get('aws:principaltype')).toEqual(['User']);
    expect(ctx.get('aws:ResourceAccount')).toBeUndefined();
  });

  it('gives a service principal only aws:PrincipalIsAWSService = true', () => {
    expect(derivedKeys(resolveCaller('sagemaker.amazonaws.com'), '111111111111')).toEqual({
      'aws:PrincipalIsAWSService': 'true',
    });
  });
});

describe('explain', () => {
  it('renders the decision, the blocking layers and each present layer', () => {
    // Given an evaluation denied by the bucket policy / When rendered
    const text = explain(evaluate(request({ identityPolicies: [], resourcePolicy: bucketPolicy })));
    // Then
    expect(text.split('\n')).toEqual([
      'ExplicitlyDenied (blocked by: resource)',
      'identity: no Allow needed: the resource policy grants directly',
      "resource: denies: Deny 'DenyExecRole' (statement 0) of 'bucket policy of b'",
    ]);
  });

  it('names the levels without an Allow', () => {
    const text = explain(evaluate(request({ identityPolicies: [readAll], scps: [[]] })));
    expect(text).toContain('scp: denies: no applicable Allow at level 0');
  });
});
