/**
 * Properties of the engine on open-ended input (fast-check): parsing and matching never throw
 * anything but PolicyError; a Deny never turns a denial into Allowed; an Allow never turns
 * Allowed into a denial (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html:
 * an explicit Deny overrides any Allow; Allows only add).
 */
import fc from 'fast-check';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';
import { PolicyError } from '../../lambda/engine/errors';
import { evaluate } from '../../lambda/engine/evaluate';
import { compilePolicy } from '../../lambda/engine/policy';
import { type RefRequest } from './reference-evaluator';
import { requestArbitrary, statement } from './request-arbitrary';

const judge = (request: RefRequest) => evaluate(readRequest(request, new PolicyCache())).decision;

type Doc = { Statement: Record<string, unknown>[] };
type Place = 'identity' | 'boundary' | 'resource' | 'scp' | 'rcp' | 'endpoint' | 'session';

/** The request with `extra` added to one of its existing documents at `place` (unchanged when there is none). */
function withStatement(request: RefRequest, place: Place, extra: Record<string, unknown>): RefRequest {
  const add = (doc: Doc | null | undefined): Doc | null | undefined => doc && { Statement: [...doc.Statement, extra] };
  const copy = structuredClone(request) as RefRequest & Record<string, unknown>;
  switch (place) {
    case 'identity':
      copy.identityPolicies = (copy.identityPolicies as Doc[]).map((d, i) => (i === 0 ? add(d)! : d));
      break;
    case 'boundary':
      copy.permissionBoundaries = (copy.permissionBoundaries as Doc[]).map((d) => add(d)!);
      break;
    case 'resource':
      copy.resourcePolicy = add(copy.resourcePolicy as Doc | null) ?? null;
      break;
    case 'scp':
    case 'rcp': {
      const levels = (place === 'scp' ? copy.scps : copy.rcps) as Doc[][];
      const changed = levels.map((level, l) => (l === 0 ? level.map((d, i) => (i === 0 ? add(d)! : d)) : level));
      if (place === 'scp') copy.scps = changed;
      else copy.rcps = changed;
      break;
    }
    case 'endpoint':
      copy.vpcEndpointPolicies = (copy.vpcEndpointPolicies as Doc[]).map((d, i) => (i === 0 ? add(d)! : d));
      break;
    case 'session':
      copy.sessionPolicy = add(copy.sessionPolicy as Doc | null) ?? null;
      break;
  }
  return copy;
}

const place = fc.constantFrom<Place>('identity', 'boundary', 'resource', 'scp', 'rcp', 'endpoint', 'session');
const principalKind = (p: Place) =>
  p === 'resource' || p === 'endpoint' ? 'principal' : p === 'rcp' ? 'star' : 'none';

describe('engine properties', () => {
  it('compilePolicy throws nothing but PolicyError on arbitrary input', () => {
    // Given anything at all / When compiled / Then a policy or a PolicyError
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ withNullPrototype: true }),
          fc.json(),
          fc.string(),
          fc.record({ Statement: fc.anything({ withNullPrototype: true }) }),
        ),
        (document) => {
          try {
            compilePolicy(document, { policyType: 'resource', name: 'fuzz' });
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('evaluate never throws on arbitrary principals, actions, resources and context', () => {
    const policy = compilePolicy(
      {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ['*', '111111111111'] },
            Action: 's3:*',
            Resource: 'arn:aws:s3:::b/${aws:username}/*',
            Condition: { StringLike: { 'aws:PrincipalArn': '*' } },
          },
        ],
      },
      { policyType: 'resource' },
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
        (principal, action, resource, context) => {
          // Given arbitrary strings / When evaluated / Then a decision comes back
          const evaluation = evaluate({
            principal,
            action,
            resource,
            context,
            resourcePolicy: policy,
            identityPolicies: [policy],
          });
          expect(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']).toContain(evaluation.decision);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('adding a Deny never turns a denial into Allowed, nor lifts an explicit denial', () => {
    fc.assert(
      fc.property(requestArbitrary, place, fc.nat(), (request, where, seed) => {
        // Given a generated request and a Deny added to one of its documents
        const deny = fc.sample(statement(principalKind(where), 'Deny'), { numRuns: 1, seed })[0];
        const before = judge(request);
        const after = judge(withStatement(request, where, deny));
        // Then a denied request stays denied, an explicitly denied one explicitly denied
        if (before !== 'Allowed') expect(after).not.toBe('Allowed');
        if (before === 'ExplicitlyDenied') expect(after).toBe('ExplicitlyDenied');
      }),
      { numRuns: 1000 },
    );
  });

  it('adding an Allow never turns Allowed into a denial, nor an implicit denial into an explicit one', () => {
    fc.assert(
      fc.property(requestArbitrary, place, fc.nat(), (request, where, seed) => {
        // Given a generated request and an Allow added to one of its documents
        const allow = fc.sample(statement(principalKind(where), 'Allow'), { numRuns: 1, seed })[0];
        const before = judge(request);
        const after = judge(withStatement(request, where, allow));
        // Then an allowed request stays allowed
        if (before === 'Allowed') expect(after).toBe('Allowed');
        if (before === 'ImplicitlyDenied') expect(after).not.toBe('ExplicitlyDenied');
      }),
      { numRuns: 1000 },
    );
  });
});
