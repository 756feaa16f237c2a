/**
 * Unknowable context keys (`unknownKeys`, docs/engine.md, "Unknowable context keys"): a
 * condition on such a key is neither true nor false
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html),
 * so a decision that the engine gives as known must be the decision of every value the keys
 * could have. The table of cases is test/fixtures/engine/s3/unknown-keys.json; here the property
 * over generated requests, and the request format.
 */
import fc from 'fast-check';
import { PolicyCache, readRequest, RequestError } from '../../lambda/cli/simulate-request';
import { evaluate } from '../../lambda/engine/evaluate';
import { explain } from '../../lambda/engine/explain';
import { compilePolicy } from '../../lambda/engine/policy';
import type { Evaluation } from '../../lambda/engine/types';
import type { RefRequest } from './reference-evaluator';
import { requestArbitrary, statement } from './request-arbitrary';

type Doc = { Statement: Record<string, unknown>[] };

const TAG = 's3:ExistingObjectTag/c';
const PRINCIPAL_TAG = 'aws:PrincipalTag/t';

/**
 * Every value a key can take that the generated policies and resources tell apart, and
 * "absent" (the two keys share values so that `${aws:PrincipalTag/t}` can equal the tag).
 */
const VALUES: Record<string, (string | undefined)[]> = {
  [TAG]: [undefined, 'x', 'y', 'z', 'a', 'b'],
  [PRINCIPAL_TAG]: [undefined, 'a', 'b', 'c', 'x'],
};

/** The unknownKeys of a request, and the keys they name among those the policies read. */
const UNKNOWN_SETS: { patterns: string[]; keys: string[] }[] = [
  { patterns: ['s3:ExistingObjectTag/*'], keys: [TAG] },
  { patterns: ['S3:EXISTINGOBJECTTAG/C'], keys: [TAG] },
  { patterns: [PRINCIPAL_TAG], keys: [PRINCIPAL_TAG] },
  { patterns: ['s3:ExistingObjectTag/*', 'aws:PrincipalTag/*'], keys: [TAG, PRINCIPAL_TAG] },
];

const tagCondition = fc.constantFrom<Record<string, unknown>>(
  { StringEquals: { [TAG]: 'x' } },
  { StringEquals: { [TAG]: ['x', 'y'] } },
  { StringNotEquals: { [TAG]: 'y' } },
  { StringEqualsIfExists: { [TAG]: 'x' } },
  { StringNotEqualsIfExists: { [TAG]: 'x' } },
  { StringLike: { [TAG]: '*' } },
  { Null: { [TAG]: 'true' } },
  { Null: { [TAG]: 'false' } },
  { 'ForAnyValue:StringEquals': { [TAG]: 'z' } },
  { 'ForAllValues:StringEquals': { [TAG]: 'x' } },
  { StringEquals: { [TAG]: 'x', [PRINCIPAL_TAG]: 'a' } },
  { StringEquals: { [TAG]: '${aws:PrincipalTag/t}' } },
  { StringNotEquals: { [PRINCIPAL_TAG]: 'b' } },
);

type Place = 'identity' | 'boundary' | 'resource' | 'scp' | 'endpoint' | 'session';
const kindAt = (place: Place) => (place === 'resource' || place === 'endpoint' ? 'principal' : 'none');

/** A statement that reads an unknowable key, for one place. */
const tagStatement = fc
  .constantFrom<Place>('identity', 'identity', 'resource', 'resource', 'boundary', 'scp', 'endpoint', 'session')
  .chain((place) =>
    fc
      .tuple(statement(kindAt(place)), tagCondition, fc.constantFrom(false, false, false, true))
      .map(([s, condition, variableResource]) => {
        const withTag: Record<string, unknown> = { ...s, Condition: condition };
        if (variableResource) {
          delete withTag.NotResource;
          withTag.Resource = 'arn:aws:s3:::bk/${s3:ExistingObjectTag/c}*';
        }
        return { place, statement: withTag };
      }),
  );

