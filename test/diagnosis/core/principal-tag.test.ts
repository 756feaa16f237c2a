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

describe('aws:PrincipalTag/K from the role Tags', () => {
  const rows: [string, ReturnType<typeof doc>, Record<string, string> | undefined, string][] = [
    ['a policy variable naming the tagged bucket', BY_VARIABLE, { ProjectBucket: 'data' }, 'Allowed'],
    ['a policy variable naming another bucket', BY_VARIABLE, { ProjectBucket: 'other' }, 'ImplicitlyDenied'],
    ['a policy variable without the tag', BY_VARIABLE, undefined, 'ImplicitlyDenied'],
    ['a condition on the tag, matching', BY_CONDITION, { team: 'forecast' }, 'Allowed'],
    ['a condition on the tag, another value', BY_CONDITION, { team: 'ads' }, 'ImplicitlyDenied'],
    ['a condition on the tag, untagged role', BY_CONDITION, {}, 'ImplicitlyDenied'],
  ];

  it.each(rows)('%s', async (_, policy, tags, decision) => {
    const world = new World().role({ inline: { data: policy }, ...(tags && { tags }) }).bucket('data');
    const report = await diagnoseWorld(world, trainingJob());
    for (const action of ['s3:ListBucket', 's3:GetObject', 's3:PutObject'])
      expect(checkOf(report, action)?.decision).toBe(decision);
  });
});
