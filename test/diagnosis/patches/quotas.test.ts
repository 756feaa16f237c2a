/**
 * AWS's size quotas (lambda/diagnosis/patches/quotas.ts): a patch fits them, counted as each
 * service counts, or it is a manual patch naming the quota. IAM does not count white space:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { policySize, QUOTAS } from '../../../lambda/diagnosis/patches/quotas';
import type { Report } from '../../../lambda/diagnosis/report';
import { ACCOUNT, DOWNLOAD_DENIED, World, allow, deny, diagnoseWorld, doc, trainingJob } from '../core/world';

describe('policySize', () => {
  it.each<[string, unknown, keyof typeof QUOTAS, number]>([
    ['IAM: characters without white space', '{ "a" : "b c" }', 'roleInlinePolicies', '{"a":"bc"}'.length],
    ['IAM: an object as its compact JSON', { a: 'b c' }, 'managedPolicy', '{"a":"bc"}'.length],
    ['a VPC endpoint: white space counts', { a: 'b c' }, 'endpointPolicy', '{"a":"b c"}'.length],
    ['S3: bytes, so a non-ASCII character counts twice', { a: 'é' }, 'bucketPolicy', '{"a":""}'.length + 2],
  ])('%s', (_name, document, quota, size) => {
    expect(policySize(document, QUOTAS[quota].counting)).toBe(size);
  });

  it('has the numbers of AWS pages', () => {
    expect(
      Object.fromEntries(
        Object.entries(QUOTAS).map(([name, quota]) => [
          name,
          [quota.limit, quota.source.startsWith('https://docs.aws.amazon.com/')],
        ]),
      ),
    ).toEqual({
      roleInlinePolicies: [10_240, true],
      managedPolicy: [6_144, true],
      trustPolicy: [2_048, true],
      bucketPolicy: [20_480, true],
      keyPolicy: [32_768, true],
      repositoryPolicy: [10_240, true],
      endpointPolicy: [20_480, true],
    });
  });
});

/** Allow statements of `count` characters about (other buckets' read grants), to fill a policy. */
function filler(chars: number, principal?: string): Record<string, unknown>[] {
  const statements: Record<string, unknown>[] = [];
  for (let i = 0, size = 0; size < chars; i++) {
    const statement = {
      Sid: `Fill${i}`,
      Effect: 'Allow',
      ...(principal && { Principal: { AWS: principal } }),
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::other-bucket-${String(i).padStart(4, '0')}/some/prefix/*`,
    };
    statements.push(statement);
    size += JSON.stringify(statement).length + 1;
  }
  return statements;
}

const kinds = (report: Report) => [...new Set(report.findings.map((f) => f.patch?.kind))];
const manualSteps = (report: Report) => report.findings.find((f) => f.patch?.kind === 'manual')?.patch?.steps ?? [];

describe("a role's inline policies together: 10,240 characters without white space", () => {
  const S3_OUT = allow('s3:PutObject', 'arn:aws:s3:::data/*');
  it.each([
    ['room left: the inline policy', 9_000, ['role-inline-policy'], undefined],
    [
      'no room left: manual, naming the quota and a managed policy',
      10_100,
      ['manual'],
      "a role's inline policies together",
    ],
  ])('%s', async (_name, used, expected, quota) => {
    const world = new World().role({ inline: { big: doc(...filler(used)), out: doc(S3_OUT) } }).bucket('data');
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    expect(kinds(report)).toEqual(expected);
    if (quota) {
      const [size, where] = manualSteps(report);
      expect(size).toContain(`over AWS's quota of 10,240 non-whitespace characters for ${quota}`);
      expect(where).toContain('customer managed policy');
      expect(where).toContain('6,144');
      // The grants are there to put elsewhere
      expect(report.findings[0].patch?.document).toBeDefined();
    }
  });
});

describe('a bucket policy: 20 KB', () => {
  const DENY = deny('s3:GetObject', 'arn:aws:s3:::data/*', { Sid: 'NoReads', Principal: '*' });
  it.each([
    ['room left: the new bucket policy', 19_000, ['bucket-policy']],
    ['no room left: manual, naming the quota', 20_400, ['manual']],
  ])('%s', async (_name, used, expected) => {
    const policy = doc(...filler(used, `arn:aws:iam::${ACCOUNT}:root`), DENY);
    const world = new World()
      .role({
        inline: {
          d: doc(
            allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']),
          ),
        },
      })
      .bucket('data', { policy });
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    expect(kinds(report)).toEqual(expected);
    if (expected[0] === 'manual')
      expect(manualSteps(report)[0]).toContain("over AWS's quota of 20,480 bytes for a bucket policy (20 KB)");
  });
});

describe("a role's trust policy: 2,048 characters (the default quota)", () => {
  it.each([
    ['room left: the new trust policy', 1_000, ['trust-policy']],
    ['no room left: manual, naming the quota and its increase', 2_000, ['manual']],
  ])('%s', async (_name, used, expected) => {
    const statements = filler(used).map((s, i) => ({
      Sid: `Ec2${i}`,
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': String(s.Resource).slice(0, 12) } },
    }));
    const world = new World()
      .role({ trust: doc(...statements), inline: { d: doc(allow('s3:*', '*')) } })
      .bucket('data');
    const report = await diagnoseWorld(world, trainingJob());
    expect(kinds(report)).toEqual(expected);
    if (expected[0] === 'manual') expect(manualSteps(report).join(' ')).toContain("'Role trust policy length'");
  });
});
