/**
 * job-config patches (docs/formats/report.md, "Patch"): a bucket policy that denies uploads
 * without its KMS key enforces the bucket's encryption; the fix is the job's own
 * OutputDataConfig.KmsKeyId (SDK output_kms_key), not an exception in the Deny.
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputDataConfig.html
 */
import type { Report } from '../../../lambda/diagnosis/report';
import { ACCOUNT, JOB_ARN, World, allow, deny, diagnoseWorld, doc, keyArn } from '../core/world';
import { trainingJob } from '../core/world';

const KEY = keyArn(ACCOUNT, 'models-key');
const UPLOAD_DENIED = 'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied';
const ROLE = doc(
  allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject'], ['arn:aws:s3:::data', 'arn:aws:s3:::data/*']),
  allow(['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], KEY),
);
const denyPut = (condition: Record<string, unknown>) =>
  deny('s3:PutObject', 'arn:aws:s3:::data/*', { Sid: 'RequireKey', Principal: '*', Condition: condition });
const putPatch = (report: Report) => report.findings.find((f) => f.action === 's3:PutObject')?.patch;

describe('job-config: the key the bucket policy demands', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string | undefined]>([
    [
      'a Deny of any other key id: job-config with that key',
      { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY } },
      {},
      'job-config',
    ],
    [
      "a Deny of uploads naming no key: job-config with the bucket's default key",
      { Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'true' } },
      {},
      'job-config',
    ],
    [
      'a Deny of anything but AES256, which SageMaker cannot send: the bucket policy',
      { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
      {},
      'bucket-policy',
    ],
    ['a Deny without encryption conditions: the bucket policy', {}, {}, 'bucket-policy'],
    [
      "a key the job already names, which the Deny does not want: job-config with the Deny's key",
      { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': keyArn(ACCOUNT, 'other') } },
      { outputKey: KEY },
      'job-config',
    ],
  ])('%s', async (_name, condition, job, kind) => {
    const statement = Object.keys(condition).length
      ? denyPut(condition)
      : deny('s3:PutObject', 'arn:aws:s3:::data/*', { Sid: 'RequireKey', Principal: '*' });
    const world = new World()
      .role({ inline: { d: ROLE } })
      .bucket('data', { policy: doc(statement), encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KEY } })
      .key(KEY)
      .key(keyArn(ACCOUNT, 'other'));
    const report = await diagnoseWorld(world, trainingJob({ failureReason: UPLOAD_DENIED, ...job }));
    const patch = putPatch(report);
    expect(patch?.kind).toBe(kind);
    if (kind === 'job-config') {
      const wanted = String(Object.values(condition)[0] && Object.values(Object.values(condition)[0] as object)[0]);
      const key = wanted.startsWith('arn:') ? wanted : KEY;
      expect(patch).toMatchObject({ target: JOB_ARN, account: ACCOUNT });
      expect(patch?.steps?.join(' ')).toContain(`OutputDataConfig.KmsKeyId of the job to ${key}`);
      expect(patch?.steps?.join(' ')).toContain(`output_kms_key (Estimator)='${key}'`);
      expect(patch?.steps?.[0]).toContain("'RequireKey'");
      expect(patch?.document).toBeUndefined();
    }
  });
});
