/**
 * Listed objects benchmark (issue 10): a training job whose input prefix holds 1,000, 10,000 and
 * 100,000 listed objects, none readable (the role's grant names last month's prefix), diagnosed
 * by the built `diagnose` command end to end, node start included. Prints the time, the peak
 * RSS (as the process saw it: max-rss.ts), the report's size and its largest patch document as
 * IAM counts it (characters without whitespace). Targets at 100,000 objects: under 5 s, under
 * 500 MB, a report under 2 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { policySize } from '../lambda/diagnosis/patches/quotas';
import type { Report } from '../lambda/diagnosis/report';
import { trainingFailureEvent } from './events';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const BUCKET = 'northwind-retail-vision';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ShelfDetectorTrainingRole`;
const PREFIX = 'labels/2026-11/';
const SIZES = [1_000, 10_000, 100_000];

/** The snapshot and event of a job reading `count` listed objects it may not read. */
function listedObjectsJob(count: number): { snapshot: Record<string, unknown>; event: Record<string, unknown> } {
  const objects: Record<string, unknown> = {};
  for (let i = 0; i < count; i++)
    objects[`${PREFIX}img-${String(i).padStart(6, '0')}.jpg`] = { ServerSideEncryption: 'AES256' };
  const job = {
    TrainingJobName: 'shelf-detector-bench',
    TrainingJobArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/shelf-detector-bench`,
    TrainingJobStatus: 'Failed',
    FailureReason: `ClientError: Data download failed:Unable to download object s3://${BUCKET}/${PREFIX}img-000000.jpg (AccessDenied: Access Denied)`,
    AlgorithmSpecification: {
      TrainingImage: `811284229777.dkr.ecr.${REGION}.amazonaws.com/object-detection:1`,
      TrainingInputMode: 'File',
    },
    RoleArn: ROLE,
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${BUCKET}/${PREFIX}` } },
      },
    ],
    OutputDataConfig: { S3OutputPath: `s3://${BUCKET}/models/` },
    ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  };
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListLabels', Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` },
      {
        Sid: 'ReadLastMonth',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/labels/2026-10/*`,
      },
      { Sid: 'WriteModels', Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/models/*` },
    ],
  };
  const snapshot = {
    snapshotVersion: 1,
    partition: 'aws',
    region: REGION,
    accounts: {
      [ACCOUNT]: {
        iam: {
          RoleDetailList: [
            {
              Path: '/',
              RoleName: 'ShelfDetectorTrainingRole',
              Arn: ROLE,
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
              RolePolicyList: [{ PolicyName: 'vision-labels', PolicyDocument: policy }],
              AttachedManagedPolicies: [],
              Tags: [],
            },
          ],
          Policies: [],
        },
        s3: {
          buckets: {
            [BUCKET]: {
              region: REGION,
              policy: null,
              encryption: { SSEAlgorithm: 'AES256', BucketKeyEnabled: false },
              objectOwnership: 'BucketOwnerEnforced',
              requesterPays: false,
              objects,
            },
          },
        },
        sagemaker: { trainingJobs: { [job.TrainingJobName]: job } },
      },
    },
  };
  return { snapshot, event: trainingFailureEvent(job, ACCOUNT, REGION) };
}

interface Run {
  seconds: number;
  maxRssMb: number;
  reportBytes: number;
  largestPatch: number;
  findings: number;
}

/** The largest patch document of the report, as IAM counts it (characters without whitespace). */
function largestPatch(report: Report): number {
  let largest = 0;
  for (const finding of report.findings) {
    const document = finding.patch?.document;
    if (document !== undefined) largest = Math.max(largest, policySize(document, 'non-whitespace characters'));
  }
  return largest;
}

function diagnoseOnce(count: number, dir: string): Run {
  const { snapshot, event } = listedObjectsJob(count);
  const snapshotFile = join(dir, `snapshot-${count}.json`);
  const eventFile = join(dir, `event-${count}.json`);
  writeFileSync(snapshotFile, JSON.stringify(snapshot));
  writeFileSync(eventFile, JSON.stringify(event));
  const cli = resolve(__dirname, '..', 'bin', 'cli.js');
  const start = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      join(__dirname, 'max-rss.js'),
      cli,
      'diagnose',
      '--snapshot',
      snapshotFile,
      '--event',
      eventFile,
      '--format',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /max-rss-kb=(\d+)/.exec(run.stderr);
  if (run.status !== 0 || !rss) throw new Error(`diagnose exited ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as Report;
  return {
    seconds,
    maxRssMb: Number(rss[1]) / 1024,
    reportBytes: Buffer.byteLength(run.stdout, 'utf8'),
    largestPatch: largestPatch(report),
    findings: report.findings.length,
  };
}

const ok = (met: boolean): string => (met ? 'ok' : 'ABOVE TARGET');

export function runListedObjectsBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'bench-listed-'));
  try {
    for (const count of SIZES) {
      const run = diagnoseOnce(count, dir);
      const targets =
        count === 100_000
          ? ` (targets: < 5 s ${ok(run.seconds < 5)}, < 500 MB ${ok(run.maxRssMb < 500)}, report < 2 MB ${ok(run.reportBytes < 2e6)})`
          : '';
      console.log(
        `listed objects: ${count.toLocaleString('en-US')} objects under one prefix: ${run.seconds.toFixed(2)} s end to end, ` +
          `peak RSS ${run.maxRssMb.toFixed(0)} MB, report ${run.reportBytes.toLocaleString('en-US')} bytes ` +
          `(${run.findings} finding${run.findings === 1 ? '' : 's'}), largest patch ${run.largestPatch.toLocaleString('en-US')} characters without whitespace${targets}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
