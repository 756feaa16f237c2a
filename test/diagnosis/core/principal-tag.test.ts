/**
 * The role's tags are `aws:PrincipalTag/K` of its checks, for conditions and policy variables:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltag
 * (SageMaker Unified Studio's project role reaches its bucket only through
 * `${aws:PrincipalTag/AmazonDataZoneProjectBucket}`).
 */
import { World, allow, checkOf, diagnoseWorld, doc, trainingJob } from './world';

const BY_VARIABLE = doc(
  allow(
    ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
    ['arn:aws:s3:::${aws:PrincipalTag/ProjectBucket}', 'arn:aws:s3:::${aws:PrincipalTag/ProjectBucket}/*'],
  ),
);
const BY_CONDITION = doc(
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], {
    Condition: { StringEquals: { 'aws:PrincipalTag/team': 'forecast' } },
  }),
);

/**
 * Everything but the folder the tag names: without the tag, AWS's two readings of a variable
 * without value disagree (docs/engine.md, "Fail-open review").
 */
const ALL_BUT_TAGGED = doc({
  Effect: 'Allow',
  Action: ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
  NotResource: 'arn:aws:s3:::${aws:PrincipalTag/ForbiddenBucket}*',
});

describe('aws:PrincipalTag/K from the role Tags', () => {
  const rows: [string, ReturnType<typeof doc>, Record<string, string> | 'unreadable' | undefined, string][] = [
    ['a policy variable naming the tagged bucket', BY_VARIABLE, { ProjectBucket: 'data' }, 'Allowed'],
    ['a policy variable naming another bucket', BY_VARIABLE, { ProjectBucket: 'other' }, 'ImplicitlyDenied'],
    ['a policy variable without the tag', BY_VARIABLE, undefined, 'ImplicitlyDenied'],
    ['a condition on the tag, matching', BY_CONDITION, { team: 'forecast' }, 'Allowed'],
    ['a condition on the tag, another value', BY_CONDITION, { team: 'ads' }, 'ImplicitlyDenied'],
    ['a condition on the tag, untagged role', BY_CONDITION, {}, 'ImplicitlyDenied'],
    // Tags that could not be read leave the keys unknowable: neither a grant nor a denial.
    ['a condition on the tag, tags not readable', BY_CONDITION, 'unreadable', 'Unknown'],
    ['a policy variable, tags not readable', BY_VARIABLE, 'unreadable', 'Unknown'],
    ['a NotResource variable naming another bucket', ALL_BUT_TAGGED, { ForbiddenBucket: 'other' }, 'Allowed'],
    ['a NotResource variable naming this bucket', ALL_BUT_TAGGED, { ForbiddenBucket: 'data' }, 'ImplicitlyDenied'],
    ['a NotResource variable without the tag: undecided, never a silent Allow', ALL_BUT_TAGGED, undefined, 'Unknown'],
  ];

  it('names the statement it could not decide under incomplete', async () => {
    // Given the NotResource variable without the tag / When diagnosed
    const report = await diagnoseWorld(
      new World().role({ inline: { data: ALL_BUT_TAGGED } }).bucket('data'),
      trainingJob(),
    );
    // Then incomplete says which statement of which policy, and why the checks are Unknown
    expect(report.incomplete).toEqual(
      expect.arrayContaining([
        {
          what: "NotResource (a policy variable without a value) of statement #0 of 'data'",
          why: "AWS's documented readings of it disagree, so the checks that depend on it are Unknown",
        },
      ]),
    );
  });

  it.each(rows)('%s', async (_, policy, tags, decision) => {
    const world = new World().role({ inline: { data: policy }, ...(tags && { tags }) }).bucket('data');
    const report = await diagnoseWorld(world, trainingJob());
    for (const action of ['s3:ListBucket', 's3:GetObject', 's3:PutObject'])
      expect(checkOf(report, action)?.decision).toBe(decision);
  });
});
