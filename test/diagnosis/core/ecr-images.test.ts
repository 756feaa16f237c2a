/**
 * The container image's pull (contract section 6). Images in AWS's own SageMaker registries are
 * pulled with SageMaker's service-owned credentials: no policy of the customer applies, so they
 * are never checked and never the cause (the note of
 * https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/sagemaker-algo-docker-registry-paths.html;
 * the accounts: lambda/diagnosis/checks/sagemaker-registries.json). An image in a repository of an
 * account outside the evidence has an unknown repository policy: cross-account pulls need it
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html), so with
 * the role's side allowing, the report says so and gives the statements the owner must add.
 */
import { ACCOUNT, REGION, World, allow, causes, checkOf, diagnoseWorld, doc, trainingJob } from './world';

const PARTNER = '444455556666';
const PULLS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const ECR_ALL = allow([...PULLS, 'ecr:GetAuthorizationToken'], '*');
const S3_ALL = allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']);
const DENIED =
  'ClientError: Cannot pull algorithm container. Either the image does not exist or its permissions are incorrect.';
const image = (account: string, region: string, name: string) => `${account}.dkr.ecr.${region}.amazonaws.com/${name}`;
const repository = (account: string, name: string) => `arn:aws:ecr:${REGION}:${account}:repository/${name}`;
const ecrCauses = (report: Parameters<typeof causes>[0]) => causes(report).filter((line) => line.includes(' ecr:'));

describe('the container image of a job', () => {
  const rows: [string, string, boolean, string[]][] = [
    [
      "in AWS's Deep Learning Containers registry, the role without any ECR permission: not checked",
      image('763104351884', REGION, 'pytorch-training:2.3-gpu-py311'),
      false,
      [],
    ],
    [
      "in AWS's built-in algorithm registry (XGBoost): not checked",
      image('683313688378', REGION, 'sagemaker-xgboost:1.7-1'),
      false,
      [],
    ],
    [
      "in AWS's registry of another Region (eu-west-1 XGBoost): not checked",
      image('141502667606', 'eu-west-1', 'sagemaker-xgboost:1.7-1'),
      false,
      [],
    ],
    [
      "in a partner's account outside the snapshot, the role allowing the pull: the owner's policy is unknown",
      image(PARTNER, REGION, 'scorer:3'),
      true,
      PULLS.map((action) => `CROSS_ACCOUNT_POLICY_UNKNOWN ${action} ${repository(PARTNER, 'scorer')}`),
    ],
    [
      "in a partner's account outside the snapshot, the role not allowing the pull: the role's side denies",
      image(PARTNER, REGION, 'scorer:3'),
      false,
      [
        'IDENTITY_POLICY_NO_ALLOW ecr:GetAuthorizationToken *',
        ...PULLS.map((action) => `IDENTITY_POLICY_NO_ALLOW ${action} ${repository(PARTNER, 'scorer')}`),
      ],
    ],
  ];

  it.each(rows)('%s', async (_what, uri, rolePulls, expected) => {
    // Given a role whose own side allows the pull or not, and the job's image
    const policies = rolePulls ? doc(S3_ALL, ECR_ALL) : doc(S3_ALL);
    const world = new World().role({ inline: { d: policies } }).bucket('data');
    // When the failed job is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ image: uri, failureReason: DENIED }));
    // Then the ECR findings are exactly the expected ones
    expect(ecrCauses(report)).toEqual(expected);
    if (expected.length === 0) expect(report.checks.filter((check) => check.action.startsWith('ecr:'))).toEqual([]);
  });

  it('gives the partner the statements to add, as one repository-policy document, and keeps the checks Unknown', async () => {
    // Given a partner image the role may pull
    const world = new World().role({ inline: { d: doc(S3_ALL, ECR_ALL) } }).bucket('data');
    // When diagnosed
    const report = await diagnoseWorld(
      world,
      trainingJob({ image: image(PARTNER, REGION, 'scorer:3'), failureReason: DENIED }),
    );
    // Then the pulls are Unknown (not denied), and the patch is the owner's statement naming the role
    for (const action of PULLS) expect(checkOf(report, action)?.decision).toBe('Unknown');
    const finding = report.findings.find((f) => f.cause === 'CROSS_ACCOUNT_POLICY_UNKNOWN');
    expect(finding?.patch).toMatchObject({
      kind: 'statement-for-owner',
      target: repository(PARTNER, 'scorer'),
      account: PARTNER,
    });
    expect(JSON.stringify(finding?.patch?.document)).toContain(`arn:aws:iam::${ACCOUNT}:role/ml/JobRole`);
    expect(report.incomplete.map((entry) => entry.what)).toContain('ECR repository scorer');
  });
});

describe("the data of AWS's SageMaker registries", () => {
  it('names its source and holds 12-digit accounts for each Region, the Deep Learning Containers account among them', async () => {
    const data = (await import('../../../lambda/diagnosis/checks/sagemaker-registries.json')).default;
    expect(data.source).toMatch(/^https:\/\/github\.com\/aws\/sagemaker-python-sdk\//);
    expect(data.description).toContain('https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/');
    const registries: Record<string, string[]> = data.registries;
    expect(Object.keys(registries)).toEqual(
      expect.arrayContaining(['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1']),
    );
    for (const accounts of Object.values(registries))
      for (const account of accounts) expect(account).toMatch(/^\d{12}$/);
    expect(registries['us-east-1']).toEqual(expect.arrayContaining(['763104351884', '683313688378']));
  });
});
