/**
 * The role's one inline policy (docs/formats/report.md, "Patch"): `SageMakerAccessDoctor` for
 * every job of the role, keeping what the role already holds under that name and merging the
 * new grants into it, as put-role-policy replaces a policy of the same name:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 */
import { earlierStatements, mergeGrants, ROLE_POLICY_NAME } from '../../../lambda/diagnosis/patches/role';
import { known, unknown } from '../../../lambda/evidence/evidence';
import type { Report } from '../../../lambda/diagnosis/report';
import {
  ROLE_ARN,
  World,
  allow,
  applyPatches,
  diagnoseSnapshot,
  doc,
  trainingEvent,
  trainingJob,
  type Statement,
} from '../core/world';

const rolePatchOf = (report: Report) => report.findings.find((f) => f.patch?.kind === 'role-inline-policy')?.patch;
const statementsOf = (report: Report) => (rolePatchOf(report)?.document as { Statement: Statement[] }).Statement;
const fixable = (report: Report) => report.findings.filter((f) => f.cause !== 'UNEXPLAINED_ACCESS_DENIED');

describe('mergeGrants', () => {
  const get = (resource: string | string[], extra: Statement = {}) => allow('s3:GetObject', resource, extra);
  const list = (prefixes: string[]) =>
    allow('s3:ListBucket', 'arn:aws:s3:::b', { Condition: { StringLike: { 's3:prefix': prefixes } } });
  it.each<[string, Statement[], Statement[], Statement[]]>([
    ['adds to nothing', [], [get('arn:aws:s3:::b/a*', { Sid: 'G' })], [get('arn:aws:s3:::b/a*', { Sid: 'G' })]],
    [
      'widens a statement of the same actions and condition',
      [get('arn:aws:s3:::b/a*', { Sid: 'Old' })],
      [get('arn:aws:s3:::b/c*', { Sid: 'New' })],
      [get(['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/c*'], { Sid: 'Old' })],
    ],
    [
      'does not repeat a resource it holds',
      [get(['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/c*'], { Sid: 'Old' })],
      [get('arn:aws:s3:::b/c*', { Sid: 'New' })],
      [get(['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/c*'], { Sid: 'Old' })],
    ],
    [
      'merges the s3:prefix values of a ListBucket of the same bucket',
      [{ Sid: 'L', ...list(['a/*']) }],
      [{ Sid: 'M', ...list(['c/*']) }],
      [{ Sid: 'L', ...list(['a/*', 'c/*']) }],
    ],
    [
      'keeps a grant of other actions apart, with a Sid of its own',
      [get('arn:aws:s3:::b/a*', { Sid: 'G' })],
      [allow('s3:PutObject', 'arn:aws:s3:::b/o*', { Sid: 'G' })],
      [get('arn:aws:s3:::b/a*', { Sid: 'G' }), allow('s3:PutObject', 'arn:aws:s3:::b/o*', { Sid: 'Gn2' })],
    ],
    [
      'never widens a statement with more than actions, resources and a condition',
      [get('arn:aws:s3:::b/a*', { Sid: 'G', NotPrincipal: { AWS: '*' } })],
      [get('arn:aws:s3:::b/c*', { Sid: 'H' })],
      [get('arn:aws:s3:::b/a*', { Sid: 'G', NotPrincipal: { AWS: '*' } }), get('arn:aws:s3:::b/c*', { Sid: 'H' })],
    ],
    [
      'never widens a Deny',
      [{ ...get('arn:aws:s3:::b/a*', { Sid: 'D' }), Effect: 'Deny' }],
      [get('arn:aws:s3:::b/c*', { Sid: 'H' })],
      [{ ...get('arn:aws:s3:::b/a*', { Sid: 'D' }), Effect: 'Deny' }, get('arn:aws:s3:::b/c*', { Sid: 'H' })],
    ],
  ])('%s', (_name, kept, added, expected) => {
    expect(mergeGrants(kept, added)).toEqual(expected);
  });

  it('does not change the statements it was given', () => {
    const kept = [get('arn:aws:s3:::b/a*', { Sid: 'Old' })];
    mergeGrants(kept, [get('arn:aws:s3:::b/c*')]);
    expect(kept).toEqual([get('arn:aws:s3:::b/a*', { Sid: 'Old' })]);
  });
});

