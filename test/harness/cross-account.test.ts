/**
 * The Lambda's way into other accounts on the wire fake: a role assumed in the accounts of the
 * organization (ListAccounts), never in an account guessed from an image host or a bucket name.
 */
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { OWN, type Scenario, useFakeAws } from './harness';
import { allScenarios, withReasonsMasked } from './scenarios';

const ROLE = 'AccessDoctorRead';
/** The organization ids a scenario's accounts state. */
const organizationIds = (data: Scenario) =>
  new Set(
    Object.values(data.snapshot.accounts).flatMap((account) =>
      account.organization && typeof account.organization === 'object' ? [account.organization.id] : [],
    ),
  );
// Accounts of two organizations: the other organization's policies are no caller's of ours to read.
const severalAccounts = allScenarios().filter(
  (data) =>
    Object.keys(data.snapshot.accounts).length > 1 &&
    organizationIds(data).size <= 1 &&
    !Object.values(data.snapshot.accounts).some((account) =>
      Object.values(account.s3?.buckets ?? {}).some((bucket) => bucket?.objects !== undefined),
    ),
);

/**
 * The scenario's accounts in one organization: the role is assumed only in its accounts. An
 * account the scenario puts in no organization gets one without SCPs or RCPs, which decides
 * as no organization does.
 */
function inOneOrganization(data: Scenario): Scenario {
  const copy = JSON.parse(JSON.stringify(data)) as Scenario;
  for (const account of Object.values(copy.snapshot.accounts))
    account.organization ??= { id: 'o-harness', scps: [], rcps: [] };
  return copy;
}

async function liveAndOffline(original: Scenario) {
  const data = inOneOrganization(original);
  const aws = await useFakeAws(data.snapshot);
  try {
    const live = await createLiveEvidence({ region: data.snapshot.region, account: OWN, crossAccountRoleName: ROLE });
    const liveReport = await diagnose({ event: parseFailureEvent(data.event) }, live.evidence);
    const offline = await diagnose(
      { event: parseFailureEvent(data.event) },
      new SnapshotEvidence(parseSnapshot(data.snapshot, 'x.json')),
    );
    const assumed = aws
      .calls()
      .filter((call) => call.operation === 'AssumeRole')
      .map((call) => String(call.params.RoleArn));
    return { liveReport, offline, assumed };
  } finally {
    await aws.stop();
  }
}

describe('a diagnosis across accounts with the cross-account role', () => {
  it('covers the scenarios of several accounts', () => expect(severalAccounts.length).toBeGreaterThanOrEqual(5));

  it.each(severalAccounts.map((data) => [data.name, data] as const))(
    '%s: reads the other accounts of the organization and reports what the offline diagnosis reports',
    async (_name, data) => {
      const { liveReport, offline, assumed } = await liveAndOffline(data);
      expect(withReasonsMasked(liveReport)).toEqual(withReasonsMasked(offline));
      const accounts = Object.keys(data.snapshot.accounts);
      for (const arn of assumed) expect(accounts).toContain(arn.split(':')[4]);
    },
  );

  it("never assumes a role in AWS's algorithm registry account or an account named by a bucket's digits", async () => {
    // Given a job whose image is in AWS's own registry and whose output bucket's name holds 12 digits
    const base = severalAccounts.find((data) => data.name === 'cross-account-bucket-policy-no-allow') as Scenario;
    const data = JSON.parse(
      JSON.stringify(base)
        .replace(
          /"TrainingImage":"[^"]*"/g,
          '"TrainingImage":"683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"',
        )
        .replace(/s3:\/\/[a-z0-9.-]+\/(output|models?)/g, 's3://sagemaker-us-east-1-999999999999/$1'),
    ) as Scenario;
    const { assumed } = await liveAndOffline(data);
    // Then roles were assumed only in the organization's accounts
    expect(assumed.length).toBeGreaterThan(0);
    expect(assumed.filter((arn) => /683313688378|999999999999/.test(arn))).toEqual([]);
  });
});
