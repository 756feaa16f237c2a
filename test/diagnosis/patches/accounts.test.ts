/**
 * Which account runs a patch (docs/formats/report.md, "Patch", `account`), and what the text
 * report says of it: "run as account N" for another account's patch, and that a policy patch
 * replaces the whole document as it was read. A service-linked role takes no patch of its own
 * policies: its fixes are manual.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 */
import { renderText } from '../../../lambda/diagnosis/render-text';
import type { Report } from '../../../lambda/diagnosis/report';
import {
  ACCOUNT,
  DOWNLOAD_DENIED,
  OTHER,
  TRUST,
  World,
  allow,
  delegate,
  deny,
  diagnoseWorld,
  doc,
  keyArn,
  trainingJob,
} from '../core/world';

const S3_ALL = (bucket: string) =>
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);
const PARTNER_KEY = keyArn(OTHER, 'pk');

/** kind target account, for every distinct patch of the report. */
const accounts = (report: Report): string[] => [
  ...new Set(
    report.findings.flatMap((f) => (f.patch ? [`${f.patch.kind} ${f.patch.target} ${f.patch.account ?? '-'}`] : [])),
  ),
];

describe('account: whose credentials run the patch', () => {
  it.each<[string, () => World, Record<string, unknown>, string[]]>([
    [
      "the role's own policy: the role's account",
      () => new World().role({ inline: {} }).bucket('data'),
      {},
      [`role-inline-policy arn:aws:iam::${ACCOUNT}:role/ml/JobRole ${ACCOUNT}`],
    ],
    [
      "another account's bucket and key: their owner",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL('partner'), S3_ALL('data'), allow('kms:Decrypt', PARTNER_KEY)) } })
          .bucket('partner', {
            account: OTHER,
            policy: null,
            encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: PARTNER_KEY },
          })
          .key(PARTNER_KEY, { policy: doc(delegate(OTHER)) })
          .bucket('data'),
      { channels: [{ name: 'train', uri: 's3://partner/in/' }] },
      [`bucket-policy arn:aws:s3:::partner ${OTHER}`, `key-policy ${PARTNER_KEY} ${OTHER}`],
    ],
    [
      "a trust policy: the role's account",
      () =>
        new World()
          .role({
            trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
            inline: { d: doc(S3_ALL('data')) },
          })
          .bucket('data'),
      {},
      [`trust-policy arn:aws:iam::${ACCOUNT}:role/ml/JobRole ${ACCOUNT}`],
    ],
    [
      "an identity Deny, manual: the role's account",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL('data'), deny('s3:GetObject', '*', { Sid: 'No' })) } })
          .bucket('data'),
      {},
      [`manual arn:aws:iam::${ACCOUNT}:role/ml/JobRole ${ACCOUNT}`],
    ],
    [
      "a Requester Pays bucket of another account, manual: the bucket's owner",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL('partner'), S3_ALL('data')) } })
          .bucket('partner', { account: OTHER, requesterPays: true })
          .bucket('data'),
      { channels: [{ name: 'train', uri: 's3://partner/in/' }] },
      // The bucket policy grants nothing either: both are the owner's to change.
      [`bucket-policy arn:aws:s3:::partner ${OTHER}`, `manual arn:aws:s3:::partner ${OTHER}`],
    ],
    [
      'a bucket of another Region, manual: the account that runs the job',
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL('partner'), S3_ALL('data')) } })
          .bucket('partner', {
            account: OTHER,
            region: 'eu-west-1',
            policy: doc({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 's3:*',
              Resource: ['arn:aws:s3:::partner', 'arn:aws:s3:::partner/*'],
            }),
          })
          .bucket('data'),
      { channels: [{ name: 'train', uri: 's3://partner/in/' }] },
      [`manual arn:aws:s3:::partner ${ACCOUNT}`],
    ],
    [
      'statements for the owner of a bucket that no account of the evidence holds: not known',
      () => new World().role({ inline: { d: doc(S3_ALL('far'), S3_ALL('data')) } }).bucket('data'),
      { channels: [{ name: 'train', uri: 's3://far/x/' }] },
      ['statement-for-owner arn:aws:s3:::far -'],
    ],
  ])('%s', async (_name, world, job, expected) => {
    const report = await diagnoseWorld(world(), trainingJob({ failureReason: DOWNLOAD_DENIED, ...job }));
    expect(accounts(report)).toEqual(expected);
  });
});

describe('the text report on accounts and whole documents', () => {
  it("says to run another account's patch as that account, and not for the job's own", async () => {
    const world = new World()
      .role({ inline: { d: doc(S3_ALL('partner'), allow('s3:PutObject', 'arn:aws:s3:::data/*')) } })
      .bucket('partner', { account: OTHER, policy: null })
      .bucket('data');
    const text = renderText(
      await diagnoseWorld(world, trainingJob({ channels: [{ name: 'train', uri: 's3://partner/in/' }] })),
    );
    expect(text).toContain(`Run as account ${OTHER} (with its credentials):`);
    expect(text).not.toContain(`Run as account ${ACCOUNT}`);
    expect(text).toContain('This replaces the whole bucket policy with the document above');
  });

  it("says nothing of accounts for the job's own account", async () => {
    const text = renderText(await diagnoseWorld(new World().role({ inline: {} }).bucket('data'), trainingJob()));
    expect(text).toContain('Run:');
    expect(text).not.toContain('Run as account');
    expect(text).toContain('This replaces the whole inline policy');
  });
});

describe('a service-linked role as the execution role', () => {
  const SLR_PATH = '/aws-service-role/sagemaker.amazonaws.com/';
  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['a service-linked role lacking S3: every fix is manual', SLR_PATH, {}, ['manual', 'manual', 'manual']],
    [
      'its trust policy too',
      SLR_PATH,
      {
        trust: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inline: { d: doc(S3_ALL('data')) },
      },
      ['manual'],
    ],
    [
      'a role under /service-role/ is no service-linked role',
      '/service-role/',
      {},
      ['role-inline-policy', 'role-inline-policy', 'role-inline-policy'],
    ],
  ])('%s', async (_name, path, spec, kinds) => {
    const world = new World().role({ inline: {}, trust: TRUST, ...spec }, 'Role', path).bucket('data');
    const report = await diagnoseWorld(world, trainingJob({ role: `arn:aws:iam::${ACCOUNT}:role${path}Role` }));
    expect(report.findings.map((f) => f.patch?.kind)).toEqual(kinds);
    if (kinds[0] === 'manual') {
      const patch = report.findings[0].patch!;
      expect(new Set(report.findings.map((f) => JSON.stringify(f.patch))).size).toBe(1);
      expect(patch).toMatchObject({ target: `arn:aws:iam::${ACCOUNT}:role${path}Role`, account: ACCOUNT });
      expect(patch.steps?.[0]).toContain('service-linked role (path /aws-service-role/)');
      expect(patch.commands).toBeUndefined();
    }
  });
});