describe('earlierStatements: what the role holds under the name already', () => {
  const statement = allow('sqs:SendMessage', '*', { Sid: 'Queue' });
  it.each([
    ['no such policy', undefined, { statements: [] }],
    ['a policy object', { name: ROLE_POLICY_NAME, document: known(doc(statement)) }, { statements: [statement] }],
    [
      'a URL-encoded policy, as IAM returns it',
      { name: ROLE_POLICY_NAME, document: known(encodeURIComponent(JSON.stringify(doc(statement)))) },
      { statements: [statement] },
    ],
    [
      'a policy that could not be read',
      { name: ROLE_POLICY_NAME, document: unknown('iam:GetRolePolicy was denied') },
      { statements: [], unreadable: 'iam:GetRolePolicy was denied' },
    ],
    [
      'a text that is no policy',
      { name: ROLE_POLICY_NAME, document: known('not a policy') },
      { statements: [], unreadable: 'it is not a policy document' },
    ],
  ])('%s', (_name, policy, expected) => {
    expect(earlierStatements(policy)).toEqual(expected);
  });
});

describe('one SageMakerAccessDoctor policy per role', () => {
  const job = (name: string, channel: string) => ({
    ...trainingJob({ channels: [{ name: 'train', uri: channel }], output: 's3://data/models/' }),
    TrainingJobName: name,
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:111111111111:training-job/${name}`,
  });

  it.each([
    ['a first job', {}, 0],
    [
      'a role that holds unrelated grants in it already',
      { [ROLE_POLICY_NAME]: doc(allow('sqs:SendMessage', '*', { Sid: 'Queue' })) },
      1,
    ],
  ])(
    'for %s: one policy named SageMakerAccessDoctor that keeps what it held and lifts every denial',
    async (_name, inline, keptCount) => {
      const world = new World().role({ inline: inline as Record<string, Record<string, unknown>> }).bucket('data');
      const snapshot = world.snapshot();
      const event = trainingEvent(job('daily-2026-11-30', 's3://data/train/2026-11-30/'));
      const report = await diagnoseSnapshot(snapshot, event);
      const patch = rolePatchOf(report)!;
      expect(patch).toMatchObject({
        kind: 'role-inline-policy',
        target: ROLE_ARN,
        policyName: ROLE_POLICY_NAME,
        account: '111111111111',
      });
      expect(patch.commands?.[0]).toContain(`--policy-name ${ROLE_POLICY_NAME} `);
      expect(statementsOf(report).filter((s) => s.Sid === 'Queue')).toHaveLength(keptCount);
      expect(fixable(await diagnoseSnapshot(applyPatches(snapshot, report), event))).toEqual([]);
    },
  );

  it("the next day's job of the role widens the same policy instead of adding one", async () => {
    // Given day 1's patch applied
    const world = new World().role({ inline: {} }).bucket('data');
    const day1 = trainingEvent(job('daily-2026-11-30', 's3://data/train/2026-11-30/'));
    const first = applyPatches(world.snapshot(), await diagnoseSnapshot(world.snapshot(), day1));

    // When day 2's job, reading another prefix, fails
    const day2 = trainingEvent(job('daily-2026-12-01', 's3://data/train/2026-12-01/'));
    const report = await diagnoseSnapshot(first, day2);

    // Then its patch is the same policy, day 1's statements widened, not a second policy
    const statements = statementsOf(report);
    expect(rolePatchOf(report)?.policyName).toBe(ROLE_POLICY_NAME);
    const get = statements.find((s) => s.Action === 's3:GetObject');
    expect(get?.Resource).toEqual(['arn:aws:s3:::data/train/2026-11-30/*', 'arn:aws:s3:::data/train/2026-12-01/*']);
    const listed = statements.find((s) => s.Action === 's3:ListBucket');
    expect(listed?.Condition).toEqual({ StringLike: { 's3:prefix': ['train/2026-11-30/*', 'train/2026-12-01/*'] } });
    const second = applyPatches(first, report);
    const roles = (second.accounts as Record<string, { iam: { RoleDetailList: { RolePolicyList: unknown[] }[] } }>)[
      '111111111111'
    ].iam.RoleDetailList;
    expect(roles[0].RolePolicyList).toHaveLength(1);
    // And both days' jobs are fixed by it
    expect(fixable(await diagnoseSnapshot(second, day1))).toEqual([]);
    expect(fixable(await diagnoseSnapshot(second, day2))).toEqual([]);
  });
});
