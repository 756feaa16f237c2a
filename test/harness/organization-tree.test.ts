/**
 * A small organization is read whole, once per instance (lambda/evidence/live/organization-tree.ts):
 * the levels it gives equal those of the walk up from each account, and a burst from every
 * account costs Organizations at most 2 x (accounts + OUs) calls.
 */
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { burstWorld, CENTRAL } from '../../bench/burst-world';
import { useFakeAws } from './harness';

const ROLE = 'SageMakerAccessDoctorReader';
const ACCOUNTS = 8;
const OUS = 2;

/** Each account's SCP levels by name, root first, read live on the tree fake. */
async function levelsOfEveryAccount(faults: Record<string, 'denied'> = {}) {
  const world = burstWorld(ACCOUNTS, OUS, ACCOUNTS);
  const aws = await useFakeAws(world.snapshot, { pageSize: 20, organizationTree: world.tree, faults }, CENTRAL);
  try {
    const levels: Record<string, unknown> = {};
    for (const account of world.members) {
      const live = await createLiveEvidence({ region: 'us-east-1', account: CENTRAL, crossAccountRoleName: ROLE });
      const organization = await live.evidence.organization(account);
      const scps = organization.known && organization.value?.scps;
      levels[account] = scps && scps.known ? scps.value.map((level) => level.map((policy) => policy.name)) : scps;
    }
    return { levels, operations: aws.operations().filter((operation) => operation.startsWith('organizations:')) };
  } finally {
    await aws.stop();
  }
}

describe('a small organization read whole', () => {
  it('gives every account the levels that the walk up from it gives', async () => {
    const whole = await levelsOfEveryAccount();
    // The tree's reads are refused: the walk answers instead
    const walked = await levelsOfEveryAccount({ 'organizations:ListRoots': 'denied' });
    expect(whole.operations).toContain('organizations:ListTargetsForPolicy');
    expect(walked.operations).toContain('organizations:ListParents');
    expect(whole.levels).toEqual(walked.levels);
    expect(Object.values(whole.levels)[0]).toEqual([
      ['FullAWSAccess'],
      ['FullAWSAccess', 'DenyLeavingOrganization'],
      ['FullAWSAccess'],
    ]);
  });

  it('costs a burst from every account at most 2 x (accounts + OUs) Organizations calls', async () => {
    // Given failures from every account, diagnosed by one instance
    const world = burstWorld(ACCOUNTS, OUS, 3 * ACCOUNTS);
    const aws = await useFakeAws(world.snapshot, { pageSize: 20, organizationTree: world.tree }, CENTRAL);
    try {
      for (const event of world.events) {
        const live = await createLiveEvidence({ region: 'us-east-1', account: CENTRAL, crossAccountRoleName: ROLE });
        const report = await diagnose({ event: parseFailureEvent(event) }, live.evidence);
        expect(report.incomplete.filter((entry) => /organization/i.test(entry.why))).toEqual([]);
      }
      // Then Organizations was read once for the whole organization
      const calls = aws.operations().filter((operation) => operation.startsWith('organizations:'));
      expect(calls.length).toBeLessThanOrEqual(2 * (ACCOUNTS + OUS));
      expect(calls).not.toContain('organizations:ListParents');
    } finally {
      await aws.stop();
    }
  });
});
