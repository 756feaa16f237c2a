/**
 * Reports of any number of findings, shaped as the diagnosis makes them for a job that reads many
 * objects of many buckets: every finding on its own object, the role's missing permissions in
 * one inline policy, each bucket's and each key's grant in a policy of its own. Used by the
 * notification tests and `npm run bench` (bench/notify.ts).
 */
import type { Finding, Patch, Report } from '../../lambda/diagnosis/report';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/MLTrainingRole`;

const command = (name: string, flags: string, document: unknown) =>
  `aws ${name} ${flags} '${JSON.stringify(document)}'`;

/** The bucket policy that keeps the bucket's statement and grants the role. */
function bucketPatch(bucket: string): Patch {
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ExistingReadForPartners',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
      {
        Sid: 'AccessDoctorGrantS3Statement1',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/train/*`,
      },
    ],
  };
  return {
    kind: 'bucket-policy',
    target: `arn:aws:s3:::${bucket}`,
    document,
    commands: [command('s3api put-bucket-policy', `--bucket ${bucket} --policy`, document)],
  } as Patch;
}

function keyPatch(key: string): Patch {
  const arn = `arn:aws:kms:us-east-1:${OTHER}:key/${key}`;
  const document = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OTHER}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AccessDoctorGrantKmsStatement1',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: 'kms:Decrypt',
        Resource: '*',
      },
    ],
  };
  return {
    kind: 'key-policy',
    target: arn,
    document,
    commands: [
      command('kms put-key-policy', `--region us-east-1 --key-id ${arn} --policy-name default --policy`, document),
    ],
  } as Patch;
}

/**
 * A report of `count` findings over `buckets` buckets and `keys` keys: per object, the role's
 * policy does not allow `s3:GetObject` (one role patch), the bucket policy does not grant it (the
 * bucket's patch); per key, the key policy does not allow `kms:Decrypt` (the key's patch).
 */
export function bigReport(count: number, buckets = 20, keys = 5): Report {
  const rolePolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AccessDoctorS3Statement1',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: Array.from({ length: buckets }, (_, b) => `arn:aws:s3:::partner-data-${b}/train/*`),
      },
      {
        Sid: 'AccessDoctorKmsStatement2',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: Array.from({ length: keys }, (_, k) => `arn:aws:kms:us-east-1:${OTHER}:key/key-${k}`),
      },
    ],
  };
  const rolePatch = {
    kind: 'role-inline-policy',
    target: ROLE,
    policyName: 'SageMakerAccessDoctor',
    document: rolePolicy,
    commands: [
      command(
        'iam put-role-policy',
        '--role-name MLTrainingRole --policy-name SageMakerAccessDoctor --policy-document',
        rolePolicy,
      ),
    ],
  } as Patch;
  const bucketPatches = Array.from({ length: buckets }, (_, b) => bucketPatch(`partner-data-${b}`));
  const keyPatches = Array.from({ length: keys }, (_, k) => keyPatch(`key-${k}`));
  const findings: Finding[] = [];
  for (let index = 0; findings.length < count; index += 1) {
    const bucket = index % buckets;
    const resource = `arn:aws:s3:::partner-data-${bucket}/train/part-${String(index).padStart(5, '0')}.parquet`;
    const base = { action: 's3:GetObject', resource, purpose: "input channel 'train'", evidence: [] };
    findings.push({
      ...base,
      cause: 'IDENTITY_POLICY_NO_ALLOW',
      explanation: `No identity-based policy of role 'MLTrainingRole' allows s3:GetObject on ${resource}; the resource belongs to account ${OTHER}, so the role's own policies must allow it too.`,
      patch: rolePatch,
    } as Finding);
    if (findings.length < count) {
      findings.push({
        ...base,
        cause: 'BUCKET_POLICY_NO_ALLOW',
        explanation: `Bucket 'partner-data-${bucket}' belongs to account ${OTHER}: its bucket policy must grant s3:GetObject on ${resource} to role 'MLTrainingRole', and it does not.`,
        patch: bucketPatches[bucket],
      } as Finding);
    }
    if (index < keys && findings.length < count) {
      const key = `arn:aws:kms:us-east-1:${OTHER}:key/key-${index}`;
      findings.push({
        action: 'kms:Decrypt',
        resource: key,
        purpose: "input channel 'train'",
        evidence: [],
        cause: 'KEY_POLICY_NO_ALLOW',
        explanation: `The key policy of KMS key ${key} neither allows role 'MLTrainingRole' nor delegates to account ${ACCOUNT}.`,
        patch: keyPatches[index],
      } as Finding);
    }
  }
  return {
    // Whatever version the report type is at: these reports are about notifications, not the format.
    reportVersion: 1 as number as Report['reportVersion'],
    job: {
      type: 'TrainingJob',
      name: 'churn-xgb-2026-11-20',
      arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/churn-xgb-2026-11-20`,
      account: ACCOUNT,
      region: 'us-east-1',
      roleArn: ROLE,
      status: 'Failed',
      failureReason:
        'ClientError: Data download failed:Unable to download object s3://partner-data-0/train/part-00000.parquet (AccessDenied: Access Denied)',
    },
    failure: { category: 'access-denied', service: 's3', action: 's3:GetObject' },
    findings,
    checks: [],
    incomplete: [],
  } as Report;
}

/** Every distinct command of a report's patches. */
export const commandsOf = (report: Report): string[] => [
  ...new Set(report.findings.flatMap((finding) => finding.patch?.commands ?? [])),
];
