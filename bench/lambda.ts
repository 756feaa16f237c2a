/**
 * Lambda benchmark (issue 4): the bundled handler's size and module initialisation time, and the
 * live evidence gathering of a 10-channel training job with 50 ms of latency on every AWS call.
 * Targets: bundle at most 1.5 MB minified; initialisation at most 300 ms; evidence within
 * 4 x 50 ms + 50 ms (at most four rounds of calls after the event).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { RUNTIME_PROVIDED_MODULES } from '../lambda/config';
import { diagnose } from '../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../lambda/diagnosis/events';
import type { Snapshot } from '../lambda/evidence/snapshot/types';
import { createLiveEvidence } from '../lambda/evidence/live/live-evidence';
import { fakeAws } from '../test/evidence/live/fake-aws';
import { resetLiveCaches } from '../test/evidence/live/helpers';
import { median } from './stats';
import { trainingFailureEvent } from './events';

const MAX_BUNDLE_BYTES = 1.5 * 1024 * 1024;
const MAX_INIT_MS = 300;
const LATENCY_MS = 50;
const MAX_GATHER_MS = 4 * LATENCY_MS + 50;
const ACCOUNT = '111111111111';
const CHANNELS = 10;

/** The repository root, from the source tree or from dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Bundles lambda/handler.ts as a deployment would; returns the bundle file. */
function bundle(dir: string, mainFields: string[]): string {
  const outfile = join(dir, `handler-${mainFields[0]}.js`);
  buildSync({
    entryPoints: [join(repositoryRoot(), 'lambda/handler.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields,
    // As the construct bundles it: the runtime provides these (lambda/config.ts).
    external: [...RUNTIME_PROVIDED_MODULES],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Module initialisation of the bundle in a fresh node process: the median of five cold loads. */
function initialisationMs(file: string): number {
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
      ],
      { encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' } },
    );
    samples.push(Number(child.stdout));
  }
  return median(samples);
}

/** A training job with 10 channels, each in its own SSE-KMS bucket, in a 2-level organization. */
export function tenChannelJob(): { snapshot: Snapshot; event: unknown } {
  const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/bench-key`;
  const role = `arn:aws:iam::${ACCOUNT}:role/BenchRole`;
  const buckets = Array.from({ length: CHANNELS }, (_, index) => `bench-data-${index}`);
  const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource });
  const description = {
    TrainingJobName: 'bench-job',
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/bench-job`,
    TrainingJobStatus: 'Failed',
    FailureReason:
      'ClientError: Data download failed:Unable to download object s3://bench-data-9/train/part-0 (AccessDenied: Access Denied)',
    RoleArn: role,
    AlgorithmSpecification: {
      TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      TrainingInputMode: 'File',
    },
    InputDataConfig: buckets.map((bucket, index) => ({
      ChannelName: `channel-${index}`,
      DataSource: {
        S3DataSource: {
          S3DataType: 'S3Prefix',
          S3Uri: `s3://${bucket}/train/`,
          S3DataDistributionType: 'FullyReplicated',
        },
      },
    })),
    OutputDataConfig: { S3OutputPath: 's3://bench-output/out/', KmsKeyId: key },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: key },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
  const bucketEntry = {
    region: 'us-east-1',
    policy: null,
    encryption: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key, BucketKeyEnabled: true },
    objectOwnership: 'BucketOwnerEnforced',
    requesterPays: false,
  };
  const full = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const snapshot: Snapshot = {
    snapshotVersion: 1,
    partition: 'aws',
    region: 'us-east-1',
    accounts: {
      [ACCOUNT]: {
        organization: {
          id: 'o-bench',
          scps: [[{ Name: 'FullAWSAccess', Content: full }], [{ Name: 'FullAWSAccess', Content: full }]],
          rcps: [],
        },
        iam: {
          RoleDetailList: [
            {
              Path: '/',
              RoleName: 'BenchRole',
              Arn: role,
              AssumeRolePolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  { Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' },
                ],
              },
              RolePolicyList: [
                {
                  PolicyName: 'data',
                  PolicyDocument: {
                    Version: '2012-10-17',
                    Statement: [
                      allow(
                        ['s3:ListBucket'],
                        buckets.slice(0, -1).map((bucket) => `arn:aws:s3:::${bucket}`),
                      ),
                      allow(
                        ['s3:GetObject'],
                        buckets.slice(0, -1).map((bucket) => `arn:aws:s3:::${bucket}/*`),
                      ),
                      allow(['s3:PutObject'], ['arn:aws:s3:::bench-output/*']),
                    ],
                  },
                },
              ],
              AttachedManagedPolicies: [
                { PolicyName: 'BenchKms', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/BenchKms` },
              ],
            },
          ],
          Policies: [
            {
              PolicyName: 'BenchKms',
              Arn: `arn:aws:iam::${ACCOUNT}:policy/BenchKms`,
              DefaultVersionId: 'v1',
              PolicyVersionList: [
                {
                  VersionId: 'v1',
                  IsDefaultVersion: true,
                  Document: {
                    Version: '2012-10-17',
                    Statement: [allow(['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:CreateGrant'], [key])],
                  },
                },
              ],
            },
          ],
        },
        s3: { buckets: Object.fromEntries([...buckets, 'bench-output'].map((bucket) => [bucket, bucketEntry])) },
        kms: {
          keys: {
            [key]: {
              KeyManager: 'CUSTOMER',
              KeyState: 'Enabled',
              aliases: ['alias/bench'],
              policy: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: 'kms:*',
                    Resource: '*',
                  },
                ],
              },
              grants: [],
            },
          },
        },
        sagemaker: { trainingJobs: { 'bench-job': description } },
      },
    },
  };
  const event = trainingFailureEvent(description, ACCOUNT, 'us-east-1');
  return { snapshot, event };
}

/** Diagnoses the 10-channel job on a fake AWS answering every call after 50 ms. */
async function gatheringMs(): Promise<{ ms: number; calls: number; findings: number; incomplete: number }> {
  const { snapshot, event } = tenChannelJob();
  const aws = fakeAws(snapshot, ACCOUNT, { latencyMs: LATENCY_MS });
  try {
    const samples: { ms: number; calls: number; findings: number; incomplete: number }[] = [];
    for (let run = 0; run < 3; run++) {
      resetLiveCaches();
      aws.stubs.forEach((stub) => stub.resetHistory());
      const start = process.hrtime.bigint();
      const live = await createLiveEvidence({ region: 'us-east-1', account: ACCOUNT });
      const report = await diagnose({ event: parseFailureEvent(event) }, live.evidence);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      samples.push({
        ms,
        calls: aws.commandNames().length,
        findings: report.findings.length,
        incomplete: report.incomplete.length,
      });
    }
    return samples.sort((a, b) => a.ms - b.ms)[1];
  } finally {
    aws.restore();
  }
}

export async function runLambdaBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'access-doctor-bench-'));
  try {
    for (const mainFields of [
      ['main', 'module'],
      ['module', 'main'],
    ]) {
      const file = bundle(dir, mainFields);
      const bytes = statSync(file).size;
      const how =
        mainFields[0] === 'module'
          ? 'ESM sources (mainFields module,main)'
          : 'CommonJS sources (esbuild default for node)';
      console.log(
        `lambda: bundle ${(bytes / 1024 / 1024).toFixed(2)} MB minified, from ${how} (target <= 1.5 MB: ${bytes <= MAX_BUNDLE_BYTES ? 'ok' : 'ABOVE TARGET'})`,
      );
      const init = initialisationMs(file);
      console.log(
        `lambda: module initialisation ${init.toFixed(0)} ms, median of 5 cold loads (target <= ${MAX_INIT_MS} ms: ${init <= MAX_INIT_MS ? 'ok' : 'ABOVE TARGET'})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const gathered = await gatheringMs();
  console.log(
    `lambda: evidence and diagnosis of a ${CHANNELS}-channel training job with ${LATENCY_MS} ms per call: ${gathered.ms.toFixed(0)} ms, ` +
      `${gathered.calls} calls, ${gathered.findings} findings, ${gathered.incomplete} incomplete (target <= ${MAX_GATHER_MS} ms: ${gathered.ms <= MAX_GATHER_MS ? 'ok' : 'ABOVE TARGET'})`,
  );
}
