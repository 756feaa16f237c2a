/**
 * One inline policy that could not be read leaves that policy unknown, not the role's whole
 * list: an explicit Deny in a policy that was read still decides (docs/formats/snapshot.md,
 * unreadableReasons).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';

const ACCOUNT = '111111111111';
const BASE = 'iam/RoleDetailList/PiiGuardedRole/RolePolicyList';
const scenario = JSON.parse(
  readFileSync(join(__dirname, '..', 'scenarios', 'identity-explicit-deny-prefix.json'), 'utf8'),
) as { snapshot: { accounts: Record<string, Record<string, unknown>> }; event: unknown };

/** The scenario with the role's list marked unreadable and these reasons recorded. */
function diagnoseWith(reasons: Record<string, string>, keepList: boolean) {
  const snapshot = JSON.parse(JSON.stringify(scenario.snapshot)) as typeof scenario.snapshot;
  const account = snapshot.accounts[ACCOUNT];
  const role = (account.iam as { RoleDetailList: Record<string, unknown>[] }).RoleDetailList[0];
  role.unreadable = ['RolePolicyList'];
  if (!keepList) delete role.RolePolicyList;
  account.unreadableReasons = reasons;
  return diagnose(
    { event: parseFailureEvent(scenario.event) },
    new SnapshotEvidence(parseSnapshot(snapshot, 'recorded.json')),
  );
}

describe('an inline policy that could not be read', () => {
  it('leaves the explicit Deny of the policies read deciding, and names only the one unread', async () => {
    const why = "inline policy 'extra': iam:GetRolePolicy was denied: not authorized";
    const report = await diagnoseWith({ [`${BASE}/extra`]: why }, true);
    expect(report.findings.map((finding) => finding.cause)).toEqual(['IDENTITY_POLICY_EXPLICIT_DENY']);
    expect(report.incomplete).toContainEqual({ what: "inline policy 'extra' of role PiiGuardedRole", why });
  });

  it('a list that could not be listed at all: nothing of it decides, and incomplete says so in plain words', async () => {
    const report = await diagnoseWith({ [BASE]: 'iam:ListRolePolicies was denied: not authorized' }, false);
    expect(report.findings.map((finding) => finding.cause)).not.toContain('IDENTITY_POLICY_EXPLICIT_DENY');
    expect(report.incomplete).toContainEqual({
      what: 'inline policies of role PiiGuardedRole',
      why: 'iam:ListRolePolicies was denied: not authorized',
    });
  });
});
