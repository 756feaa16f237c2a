/**
 * ROLE_NOT_FOUND (docs/formats/causes.md): a role that a readable RoleDetailList does not hold
 * does not exist, so SageMaker cannot assume it (IAM's GetRole answers NoSuchEntity:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html#API_GetRole_Errors).
 * And a RoleArn that is not a role ARN is unusable input
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
import { InputError } from '../../../lambda/errors';
import { isRoleArn } from '../../../lambda/diagnosis/jobs/context';
import { ACCOUNT, OTHER, ROLE_ARN, World, allow, causes, deny, diagnoseWorld, doc, trainingJob } from './world';

const S3_ALL = allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']);
const UNABLE = `ClientError: SageMaker was unable to assume the role '${ROLE_ARN}'`;

describe('ROLE_NOT_FOUND', () => {
  const rows: [string, () => World, string, string[]][] = [
    ['no role of that name', () => new World().bucket('data'), ROLE_ARN, [`ROLE_NOT_FOUND sts:AssumeRole ${ROLE_ARN}`]],
    [
      'a similarly named role is another role',
      () => new World().role({ inline: { data: doc(S3_ALL) } }, 'JobRole-v2').bucket('data'),
      ROLE_ARN,
      [`ROLE_NOT_FOUND sts:AssumeRole ${ROLE_ARN}`],
    ],
    [
      "a bucket policy Deny and another account's Requester Pays bucket give no finding of their own",
      () =>
        new World().bucket('data', {
          account: OTHER,
          requesterPays: true,
          policy: doc(deny('s3:*', ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], { Principal: '*' })),
        }),
      ROLE_ARN,
      [`ROLE_NOT_FOUND sts:AssumeRole ${ROLE_ARN}`],
    ],
    [
      'a role of an account the snapshot does not hold is not known, not missing',
      () =>
        new World().bucket('data', {
          policy: doc(
            allow('s3:*', ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], {
              Principal: { AWS: 'arn:aws:iam::333333333333:root' },
            }),
          ),
        }),
      'arn:aws:iam::333333333333:role/JobRole',
      [],
    ],
    [
      'an existing role without a SageMaker trust is a trust finding, not a missing role',
      () => new World().role({ inline: { data: doc(S3_ALL) }, trust: doc() }).bucket('data'),
      ROLE_ARN,
      [`TRUST_POLICY_NO_SAGEMAKER sts:AssumeRole ${ROLE_ARN}`],
    ],
  ];

  it.each(rows)('%s', async (_, world, role, expected) => {
    const report = await diagnoseWorld(world(), trainingJob({ role, failureReason: UNABLE }));
    expect(causes(report)).toEqual(expected);
    if (expected[0]?.startsWith('ROLE_NOT_FOUND')) {
      // Its other checks are not made: Unknown, and the trust check is denied.
      expect(report.checks.filter((c) => c.action !== 'sts:AssumeRole').map((c) => c.decision)).toEqual(
        expect.arrayContaining(['Unknown']),
      );
      expect(new Set(report.checks.filter((c) => c.action !== 'sts:AssumeRole').map((c) => c.decision))).toEqual(
        new Set(['Unknown']),
      );
      expect(report.checks.find((c) => c.action === 'sts:AssumeRole')?.decision).toBe('ImplicitlyDenied');
      expect(report.findings[0].patch).toMatchObject({ kind: 'manual', target: ROLE_ARN });
      expect(report.findings[0].explanation).toContain(`does not exist in account ${ACCOUNT}`);
    }
  });
});

describe('a RoleArn that is not a role ARN', () => {
  it.each([
    ['arn:aws:iam::111111111111:user/bob', false],
    ['JobRole', false],
    ['arn:aws:iam:::role/JobRole', false],
    ['arn:aws:iam::111111111111:root', false],
    ['arn:aws:s3:::data', false],
    ['arn:aws:iam::111111111111:role/', false],
    ['arn:aws:iam:us-east-1:111111111111:role/JobRole', false],
    ['arn:aws:iam::111111111111:role/JobRole', true],
    ['arn:aws:iam::111111111111:role/service-role/AmazonSageMaker-ExecutionRole-2026', true],
    ['arn:aws-cn:iam::111111111111:role/a/b/c+=,.@_-', true],
  ])('%s is a role ARN: %s', (arn, expected) => {
    expect(isRoleArn(arn)).toBe(expected);
  });

  it('is unusable input: one line naming the field, exit 2', async () => {
    const world = new World().bucket('data');
    const run = diagnoseWorld(world, trainingJob({ role: 'arn:aws:iam::111111111111:user/bob' }));
    await expect(run).rejects.toBeInstanceOf(InputError);
    const error = (await run.catch((e: unknown) => e)) as InputError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('RoleArn');
    expect(error.message).not.toContain('\n');
  });
});
