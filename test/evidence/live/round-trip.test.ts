import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../../lambda/diagnosis/events';
import type { Report } from '../../../lambda/diagnosis/report';
import { parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../../lambda/evidence/snapshot/snapshot-evidence';
import type { Snapshot } from '../../../lambda/evidence/snapshot/types';
import { createLiveEvidence } from '../../../lambda/evidence/live/live-evidence';
import { fakeAws } from './fake-aws';
import { OWN, resetLiveCaches } from './helpers';

const SCENARIOS = join(__dirname, '..', '..', 'fixtures', 'acceptance');
// The single-account scenarios: every one of their reads is answered by the caller's account.
const NAMES = [
  'bucket-policy-denies-role',
  'kms-key-policy-no-delegation',
  'kms-identity-missing-decrypt',
  'permissions-boundary-blocks-getobject',
  'scp-denies-restricted-data',
  'sagemaker-full-access-bucket-name',
  'trust-policy-not-sagemaker',
  'volume-key-missing-creategrant',
  'endpoint-model-data-not-readable',
  'tuning-definition-role-missing-validation-read',
  'pipeline-step-processing-output-not-writable',
];

interface Scenario {
  snapshot: Snapshot;
  event: unknown;
}

const load = (name: string): Scenario => JSON.parse(readFileSync(join(SCENARIOS, `${name}.json`), 'utf8')) as Scenario;
/** A report without the wording of why evidence is missing (live and offline word it differently). */
const comparable = (report: Report) => ({ ...report, incomplete: report.incomplete.map((entry) => entry.what) });

describe('a live diagnosis', () => {
  beforeEach(() => resetLiveCaches());

  it.each(NAMES)(
    'of %s finds what the offline diagnosis finds, and its recorded snapshot replays to the same report',
    async (name) => {
      // Given AWS answering as the scenario's snapshot says
      const scenario = load(name);
      const aws = fakeAws(scenario.snapshot, OWN);
      try {
        // When the failure is diagnosed live, recording what was read
        const live = await createLiveEvidence({ region: scenario.snapshot.region, account: OWN });
        const liveReport = await diagnose({ event: parseFailureEvent(scenario.event) }, live.evidence);
        // Then the recorded snapshot is a valid snapshot that replays to the same report
        const recorded = parseSnapshot(JSON.parse(JSON.stringify(live.snapshot())), 'recorded.json');
        const replayed = await diagnose({ event: parseFailureEvent(scenario.event) }, new SnapshotEvidence(recorded));
        expect(comparable(replayed)).toEqual(comparable(liveReport));
        // And the live findings and checks are those of the offline diagnosis of the scenario
        const offline = await diagnose(
          { event: parseFailureEvent(scenario.event) },
          new SnapshotEvidence(parseSnapshot(scenario.snapshot, `${name}.json`)),
        );
        expect(liveReport.findings).toEqual(offline.findings);
        expect(liveReport.checks).toEqual(offline.checks);
      } finally {
        aws.restore();
      }
    },
  );
});
