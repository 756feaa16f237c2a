/**
 * Object tags: `s3:ExistingObjectTag/K` of an object read comes from a listed object's `tags`;
 * for objects whose tags were not read (a prefix, a listed object without `tags`) it is
 * unknowable, so a grant that depends on it makes the check Unknown, never a false denial.
 * S3 does not support the key for PutObject
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-and-policies.html; docs/engine.md,
 * "Unknowable context keys").
 */
import { World, allow, causes, checkOf, deny, diagnoseWorld, doc, trainingJob, type Statement } from './world';

const LIST_AND_WRITE = [
  allow('s3:ListBucket', 'arn:aws:s3:::data'),
  allow('s3:PutObject', 'arn:aws:s3:::data/models/*'),
];
const approved = (effect: 'Allow' | 'Deny', value: string, action = 's3:GetObject'): Statement =>
  (effect === 'Allow' ? allow : deny)(action, 'arn:aws:s3:::data/*', {
    Condition: { StringEquals: { 's3:ExistingObjectTag/classification': value } },
  });
const READ_ALL = allow('s3:GetObject', 'arn:aws:s3:::data/*');
const TAG_READ_FAILED =
  'ClientError: Data download failed:Unable to download object s3://data/train/a.csv (AccessDenied: Access Denied)';

type Objects = Record<string, Record<string, unknown>> | undefined;

describe('s3:ExistingObjectTag for object reads', () => {
  const rows: [string, Statement[], Objects, [string, string][]][] = [
    [
      'a tag-only grant on a prefix whose objects are not listed: Unknown',
      [approved('Allow', 'ml-approved')],
      undefined,
      [['arn:aws:s3:::data/train/*', 'Unknown']],
    ],
    [
      'listed objects with their tags: each decided by its own',
      [approved('Allow', 'ml-approved')],
      {
        'train/a.csv': { tags: { classification: 'ml-approved' } },
        'train/b.csv': { tags: { classification: 'restricted' } },
      },
      [
        ['arn:aws:s3:::data/train/a.csv', 'Allowed'],
        ['arn:aws:s3:::data/train/b.csv', 'ImplicitlyDenied'],
      ],
    ],
    [
      'a listed object without tags read: Unknown; with tags read but none: decided (absent key)',
      [approved('Allow', 'ml-approved')],
      { 'train/a.csv': {}, 'train/b.csv': { tags: {} } },
      [
        ['arn:aws:s3:::data/train/a.csv', 'Unknown'],
        ['arn:aws:s3:::data/train/b.csv', 'ImplicitlyDenied'],
      ],
    ],
    [
      'a Deny on a tag over an unconditional grant, tags not read: Unknown',
      [READ_ALL, approved('Deny', 'restricted')],
      undefined,
      [['arn:aws:s3:::data/train/*', 'Unknown']],
    ],
    [
      'a Deny on a tag over an unconditional grant, tags read: decided',
      [READ_ALL, approved('Deny', 'restricted')],
      { 'train/a.csv': { tags: { classification: 'restricted' } }, 'train/b.csv': { tags: { owner: 'x' } } },
      [
        ['arn:aws:s3:::data/train/a.csv', 'ExplicitlyDenied'],
        ['arn:aws:s3:::data/train/b.csv', 'Allowed'],
      ],
    ],
    [
      'no grant at all and a Deny on a tag: denied whatever the tags',
      [approved('Deny', 'restricted')],
      undefined,
      [['arn:aws:s3:::data/train/*', 'ImplicitlyDenied']],
    ],
    ['no tag condition: tags change nothing', [READ_ALL], undefined, [['arn:aws:s3:::data/train/*', 'Allowed']]],
  ];

  it.each(rows)('%s', async (_, read, objects, expected) => {
    // Given the role's read statements and the bucket's listing (or none)
    const world = new World()
      .role({ inline: { data: doc(...LIST_AND_WRITE, ...read) } })
      .bucket('data', objects ? { objects } : {});
    // When the job is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ failureReason: TAG_READ_FAILED }));
    // Then each object read has its decision; Unknown ones give no finding
    for (const [resource, decision] of expected)
      expect(checkOf(report, 's3:GetObject', resource)?.decision).toBe(decision);
    for (const [resource, decision] of expected) {
      if (decision !== 'Unknown') continue;
      expect(report.findings.filter((f) => f.resource === resource && f.cause !== 'UNEXPLAINED_ACCESS_DENIED')).toEqual(
        [],
      );
    }
  });

  it('a tag condition on PutObject is not met (S3 does not support the key there)', async () => {
    // Given a write granted only on an existing tag
    const world = new World()
      .role({
        inline: {
          data: doc(allow('s3:ListBucket', 'arn:aws:s3:::data'), READ_ALL, approved('Allow', 'x', 's3:PutObject')),
        },
      })
      .bucket('data');
    // When diagnosed / Then the write is denied, not Unknown
    const report = await diagnoseWorld(world, trainingJob());
    expect(checkOf(report, 's3:PutObject')?.decision).toBe('ImplicitlyDenied');
  });

  it("AmazonSageMakerFullAccess's JumpStart grant no longer gives a false IDENTITY_POLICY_NO_ALLOW", async () => {
    // Given the managed policy's object grants: buckets named *sagemaker*, and objects tagged SageMaker=true
    const fullAccess = doc(
      allow(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::*sagemaker*', 'arn:aws:s3:::*sagemaker*/*']),
      allow('s3:GetObject', '*', {
        Condition: { StringEqualsIgnoreCase: { 's3:ExistingObjectTag/SageMaker': 'true' } },
      }),
      allow('s3:ListBucket', '*'),
    );
    const world = new World()
      .role({
        managed: [
          {
            name: 'AmazonSageMakerFullAccess',
            arn: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
            document: fullAccess,
          },
        ],
      })
      .bucket('data');
    // When a job reading data/train/ and writing data/models/ is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ failureReason: TAG_READ_FAILED }));
    // Then reading is Unknown (tags not read) and only the write is a finding
    expect(checkOf(report, 's3:GetObject')?.decision).toBe('Unknown');
    expect(causes(report)).toEqual(['IDENTITY_POLICY_NO_ALLOW s3:PutObject arn:aws:s3:::data/models/*']);
  });
});
