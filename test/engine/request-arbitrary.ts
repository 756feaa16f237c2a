/**
 * fast-check generators of `simulate` requests over a small world (two accounts, one role with a
 * path, its session, a user, SageMaker as a service principal), small enough that the naive
 * reference evaluator can enumerate resource sets, rich enough to reach every layer and rule.
 */
import fc from 'fast-check';
import type { RefRequest } from './reference-evaluator';

export const A = '111111111111';
export const B = '222222222222';
const ROLE = `arn:aws:iam::${A}:role/p/R1`;
const SESSION = `arn:aws:sts::${A}:assumed-role/R1/s1`;
const USER = `arn:aws:iam::${A}:user/U`;
const OTHER_SESSION = `arn:aws:sts::${B}:assumed-role/R2/s2`;
const SERVICE = 'sagemaker.amazonaws.com';

type Stmt = Record<string, unknown>;

const suffix = (letters: string[], max: number) =>
  fc.array(fc.constantFrom(...letters), { maxLength: max }).map((cs) => cs.join(''));

const resourcePattern = fc.oneof(
  fc.constant('*'),
  fc.constant('*'),
  suffix(['a', 'b', '/', '*', '?'], 3).map((s) => `arn:aws:s3:::bk/${s}`),
  fc.constantFrom(
    'arn:aws:s3:::*',
    'arn:aws:s3:::bk/*',
    'arn:aws:s3:::bk/${aws:PrincipalTag/t}/*',
    'arn:aws:kms:*:*:key/*',
    `arn:aws:kms:us-east-1:${A}:key/k1`,
    `arn:aws:iam::${A}:role/p/R1`,
    `arn:aws:iam::${A}:role/*`,
  ),
);

const actionPattern = fc.constantFrom(
  '*',
  '*',
  's3:*',
  'kms:*',
  'sts:AssumeRole',
  'ecr:GetAuthorizationToken',
  's3:*',
  's3:GetObject',
  'S3:GETOBJECT',
  's3:Get?bject',
  's3:Put*',
  'kms:*',
  'kms:Decrypt',
  'ecr:*',
  'sts:AssumeRole',
  'iam:*',
);

const principalValue = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: ROLE },
  { AWS: `arn:aws:iam::${A}:role/R1` },
  { AWS: SESSION },
  { AWS: `arn:aws:iam::${A}:root` },
  { AWS: A },
  { AWS: `arn:aws:iam::${B}:root` },
  { AWS: [USER, `arn:aws:iam::${B}:role/R2`] },
  { Service: SERVICE },
  { Service: 'ec2.amazonaws.com' },
);

