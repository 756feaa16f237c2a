/**
 * A bucket policy's Deny with NotPrincipal always denies a role that has a permissions boundary,
 * whatever NotPrincipal lists ("The NotPrincipal element with a Deny effect will always deny any
 * IAM principal that has a permissions boundary policy attached":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
import {
  ACCOUNT,
  DOWNLOAD_DENIED,
  ROLE_ARN,
  World,
  allow,
  applyPatches,
  checkOf,
  diagnoseSnapshot,
  diagnoseWorld,
  doc,
  trainingEvent,
  trainingJob,
} from './world';

const ROLE_POLICY = doc(
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']),
);
const BOUNDARY = doc(allow('s3:*', '*'));
const DENY_ALL_BUT = (principals: string[]) =>
  doc({
    Sid: 'DenyAllButRole',
    Effect: 'Deny',
    NotPrincipal: { AWS: principals },
    Action: 's3:*',
    Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
  });

describe('a bucket-policy Deny with NotPrincipal and a role with a permissions boundary', () => {
  const rows: [string, boolean, string[], string][] = [
    ['the role listed, no boundary: excepted', false, [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`], 'Allowed'],
    ['the role listed, a boundary: denied', true, [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`], 'ExplicitlyDenied'],
    ['the account listed, a boundary: denied', true, [ACCOUNT], 'ExplicitlyDenied'],
    ['another role listed, no boundary: denied', false, [`arn:aws:iam::${ACCOUNT}:role/Other`], 'ExplicitlyDenied'],
  ];

  it.each(rows)('%s', async (_, withBoundary, principals, decision) => {
    // Given the role, with or without a boundary, and the bucket's NotPrincipal Deny
    const world = new World()
      .role({ inline: { data: ROLE_POLICY }, ...(withBoundary && { boundary: BOUNDARY }) })
      .bucket('data', { policy: DENY_ALL_BUT(principals) });
    // When the job is diagnosed
    const report = await diagnoseWorld(world, trainingJob({ failureReason: DOWNLOAD_DENIED }));
    // Then every data check has the expected decision
    for (const action of ['s3:ListBucket', 's3:GetObject', 's3:PutObject'])
      expect(checkOf(report, action)?.decision).toBe(decision);
    if (decision === 'Allowed') return;
    expect(report.findings.map((f) => f.cause)).toEqual(expect.arrayContaining(['BUCKET_POLICY_EXPLICIT_DENY']));
  });

  it('says why the role NotPrincipal names is denied, and the patch lets it through', async () => {
    // Given the role with a boundary, listed in the bucket's NotPrincipal Deny
    const world = new World()
      .role({ inline: { data: ROLE_POLICY }, boundary: BOUNDARY })
      .bucket('data', { policy: DENY_ALL_BUT([ROLE_ARN]) });
    const job = trainingJob({ failureReason: DOWNLOAD_DENIED });
    // When diagnosed
    const report = await diagnoseWorld(world, job);
    // Then the explanation names the rule
    const finding = report.findings.find((f) => f.cause === 'BUCKET_POLICY_EXPLICIT_DENY');
    expect(finding?.explanation).toContain('its NotPrincipal does not except a role that has a permissions boundary');
    // And after the patches the checks are allowed
    const patched = await diagnoseSnapshot(applyPatches(world.snapshot(), report), trainingEvent(job));
    for (const action of ['s3:ListBucket', 's3:GetObject', 's3:PutObject'])
      expect(checkOf(patched, action)?.decision).toBe('Allowed');
  });
});