function addStatement(request: RefRequest, place: Place, extra: Record<string, unknown>): void {
  const add = (doc: Doc) => doc.Statement.push(extra);
  const first = (docs: Doc[] | undefined) => docs && docs.length > 0 && add(docs[0]);
  if (place === 'identity') first(request.identityPolicies as Doc[]);
  if (place === 'boundary') first(request.permissionBoundaries as Doc[]);
  if (place === 'resource' && request.resourcePolicy) add(request.resourcePolicy as Doc);
  if (place === 'scp') first(request.scps?.[0] as Doc[] | undefined);
  if (place === 'endpoint') first(request.vpcEndpointPolicies as Doc[]);
  if (place === 'session' && request.sessionPolicy) add(request.sessionPolicy as Doc);
}

const withTags = fc
  .tuple(requestArbitrary, fc.array(tagStatement, { minLength: 1, maxLength: 4 }), fc.constantFrom(...UNKNOWN_SETS))
  .map(([base, statements, unknown]) => {
    const request = structuredClone(base);
    for (const { place, statement: s } of statements) addStatement(request, place, s);
    return { request, unknown };
  });

/** Every assignment of values to `keys`. */
function assignments(keys: string[]): Record<string, string | undefined>[] {
  return keys.reduce<Record<string, string | undefined>[]>(
    (all, key) => all.flatMap((partial) => VALUES[key].map((value) => ({ ...partial, [key]: value }))),
    [{}],
  );
}

function evaluateRaw(request: Record<string, unknown>): Evaluation {
  return evaluate(readRequest(request, new PolicyCache()));
}

/** The request with `values` in its context (absent keys removed) and no unknownKeys. */
function assigned(request: RefRequest, values: Record<string, string | undefined>): RefRequest {
  const context: Record<string, string | string[]> = { ...request.context };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete context[key];
    else context[key] = value;
  }
  return { ...request, context };
}

