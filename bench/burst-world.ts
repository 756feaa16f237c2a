/**
 * The organization of the burst benchmark (bench/burst.ts): a management account, where the
 * Lambda runs, and member accounts in OUs under one root, each with a training role and its
 * own bucket. Every job fails writing its output (IDENTITY_POLICY_NO_ALLOW); one account in
 * four reads a shared data lake bucket of the first member, whose policy grants another
 * account only (BUCKET_POLICY_NO_ALLOW, read through the owner's role); one in ten reads a
 * partner's bucket outside the organization (CROSS_ACCOUNT_POLICY_UNKNOWN).
 */
import type { AccountSnapshot, Snapshot } from '../lambda/evidence/snapshot/types';
import type { OrganizationTree } from '../test/harness/services/organization-tree';
import { trainingFailureEvent } from './events';

export const CENTRAL = '900000000000';
export const REGION = 'us-east-1';
export const SHARED_BUCKET = 'bench-shared-datalake';
export const PARTNER_BUCKET = 'partner-exports-outside';

export interface BurstWorld {
  snapshot: Snapshot;
  tree: OrganizationTree;
  members: string[];
  events: unknown[];
}

const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** The usual guard SCP: no account leaves the organization. */
const DENY_LEAVING = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoLeaving', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
};

const memberId = (index: number): string => String(100000000000 + index);
const ouId = (index: number): string => `ou-bnch-${String(index).padStart(8, '0')}`;

/** The input bucket of account `index`'s jobs. */
function inputBucket(index: number, members: string[]): string {
  if (index % 10 === 9) return PARTNER_BUCKET;
  if (index % 4 === 3) return SHARED_BUCKET;
  return `bench-data-${members[index]}`;
}

export function burstWorld(accounts: number, ous: number, events: number): BurstWorld {
  const members = Array.from({ length: accounts }, (_, index) => memberId(index));
  const rootId = 'r-bnch';
  const parents: Record<string, string> = {};
  for (let ou = 0; ou < ous; ou++) parents[ouId(ou)] = rootId;
  members.forEach((account, index) => (parents[account] = ouId(index % ous)));
  const tree: OrganizationTree = {
    id: 'o-benchorg01',
    management: CENTRAL,
    rootId,
    parents,
    policies: {
      'p-FullAWSAccess': {
        type: 'SERVICE_CONTROL_POLICY',
        name: 'FullAWSAccess',
        content: FULL,
        targets: [rootId, CENTRAL, ...Object.keys(parents)],
      },
      'p-denyleaving': {
        type: 'SERVICE_CONTROL_POLICY',
        name: 'DenyLeavingOrganization',
        content: DENY_LEAVING,
        targets: Array.from({ length: ous }, (_, ou) => ouId(ou)),
      },
    },
  };
  const snapshot: Snapshot = { snapshotVersion: 1, partition: 'aws', region: REGION, accounts: { [CENTRAL]: {} } };
  const perAccount = Math.ceil(events / accounts);
  const all: unknown[] = [];
  members.forEach((account, index) => {
    const { entry, jobs } = memberAccount(account, inputBucket(index, members), perAccount);
    snapshot.accounts[account] = entry;
    for (const job of jobs) all.push(trainingFailureEvent(job, account, REGION));
  });
  // The shared bucket grants one other account only.
  const owner = snapshot.accounts[members[0]];
  owner.s3 = {
    buckets: {
      ...owner.s3?.buckets,
      [SHARED_BUCKET]: bucket({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadForAnalytics',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${members[1]}:root` },
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: [`arn:aws:s3:::${SHARED_BUCKET}`, `arn:aws:s3:::${SHARED_BUCKET}/*`],
          },
        ],
      }),
    },
  };
  // Interleaved: the events of one account arrive spread over the burst, not in a row.
  const order = all.map((_, index) => (index % perAccount) * accounts + Math.floor(index / perAccount));
  const interleaved = order.map((at) => all[at]).filter((event) => event !== undefined);
  return { snapshot, tree, members, events: interleaved.slice(0, events) };
}

const bucket = (policy: unknown) => ({
  region: REGION,
  policy,
  encryption: { SSEAlgorithm: 'AES256', BucketKeyEnabled: false },
  objectOwnership: 'BucketOwnerEnforced',
  requesterPays: false,
});

function memberAccount(account: string, input: string, jobs: number) {
  const roleArn = `arn:aws:iam::${account}:role/TrainingRole`;
  const own = `bench-data-${account}`;
  const entry: AccountSnapshot = {
    iam: {
      RoleDetailList: [
        {
          Path: '/',
          RoleName: 'TrainingRole',
          Arn: roleArn,
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
                  {
                    Effect: 'Allow',
                    Action: [
                      'logs:CreateLogStream',
                      'logs:PutLogEvents',
                      'logs:CreateLogGroup',
                      'logs:DescribeLogStreams',
                      'cloudwatch:PutMetricData',
                    ],
                    Resource: '*',
                  },
                  {
                    Effect: 'Allow',
                    Action: 's3:ListBucket',
                    Resource: [`arn:aws:s3:::${input}`, `arn:aws:s3:::${own}`],
                  },
                  { Effect: 'Allow', Action: 's3:GetObject', Resource: [`arn:aws:s3:::${input}/train/*`] },
                ],
              },
            },
          ],
          AttachedManagedPolicies: [],
        },
      ],
      Policies: [],
    },
    s3: { buckets: { [own]: bucket(null) } },
    sagemaker: { trainingJobs: {} },
  };
  const descriptions = Array.from({ length: jobs }, (_, index) => {
    const name = `burst-${account}-${index}`;
    return {
      TrainingJobName: name,
      TrainingJobArn: `arn:aws:sagemaker:${REGION}:${account}:training-job/${name}`,
      TrainingJobStatus: 'Failed',
      SecondaryStatus: 'Failed',
      FailureReason: `ClientError: Data download failed:Unable to download object s3://${input}/train/part-0 (AccessDenied: Access Denied)`,
      RoleArn: roleArn,
      AlgorithmSpecification: {
        TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        TrainingInputMode: 'File',
      },
      InputDataConfig: [
        {
          ChannelName: 'train',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: `s3://${input}/train/`,
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        },
      ],
      OutputDataConfig: { S3OutputPath: `s3://${own}/output/` },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      CreationTime: new Date(Date.UTC(2026, 11, 4, 5, 0, index)).toISOString(),
      LastModifiedTime: new Date(Date.UTC(2026, 11, 4, 5, 10, index)).toISOString(),
    };
  });
  for (const description of descriptions) {
    (entry.sagemaker as { trainingJobs: Record<string, unknown> }).trainingJobs[description.TrainingJobName] =
      description;
  }
  return { entry, jobs: descriptions };
}
