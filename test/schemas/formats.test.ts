/**
 * The published schemas (schemas/*.schema.json) against what the project reads and writes: every
 * snapshot fixture validates, and so does the report of every scenario; the snapshot schema
 * rejects what the loader rejects; the requests schema admits what `simulate` reads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyCache, readRequest, RequestError } from '../../lambda/cli/simulate-request';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { fixture, setAt } from '../evidence/snapshot/helpers';
import { reportErrors, requestsErrors, snapshotErrors } from './validators';

const ROOT = join(__dirname, '..', '..');
const read = (...path: string[]): unknown => JSON.parse(readFileSync(join(ROOT, ...path), 'utf8'));

/** Every scenario of the repository: the acceptance copies and our own, with the example. */
type Scenario = { snapshot: unknown; event: unknown };
const SCENARIOS: (readonly [string, Scenario])[] = [
  ...['test/fixtures/acceptance', 'test/scenarios'].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => name.endsWith('.json'))
      .map((name) => [`${dir}/${name}`, read(dir, name) as { snapshot: unknown; event: unknown }] as const),
  ),
  ['examples', { snapshot: read('examples', 'snapshot.json'), event: read('examples', 'event.json') }],
];

describe('schemas/report.schema.json', () => {
  it('has scenarios to judge', () => {
    expect(SCENARIOS.length).toBeGreaterThan(40);
  });

  it.each(SCENARIOS)('admits the report of %s', async (name, scenario) => {
    // Given a scenario's snapshot and event / When it is diagnosed
    const report = await diagnose(
      { event: parseFailureEvent(scenario.event) },
      new SnapshotEvidence(parseSnapshot(scenario.snapshot, name)),
    );

    // Then the report validates, as the Lambda publishes it and the CLI prints it (JSON)
    expect(reportErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  it('rejects a report that strays from the format', async () => {
    // Given a valid report with an unknown cause, a decision of no kind and an extra key
    const [name, scenario] = SCENARIOS[0];
    const report = await diagnose(
      { event: parseFailureEvent(scenario.event) },
      new SnapshotEvidence(parseSnapshot(scenario.snapshot, name)),
    );
    const json = JSON.parse(JSON.stringify(report)) as { findings: unknown[]; checks: { decision: string }[] };

    // When each is validated / Then each is refused
    expect(reportErrors({ ...json, extra: 1 })).not.toEqual([]);
    expect(reportErrors({ ...json, checks: [{ ...json.checks[0], decision: 'Maybe' }] })).not.toEqual([]);
    expect(
      reportErrors({ ...json, findings: [{ cause: 'NO_SUCH_CAUSE', explanation: '', evidence: [], patch: null }] }),
    ).not.toEqual([]);
  });
});

describe('schemas/snapshot.schema.json', () => {
  it.each([
    ...SCENARIOS.map(([name, scenario]) => [name, scenario.snapshot] as const),
    ['test/fixtures/snapshot/multi-account.json', fixture('multi-account.json')] as const,
  ])('admits the snapshot of %s', (_name, snapshot) => {
    expect(snapshotErrors(snapshot)).toEqual([]);
  });

  interface InvalidCase {
    name: string;
    path: (string | number)[];
    value?: unknown;
    delete?: boolean;
  }
  /** What the loader checks beyond the schema: the account an ARN names, and keys not named by alias. */
  const BEYOND_THE_SCHEMA = [
    'a role is listed under another account',
    'a key is named by an alias',
    'a key ARN names another account',
    'a key ARN is malformed',
  ];
  const invalid = (fixture('invalid-cases.json') as InvalidCase[]).filter(
    (testCase) => !BEYOND_THE_SCHEMA.includes(testCase.name),
  );

  it.each(invalid.map((testCase) => [testCase.name, testCase] as const))(
    'rejects, as the loader does, a snapshot where %s',
    (_name, testCase) => {
      // Given the valid fixture with one field broken
      const json = setAt(fixture('multi-account.json'), testCase.path, testCase.value, testCase.delete === true);

      // When it is validated by the schema alone / Then it is refused, so an editor flags it too
      expect(snapshotErrors(json)).not.toEqual([]);
      expect(() => parseSnapshot(json, 'snap.json')).toThrow();
    },
  );
});

describe('schemas/requests.schema.json', () => {
  const batch = read('test/fixtures/engine/simulate/batch.json') as { requests: { id: unknown }[] };

  it('admits the requests file of the simulate tests as a whole only once its bad requests are dropped', () => {
    // Given the batch, whose requests "bad-field" and "two-boundaries" simulate answers with an Error
    const bad = ['bad-field', 'two-boundaries'];
    const good = batch.requests.filter((request) => !bad.includes(request.id as string));

    // When validated / Then the batch is refused, its good requests admitted, in both top-level shapes
    expect(requestsErrors(batch)).not.toEqual([]);
    expect(requestsErrors({ requests: good })).toEqual([]);
    expect(requestsErrors(good)).toEqual([]);
  });

  it.each(batch.requests.map((request) => [String(request.id), request] as const))(
    'judges request %s as simulate reads its fields',
    (_id, request) => {
      // Given one request / When the schema and simulate's reader judge its fields
      let fieldError = false;
      try {
        readRequest(request, new PolicyCache());
      } catch (error) {
        // A document that does not compile is the engine's to judge, not the schema's.
        fieldError = error instanceof RequestError;
      }

      // Then both agree
      expect(requestsErrors([request]).length > 0).toBe(fieldError);
    },
  );
});
