/**
 * BUCKET_REGION_MISMATCH (docs/formats/causes.md): SageMaker reads and writes S3 in the job's
 * Region only (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3DataSource.html),
 * so a bucket of another Region fails whatever the policies allow: one finding per bucket, on its
 * first check, which counts as denied.
 */
import { REGION, World, allow, causes, checkOf, diagnoseWorld, doc, trainingJob } from './world';

const S3_ALL = (...buckets: string[]) =>
  allow(
    ['s3:ListBucket', 's3:GetObject', 's3:PutObject'],
    buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
  );

describe('BUCKET_REGION_MISMATCH', () => {
  const rows: [string, { input?: string; output?: string }, string[]][] = [
    ['every bucket in the job Region', {}, []],
    [
      'the input bucket elsewhere: one finding, on its ListBucket',
      { input: 'eu-west-1' },
      ['BUCKET_REGION_MISMATCH s3:ListBucket arn:aws:s3:::in'],
    ],
    [
      'the output bucket elsewhere: on its PutObject',
      { output: 'us-west-2' },
      ['BUCKET_REGION_MISMATCH s3:PutObject arn:aws:s3:::out/models/*'],
    ],
    [
      'both elsewhere: one per bucket',
      { input: 'eu-west-1', output: 'us-west-2' },
      [
        'BUCKET_REGION_MISMATCH s3:ListBucket arn:aws:s3:::in',
        'BUCKET_REGION_MISMATCH s3:PutObject arn:aws:s3:::out/models/*',
      ],
    ],
  ];

  it.each(rows)('%s', async (_, regions, expected) => {
    const world = new World()
      .role({ inline: { data: doc(S3_ALL('in', 'out')) } })
      .bucket('in', { region: regions.input ?? REGION })
      .bucket('out', { region: regions.output ?? REGION });
    const report = await diagnoseWorld(
      world,
      trainingJob({ channels: [{ name: 'train', uri: 's3://in/train/' }], output: 's3://out/models/' }),
    );
    expect(causes(report)).toEqual(expected);
    for (const finding of report.findings) expect(finding.patch?.kind).toBe('manual');
    if (regions.input) {
      expect(checkOf(report, 's3:ListBucket')?.decision).toBe('ImplicitlyDenied');
      // The bucket's other checks stay as their policies judge them.
      expect(checkOf(report, 's3:GetObject')?.decision).toBe('Allowed');
      expect(report.findings[0].explanation).toContain(`Region ${regions.input}`);
    }
  });

  it('says nothing of a bucket whose Region is not known', async () => {
    const world = new World().role({ inline: { data: doc(S3_ALL('data')) } }).bucket('data', { omit: ['region'] });
    const report = await diagnoseWorld(world, trainingJob());
    expect(report.findings.map((f) => f.cause)).not.toContain('BUCKET_REGION_MISMATCH');
  });
});
