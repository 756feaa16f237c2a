/**
 * CROSS_ACCOUNT_POLICY_UNKNOWN (docs/formats/causes.md): cross-account access needs both sides
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html);
 * when only the other account's policy is unknown and the role's side allows, the report names
 * the statements the owner must add, and the check stays Unknown.
 */
import { ACCOUNT, OTHER, ROLE_ARN, World, allow, causes, checkOf, diagnoseWorld, doc, trainingJob } from './world';

const DENIED = 'ClientError: Data download failed:Unable to download object s3://far/x/1 (AccessDenied: Access Denied)';
const S3_ALL = allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::far', 'arn:aws:s3:::far/*']);
const OUT = allow('s3:PutObject', 'arn:aws:s3:::data/*');
const OWNER = [
  'CROSS_ACCOUNT_POLICY_UNKNOWN s3:ListBucket arn:aws:s3:::far',
  'CROSS_ACCOUNT_POLICY_UNKNOWN s3:GetObject arn:aws:s3:::far/x/*',
];

describe('CROSS_ACCOUNT_POLICY_UNKNOWN', () => {
  const rows: [string, () => World, string[]][] = [
    [
      'a bucket that no account of the snapshot holds',
      () => new World().role({ inline: { d: doc(S3_ALL, OUT) } }).bucket('data'),
      OWNER,
    ],
    [
      "another account's bucket whose policy was not read",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL, OUT) } })
          .bucket('data')
          .bucket('far', { account: OTHER, omit: ['policy'] }),
      OWNER,
    ],
    [
      "the role's own bucket whose policy was not read: no owner to ask",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL, OUT) } })
          .bucket('data')
          .bucket('far', { omit: ['policy'] }),
      ['UNEXPLAINED_ACCESS_DENIED s3:GetObject arn:aws:s3:::far/x/1'],
    ],
    [
      "the role's side does not allow: the role's fix, not the owner's",
      () => new World().role({ inline: { d: doc(OUT) } }).bucket('data'),
      [
        'IDENTITY_POLICY_NO_ALLOW s3:ListBucket arn:aws:s3:::far',
        'IDENTITY_POLICY_NO_ALLOW s3:GetObject arn:aws:s3:::far/x/*',
      ],
    ],
    [
      "the role account's SCPs are unknown too: not only the owner's side",
      () =>
        new World()
          .role({ inline: { d: doc(S3_ALL, OUT) } })
          .bucket('data')
          .organization(ACCOUNT, 'unreadable' as never),
      ['UNEXPLAINED_ACCESS_DENIED s3:GetObject arn:aws:s3:::far/x/1'],
    ],
  ];

  it.each(rows)('%s', async (_, world, expected) => {
    const report = await diagnoseWorld(
      world(),
      trainingJob({
        channels: [{ name: 'train', uri: 's3://far/x/' }],
        output: 's3://data/out/',
        failureReason: DENIED,
      }),
    );
    expect(causes(report)).toEqual(expected);
    if (expected === OWNER) {
      // Not a denial: the checks stay Unknown.
      expect(checkOf(report, 's3:ListBucket')?.decision).toBe('Unknown');
      expect(checkOf(report, 's3:GetObject')?.decision).toBe('Unknown');
      // One set of statements for the bucket, on both findings, that grants both checks to the role.
      const [list, get] = report.findings.map((f) => f.patch);
      expect(list).toEqual(get);
      expect(list).toMatchObject({ kind: 'statement-for-owner', target: 'arn:aws:s3:::far' });
      const statements = (list!.document as { Statement: { Principal: unknown; Action: unknown }[] }).Statement;
      expect(statements.every((st) => JSON.stringify(st.Principal) === JSON.stringify({ AWS: ROLE_ARN }))).toBe(true);
      expect(statements.flatMap((st) => st.Action).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
    }
  });
});
