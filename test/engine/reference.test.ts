/**
 * Differential test: `evaluate` against the naive reference evaluator written separately from
 * docs/engine.md, on thousands of generated requests.
 */
import fc from 'fast-check';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';
import { evaluate } from '../../lambda/engine/evaluate';
import { referenceEvaluate } from './reference-evaluator';
import { requestArbitrary } from './request-arbitrary';

describe('evaluate agrees with the reference evaluator', () => {
  it('on generated requests: same decision, same blocking layers', () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        // Given a generated request / When both evaluators judge it
        const engine = evaluate(readRequest(request, new PolicyCache()));
        const reference = referenceEvaluate(request);
        // Then they agree
        expect({ decision: engine.decision, blockedBy: engine.blockedBy }).toEqual(reference);
      }),
      { numRuns: 3000 },
    );
  });

  it('the generator reaches every decision and every layer', () => {
    // Given a sample of generated requests / When judged by the reference
    const results = fc.sample(requestArbitrary, 3000).map(referenceEvaluate);
    // Then the sample is not degenerate (it may hold Unknown too: a NotResource variable without a value that decides)
    expect([...new Set(results.map((r) => r.decision))]).toEqual(
      expect.arrayContaining(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']),
    );
    expect(new Set(results.flatMap((r) => r.blockedBy))).toEqual(
      new Set(['identity', 'permissions-boundary', 'resource', 'scp', 'rcp', 'vpc-endpoint', 'session']),
    );
    expect(results.filter((r) => r.decision === 'Allowed').length).toBeGreaterThan(30);
  });
});