const condition = fc.constantFrom<unknown>(
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  { Bool: { 'aws:SecureTransport': 'false' } },
  { StringEquals: { 'aws:PrincipalTag/t': 'a' } },
  { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
  { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/p/*' } },
  { StringEqualsIfExists: { 'aws:PrincipalTag/t': 'b' } },
  { Null: { 'aws:SourceVpce': 'true' } },
  { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/*` } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['x'] } },
  { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['x', 'y'] } },
  { StringEquals: { 'aws:PrincipalAccount': A, 'aws:ResourceAccount': A } },
  { StringEquals: { 'kms:EncryptionContext:c': 'v' } },
);

/** A statement; with a principal element for resource-attached policies. */
export function statement(withPrincipal: 'principal' | 'star' | 'none', effect?: 'Allow' | 'Deny'): fc.Arbitrary<Stmt> {
  return fc
    .record({
      effect: effect ? fc.constant(effect) : fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
      notAction: fc.constantFrom(false, false, false, true),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
      resourceKind: fc.constantFrom('Resource', 'Resource', 'NotResource', 'none'),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      principalKind: fc.constantFrom('Principal', 'Principal', 'Principal', 'NotPrincipal'),
      principal: principalValue,
      condition,
    })
    .map((r) => {
      const s: Stmt = { Effect: r.effect, [r.notAction ? 'NotAction' : 'Action']: r.actions };
      if (r.resourceKind !== 'none' || withPrincipal === 'none')
        s[r.resourceKind === 'NotResource' ? 'NotResource' : 'Resource'] = r.resources;
      if (withPrincipal === 'star') s.Principal = '*';
      if (withPrincipal === 'principal') s[r.principalKind] = r.principal;
      if (r.condition !== undefined) s.Condition = r.condition;
      return s;
    });
}

const doc = (kind: 'principal' | 'star' | 'none', max = 3) =>
  fc.array(statement(kind), { minLength: 0, maxLength: max }).map((Statement) => ({ Statement }));

const target = fc.oneof(
  fc.record({
    action: fc.constantFrom('s3:GetObject', 's3:PutObject'),
    resource: fc
      .tuple(suffix(['a', 'b', '/'], 3), fc.boolean())
      .map(([s, set]) => `arn:aws:s3:::bk/${s}${set ? '*' : ''}`),
    resourceAccount: fc.constantFrom(A, A, B),
  }),
  fc.record({
    action: fc.constantFrom('kms:Decrypt', 'kms:Encrypt'),
    resource: fc.constantFrom(`arn:aws:kms:us-east-1:${A}:key/k1`, `arn:aws:kms:us-east-1:${B}:key/k1`),
  }),
  fc.record({ action: fc.constant('ecr:GetAuthorizationToken'), resource: fc.constant('*') }),
  fc.record({ action: fc.constant('sts:AssumeRole'), resource: fc.constant(ROLE) }),
);

const grant = fc
  .record({
    GranteePrincipal: fc.constantFrom(ROLE, SESSION, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:role/Other`),
    Operations: fc.constantFrom<string[]>(['Decrypt'], ['Encrypt', 'Decrypt'], ['Encrypt']),
    Constraints: fc.constantFrom<{ EncryptionContextSubset: Record<string, string> } | undefined>(undefined, {
      EncryptionContextSubset: { c: 'v' },
    }),
  })
  .map((g) => (g.Constraints === undefined ? { GranteePrincipal: g.GranteePrincipal, Operations: g.Operations } : g));

/** A request of the small world. */
export const requestArbitrary: fc.Arbitrary<RefRequest> = fc
  .record({
    principal: fc.constantFrom(SESSION, SESSION, ROLE, USER, OTHER_SESSION, SERVICE),
    withRoleArn: fc.boolean(),
    target,
    context: fc.record(
      {
        'aws:PrincipalTag/t': fc.constantFrom('a', 'b'),
        'aws:SourceVpce': fc.constant('vpce-1'),
        'aws:TagKeys': fc.constantFrom(['x'], ['x', 'y', 'z'], []),
        'kms:EncryptionContext:c': fc.constantFrom('v', 'w'),
      },
      { requiredKeys: [] },
    ),
    identityPolicies: fc.array(doc('none'), { minLength: 1, maxLength: 2 }),
    permissionBoundaries: fc.constantFrom(0, 0, 1).chain((n) => fc.array(doc('none'), { minLength: n, maxLength: n })),
    resourcePolicy: fc.option(doc('principal', 4), { nil: null }),
    scps: fc
      .constantFrom(0, 0, 0, 1, 2)
      .chain((n) => fc.array(fc.array(doc('none', 2), { minLength: 1, maxLength: 2 }), { minLength: n, maxLength: n })),
    rcps: fc.array(fc.array(doc('star', 2), { maxLength: 1 }), { maxLength: 1 }),
    vpcEndpointPolicies: fc
      .constantFrom(0, 0, 0, 1, 2)
      .chain((n) => fc.array(doc('principal', 2), { minLength: n, maxLength: n })),
    sessionPolicy: fc.option(doc('none', 2), { nil: null, freq: 3 }),
    kmsGrants: fc.array(grant, { maxLength: 2 }),
  })
  .map((r) => ({
    principal: r.principal,
    ...(r.withRoleArn && r.principal === SESSION && { roleArn: ROLE }),
    ...r.target,
    context: r.context as Record<string, string | string[]>,
    identityPolicies: r.identityPolicies,
    permissionBoundaries: r.permissionBoundaries,
    resourcePolicy: r.resourcePolicy,
    scps: r.scps,
    rcps: r.rcps,
    vpcEndpointPolicies: r.vpcEndpointPolicies,
    sessionPolicy: r.sessionPolicy,
    kmsGrants: r.kmsGrants,
  }));
