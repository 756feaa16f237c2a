/**
 * ResourceBatch (lambda/engine/evaluate.ts; docs/engine.md, "Speed"): requests that differ only
 * in their resource share an evaluation only where every statement reaches their resources
 * alike, so each one's evaluation is exactly what `evaluate` gives it alone.
 */
import fc from 'fast-check';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';
import { evaluate, ResourceBatch } from '../../lambda/engine/evaluate';
import { compilePolicy } from '../../lambda/engine/policy';
import { A, requestArbitrary } from './request-arbitrary';

const objectKey = fc
  .array(fc.constantFrom('a', 'b', '/', 'x'), { maxLength: 4 })
  .map((cs) => `arn:aws:s3:::bk/${cs.join('')}`);

describe('ResourceBatch', () => {
  it('gives every resource the evaluation evaluate gives it alone', () => {
    fc.assert(
      fc.property(
        requestArbitrary,
        fc.constantFrom(A, '222222222222', undefined),
        fc.array(objectKey, { minLength: 1, maxLength: 8 }),
        (raw, resourceAccount, resources) => {
          const request = { ...readRequest(raw, new PolicyCache()), resourceAccount };
          const batch = new ResourceBatch(request);
          for (const resource of resources)
            expect(batch.evaluate(resource)).toEqual(evaluate({ ...request, resource }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('tells apart objects a Deny names one by one', () => {
    const identity = compilePolicy(
      { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bk/train/*' }] },
      { policyType: 'identity', name: 'read' },
    );
    const bucket = compilePolicy(
      {
        Statement: [
          {
            Sid: 'NotThisOne',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::bk/train/b',
          },
        ],
      },
      { policyType: 'resource', name: 'bucket policy' },
    );
    const batch = new ResourceBatch({
      principal: `arn:aws:sts::${A}:assumed-role/R/s`,
      roleArn: `arn:aws:iam::${A}:role/R`,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bk/train/a',
      resourceAccount: A,
      identityPolicies: [identity],
      resourcePolicy: bucket,
    });
    const decisions = ['a', 'b', 'c'].map((key) => batch.evaluate(`arn:aws:s3:::bk/train/${key}`).decision);
    expect(decisions).toEqual(['Allowed', 'ExplicitlyDenied', 'Allowed']);
  });

  it('evaluates one by one where a Resource pattern reads the context', () => {
    const identity = compilePolicy(
      {
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bk/${aws:PrincipalTag/team}/*' },
        ],
      },
      { policyType: 'identity', name: 'team' },
    );
    const request = {
      principal: `arn:aws:sts::${A}:assumed-role/R/s`,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bk/red/a',
      resourceAccount: A,
      context: { 'aws:PrincipalTag/team': 'red' },
      identityPolicies: [identity],
    };
    const batch = new ResourceBatch(request);
    expect(batch.evaluate('arn:aws:s3:::bk/red/a').decision).toBe('Allowed');
    expect(batch.evaluate('arn:aws:s3:::bk/blue/a').decision).toBe('ImplicitlyDenied');
  });
});
