/**
 * A job in another partition than `aws` (the China Regions here) gets findings and patches that
 * name its own partition's ARNs: the diagnosis writes no `arn:aws:` of its own
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
import type { Report } from '../../../lambda/diagnosis/report';
import {
  ACCOUNT,
  allow,
  delegate,
  diagnoseSnapshot,
  doc,
  keyArn,
  OTHER,
  REGION,
  trainingEvent,
  trainingJob,
  World,
} from './world';

const S3_ALL = (bucket: string) =>
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`]);

/** A cross-account bucket and key that grant nothing, and a Requester Pays bucket of the other account. */
function world(): { snapshot: Record<string, unknown>; event: Record<string, unknown> } {
  const key = keyArn(OTHER, 'pk');
  const shared = doc(
    allow('s3:*', ['arn:aws:s3:::rp', 'arn:aws:s3:::rp/*'], { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
  );
  const snapshot = new World()
    .role({ inline: { data: doc(S3_ALL('partner'), S3_ALL('rp'), S3_ALL('data'), allow('kms:Decrypt', key)) } })
    .bucket('partner', { account: OTHER, policy: null, encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } })
    .key(key, { policy: doc(delegate(OTHER)) })
    .bucket('rp', { account: OTHER, policy: shared, requesterPays: true })
    .bucket('data')
    .snapshot();
  const channels = [
    { name: 'train', uri: 's3://partner/in/' },
    { name: 'extra', uri: 's3://rp/in/' },
  ];
  return { snapshot, event: trainingEvent(trainingJob({ channels })) };
}

/** The same world in the China (Beijing) Region: every ARN and region rewritten, no `partition` given. */
function inChina<T>(value: T): T {
  // The XGBoost image is in another AWS registry account there (lambda/diagnosis/checks/sagemaker-registries.json).
  const text = JSON.stringify(value)
    .replaceAll('arn:aws:', 'arn:aws-cn:')
    .replaceAll(`683313688378.dkr.ecr.${REGION}.amazonaws.com`, '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn')
    .replaceAll(REGION, 'cn-north-1');
  const moved = JSON.parse(text) as T & { partition?: string };
  delete moved.partition;
  return moved;
}

const summary = (report: Report): string[] =>
  report.findings.map((f) => `${f.cause} ${f.action} ${f.patch?.target ?? ''}`);

describe('partitions', () => {
  it('a job in cn-north-1 gets the findings of the same job in us-east-1, every ARN in aws-cn', async () => {
    // Given the same world in us-east-1 and in cn-north-1 (the snapshot's partition left to its region)
    const { snapshot, event } = world();
    const standard = await diagnoseSnapshot(snapshot, event);
    // When the China one is diagnosed
    const china = await diagnoseSnapshot(inChina(snapshot), inChina(event));
    // Then it has the same findings, each patch's target and every ARN written in aws-cn
    expect(summary(china)).toEqual(inChina(summary(standard)));
    expect(summary(standard)).toEqual(
      expect.arrayContaining([
        'BUCKET_POLICY_NO_ALLOW s3:ListBucket arn:aws:s3:::partner',
        'KEY_POLICY_NO_ALLOW kms:Decrypt ' + keyArn(OTHER, 'pk'),
        'BUCKET_REQUESTER_PAYS s3:GetObject arn:aws:s3:::rp',
      ]),
    );
    expect(JSON.stringify(china)).not.toContain('arn:aws:');
    const keyFinding = china.findings.find((f) => f.cause === 'KEY_POLICY_NO_ALLOW');
    expect(keyFinding?.explanation).toContain(`arn:aws-cn:iam::${ACCOUNT}:root`);
  });
});