describe('unknowable context keys', () => {
  it('a known decision is the decision of every value the unknowable keys could have', () => {
    let known = 0;
    let unknown = 0;
    fc.assert(
      fc.property(withTags, ({ request, unknown: set }) => {
        // Given a request whose policies read keys the request names unknowable
        const aware = evaluateRaw({ ...request, unknownKeys: set.patterns });
        // When each assignment of those keys is evaluated as a known context
        const decisions = assignments(set.keys).map((values) => evaluateRaw({ ...assigned(request, values) }));
        // Then a known decision is every assignment's decision
        if (aware.decision !== 'Unknown') {
          known++;
          for (const each of decisions) expect(each.decision).toBe(aware.decision);
        } else {
          unknown++;
          // and an Unknown one's blocking layers deny in every assignment
          for (const each of decisions) expect(each.blockedBy).toEqual(expect.arrayContaining(aware.blockedBy));
        }
      }),
      { numRuns: 800 },
    );
    // Both outcomes were reached: the property was not checked on one side only.
    expect(known).toBeGreaterThan(10);
    expect(unknown).toBeGreaterThan(10);
  });

  it('is Unknown exactly when the assignments disagree, else their decision, for one statement on one key', () => {
    // The two worlds are exact when one statement reads the unknowable key and its condition can be
    // made true and false by the key's value: each world is then the world of one assignment.
    const oneKeyCondition = fc.constantFrom<Record<string, unknown>>(
      { StringEquals: { [TAG]: 'x' } },
      { StringEquals: { [TAG]: ['x', 'y'] } },
      { StringNotEquals: { [TAG]: 'y' } },
      { StringEqualsIfExists: { [TAG]: 'x' } },
      { StringNotEqualsIfExists: { [TAG]: 'x' } },
      { StringLike: { [TAG]: '*' } },
      { Null: { [TAG]: 'true' } },
      { Null: { [TAG]: 'false' } },
      { 'ForAnyValue:StringEquals': { [TAG]: 'z' } },
      { 'ForAllValues:StringEquals': { [TAG]: 'x' } },
    );
    const oneStatement = fc
      .tuple(
        requestArbitrary,
        fc.constantFrom<Place>('identity', 'resource', 'boundary', 'scp', 'endpoint', 'session'),
        oneKeyCondition,
      )
      .chain(([base, place, condition]) =>
        statement(kindAt(place)).map((s) => {
          const request = structuredClone(base);
          addStatement(request, place, { ...s, Condition: condition });
          return request;
        }),
      );
    const seen = { agree: 0, disagree: 0 };
    fc.assert(
      fc.property(oneStatement, (request) => {
        // Given a request with one statement on the unknowable key
        const aware = evaluateRaw({ ...request, unknownKeys: ['s3:ExistingObjectTag/*'] });
        // When every assignment of the key is evaluated
        const decisions = new Set(
          assignments([TAG]).map((values) => evaluateRaw({ ...assigned(request, values) }).decision),
        );
        // Then the aware decision is theirs when they agree, and Unknown exactly when they do not
        if (decisions.size === 1) {
          seen.agree++;
          expect(aware.decision).toBe([...decisions][0]);
        } else {
          seen.disagree++;
          expect(aware.decision).toBe('Unknown');
        }
      }),
      { numRuns: 800 },
    );
    expect(seen.agree).toBeGreaterThan(10);
    expect(seen.disagree).toBeGreaterThan(10);
  });

  it('names the keys the decision depends on', () => {
    // Given AmazonSageMakerFullAccess's JumpStart grant on objects whose tags were not read
    const identity = compilePolicy(
      {
        Statement: {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEqualsIgnoreCase: { 's3:ExistingObjectTag/SageMaker': 'true' } },
        },
      },
      { policyType: 'identity', name: 'AmazonSageMakerFullAccess' },
    );
    // When evaluated
    const evaluation = evaluate({
      principal: 'arn:aws:sts::111111111111:assumed-role/R/SageMaker',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::acme-churn-data/train/*',
      identityPolicies: [identity],
      unknownKeys: ['s3:ExistingObjectTag/*'],
    });
    // Then it is Unknown and says on which key
    expect(evaluation.decision).toBe('Unknown');
    expect(evaluation.dependsOn).toEqual(['s3:ExistingObjectTag/SageMaker']);
    expect(explain(evaluation)).toContain('depends on: s3:ExistingObjectTag/SageMaker (value not known)');
  });

  it('an unknown permissions boundary makes a NotPrincipal Deny undecided, not a denial', () => {
    // Given a bucket policy denying all but the role through NotPrincipal, and a boundary layer not known
    const resourcePolicy = compilePolicy(
      {
        Statement: {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/R' },
          Action: 's3:*',
          Resource: '*',
        },
      },
      { policyType: 'resource' },
    );
    const identity = compilePolicy(
      { Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } },
      { policyType: 'identity' },
    );
    const base = {
      principal: 'arn:aws:sts::111111111111:assumed-role/R/SageMaker',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      resourceAccount: '111111111111',
      identityPolicies: [identity],
      resourcePolicy,
    };
    // When evaluated with the boundary unknown, known absent
    const unknownBoundary = evaluate({ ...base, layerEvidence: { 'permissions-boundary': 'unknown' } });
    const noBoundary = evaluate(base);
    // Then the first is Unknown (the Deny applies only with a boundary), the second Allowed
    expect(unknownBoundary.decision).toBe('Unknown');
    expect(unknownBoundary.dependsOn).toEqual(['permissions boundary']);
    expect(noBoundary.decision).toBe('Allowed');
  });

  it.each([
    [{ unknownKeys: 's3:ExistingObjectTag/*' }, "'unknownKeys' must be a list"],
    [{ unknownKeys: [3] }, "'unknownKeys[0]' must be a context key name"],
    [{ unknownKeys: [''] }, "'unknownKeys[0]' must be a context key name"],
  ])('simulate refuses a malformed unknownKeys %j', (field, message) => {
    // Given a request whose unknownKeys is not a list of key names / When read / Then a RequestError names it
    const request = { principal: 'arn:aws:iam::111111111111:role/R', action: 's3:GetObject', resource: '*', ...field };
    expect(() => readRequest(request, new PolicyCache())).toThrow(RequestError);
    expect(() => readRequest(request, new PolicyCache())).toThrow(message);
  });

  it('simulate reads unknownKeys', () => {
    // Given a request naming unknowable keys / When read / Then they reach the engine
    const request = readRequest(
      {
        principal: 'arn:aws:iam::111111111111:role/R',
        action: 's3:GetObject',
        resource: '*',
        unknownKeys: ['s3:ExistingObjectTag/*'],
      },
      new PolicyCache(),
    );
    expect(request.unknownKeys).toEqual(['s3:ExistingObjectTag/*']);
  });
});
