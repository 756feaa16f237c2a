/**
 * Table-driven evaluation rules, one JSON fixture file per rule family, grouped by service under
 * test/fixtures/engine/. Each file names the rule and the AWS page that states it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyCache, readRequest } from '../../lambda/cli/simulate-request';
import { evaluate } from '../../lambda/engine/evaluate';

interface FixtureCase {
  name: string;
  request: Record<string, unknown>;
  expect: {
    decision: string;
    blockedBy: string[];
    grantedDirectly?: boolean;
    grantedDirectlyToSession?: boolean;
    kmsGrant?: boolean;
  };
}

interface FixtureFile {
  rule: string;
  doc: string;
  defaults: Record<string, unknown>;
  cases: FixtureCase[];
}

const ROOT = join(__dirname, '..', 'fixtures', 'engine');

/** The service groups of the evaluation fixtures (conditions/ and match/ belong to other suites). */
const SERVICE_GROUPS = ['ec2', 'ecr', 'kms', 's3', 'sts'];

const files = SERVICE_GROUPS.flatMap((group) =>
  readdirSync(join(ROOT, group))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${group}/${name}`),
);

it('has fixtures for every service group', () => {
  // Given the fixture folders / When listed / Then each service has at least one rule file
  expect(new Set(files.map((file) => file.split('/')[0]))).toEqual(new Set(SERVICE_GROUPS));
});

describe.each(files)('%s', (file) => {
  const fixture = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as FixtureFile;

  it(`names its rule and the AWS page that states it (${fixture.doc})`, () => {
    expect(fixture.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(fixture.cases.length).toBeGreaterThan(0);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    // Given the request of the case over the file's defaults
    const request = readRequest({ ...fixture.defaults, ...testCase.request }, new PolicyCache());
    // When it is evaluated
    const evaluation = evaluate(request);
    // Then the decision and the blocking layers are the expected ones
    expect({ decision: evaluation.decision, blockedBy: evaluation.blockedBy }).toEqual({
      decision: testCase.expect.decision,
      blockedBy: testCase.expect.blockedBy,
    });
    if (testCase.expect.grantedDirectly !== undefined) {
      expect(evaluation.grantedDirectly).toBe(testCase.expect.grantedDirectly);
    }
    if (testCase.expect.grantedDirectlyToSession !== undefined) {
      expect(evaluation.grantedDirectlyToSession).toBe(testCase.expect.grantedDirectlyToSession);
    }
    if (testCase.expect.kmsGrant !== undefined)
      expect(evaluation.kmsGrant !== undefined).toBe(testCase.expect.kmsGrant);
  });
});
