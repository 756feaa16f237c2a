/**
 * A small builder of snapshots and failure events for the diagnosis tests: each test states
 * only what matters to it (a role's policies, a bucket's settings), the rest is a healthy
 * default. Also applies a report's patches the way `check-scenarios` does.
 */
import { diagnose } from '../../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../../lambda/diagnosis/events';
import type { Report } from '../../../lambda/diagnosis/report';
import { parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { expectValidReport } from '../../schemas/validators';
import { SnapshotEvidence } from '../../../lambda/evidence/snapshot/snapshot-evidence';

export const REGION = 'us-east-1';
export const ACCOUNT = '111111111111';
export const OTHER = '222222222222';
export const ROLE_NAME = 'JobRole';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ml/${ROLE_NAME}`;
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE_NAME}/SageMaker`;
export const JOB = 'train-1';
export const JOB_ARN = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/${JOB}`;

type Json = Record<string, unknown>;
export type Statement = Json;

export const doc = (...Statement: Statement[]): Json => ({ Version: '2012-10-17', Statement });
export const allow = (Action: string | string[], Resource: string | string[], extra: Json = {}): Statement => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
export const deny = (Action: string | string[], Resource: string | string[], extra: Json = {}): Statement => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});
export const TRUST = doc({
  Effect: 'Allow',
  Principal: { Service: 'sagemaker.amazonaws.com' },
  Action: 'sts:AssumeRole',
});
export const keyArn = (account: string, id: string): string => `arn:aws:kms:${REGION}:${account}:key/${id}`;
export const delegate = (account: string): Statement => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});

export interface RoleSpec {
  inline?: Record<string, Json | string>;
  managed?: { name: string; arn: string; document: Json }[];
  boundary?: Json;
  trust?: Json | string;
  /** The role's Tags, by key; `unreadable`: marked as a field that could not be read. */
  tags?: Record<string, string> | 'unreadable';
}

export interface BucketSpec {
  account?: string;
  policy?: Json | null;
  encryption?: Json | null;
  objectOwnership?: string;
  requesterPays?: boolean;
  region?: string;
  objects?: Record<string, Json>;
  /** Keys to leave out of the snapshot (unknown evidence). */
  omit?: string[];
}

/** A snapshot under construction: accounts keyed by id. */
export class World {
  public readonly accounts: Record<string, Json> = { [ACCOUNT]: { iam: { RoleDetailList: [], Policies: [] } } };

  public account(id: string): Json {
    this.accounts[id] ??= {};
    return this.accounts[id];
  }

  public role(spec: RoleSpec = {}, name = ROLE_NAME, path = '/ml/', account = ACCOUNT): this {
    const a = this.account(account);
    const iam = (a.iam ??= { RoleDetailList: [], Policies: [] }) as { RoleDetailList: Json[]; Policies: Json[] };
    const role: Json = {
      Path: path,
      RoleName: name,
      Arn: `arn:aws:iam::${account}:role${path}${name}`,
      AssumeRolePolicyDocument: spec.trust ?? TRUST,
      RolePolicyList: Object.entries(spec.inline ?? {}).map(([PolicyName, PolicyDocument]) => ({
        PolicyName,
        PolicyDocument,
      })),
      AttachedManagedPolicies: (spec.managed ?? []).map((m) => ({ PolicyName: m.name, PolicyArn: m.arn })),
    };
    if (spec.tags === 'unreadable') role.unreadable = ['Tags'];
    else if (spec.tags) role.Tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
    for (const m of spec.managed ?? []) {
      iam.Policies.push({
        PolicyName: m.name,
        Arn: m.arn,
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ Document: m.document, VersionId: 'v1', IsDefaultVersion: true }],
      });
    }
    if (spec.boundary) {
      const arn = `arn:aws:iam::${account}:policy/Boundary`;
      role.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn };
      iam.Policies.push({
        PolicyName: 'Boundary',
        Arn: arn,
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ Document: spec.boundary, VersionId: 'v1', IsDefaultVersion: true }],
      });
    }
    iam.RoleDetailList.push(role);
    return this;
  }

  public bucket(name: string, spec: BucketSpec = {}): this {
    const a = this.account(spec.account ?? ACCOUNT);
    const s3 = (a.s3 ??= { buckets: {} }) as { buckets: Json };
    const bucket: Json = {
      region: spec.region ?? REGION,
      policy: spec.policy ?? null,
      encryption: spec.encryption === undefined ? { SSEAlgorithm: 'AES256' } : spec.encryption,
      objectOwnership: spec.objectOwnership ?? 'BucketOwnerEnforced',
      requesterPays: spec.requesterPays ?? false,
    };
    if (spec.objects) bucket.objects = spec.objects;
    for (const key of spec.omit ?? []) delete bucket[key];
    s3.buckets[name] = bucket;
    return this;
  }

  public key(
    arn: string,
    spec: { policy?: Json | null; state?: string; manager?: string; aliases?: string[]; grants?: Json[] } = {},
  ): this {
    const account = arn.split(':')[4];
    const a = this.account(account);
    const kms = (a.kms ??= { keys: {} }) as { keys: Json };
    kms.keys[arn] = {
      KeyManager: spec.manager ?? 'CUSTOMER',
      KeyState: spec.state ?? 'Enabled',
      aliases: spec.aliases ?? [],
      policy: spec.policy === undefined ? doc(delegate(account)) : spec.policy,
      grants: spec.grants ?? [],
    };
    return this;
  }

  public organization(account: string, org: Json): this {
    this.account(account).organization = org;
    return this;
  }

  public set(account: string, section: string, value: unknown): this {
    this.account(account)[section] = value;
    return this;
  }

  public snapshot(): Json {
    return { snapshotVersion: 1, partition: 'aws', region: REGION, accounts: structuredClone(this.accounts) };
  }
}

export interface TrainingSpec {
  channels?: { name: string; uri: string; type?: string }[];
  output?: string;
  outputKey?: string;
  volumeKey?: string;
  image?: string;
  vpc?: { Subnets: string[]; SecurityGroupIds: string[] };
  checkpoint?: string;
  failureReason?: string;
  role?: string;
}

export function trainingJob(spec: TrainingSpec = {}): Json {
  const job: Json = {
    TrainingJobName: JOB,
    TrainingJobArn: JOB_ARN,
    TrainingJobStatus: 'Failed',
    // Healthy by default: tests of access failures say so.
    FailureReason: spec.failureReason ?? 'AlgorithmError: ExecuteUserScriptError',
    AlgorithmSpecification: {
      TrainingImage: spec.image ?? `683313688378.dkr.ecr.${REGION}.amazonaws.com/sagemaker-xgboost:1.7-1`,
      TrainingInputMode: 'File',
    },
    RoleArn: spec.role ?? ROLE_ARN,
    InputDataConfig: (spec.channels ?? [{ name: 'train', uri: 's3://data/train/' }]).map((c) => ({
      ChannelName: c.name,
      DataSource: {
        S3DataSource: { S3DataType: c.type ?? 'S3Prefix', S3Uri: c.uri, S3DataDistributionType: 'FullyReplicated' },
      },
    })),
    OutputDataConfig: {
      S3OutputPath: spec.output ?? 's3://data/models/',
      ...(spec.outputKey && { KmsKeyId: spec.outputKey }),
    },
    ResourceConfig: {
      InstanceType: 'ml.m5.large',
      InstanceCount: 1,
      VolumeSizeInGB: 10,
      ...(spec.volumeKey && { VolumeKmsKeyId: spec.volumeKey }),
    },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
  if (spec.vpc) job.VpcConfig = spec.vpc;
  if (spec.checkpoint) job.CheckpointConfig = { S3Uri: spec.checkpoint };
  return job;
}

export const DOWNLOAD_DENIED =
  'ClientError: Data download failed:Unable to download object s3://data/train/a.csv (AccessDenied: Access Denied)';

export const trainingEvent = (detail: Json): Json => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'SageMaker Training Job State Change',
  source: 'aws.sagemaker',
  account: ACCOUNT,
  time: '2026-11-20T10:00:00Z',
  region: REGION,
  resources: [detail.TrainingJobArn],
  detail,
});

/** Diagnoses a training job whose description is only in the event. */
export async function diagnoseWorld(world: World, job: Json): Promise<Report> {
  const snapshot = parseSnapshot(world.snapshot(), 'test-snapshot.json');
  return expectValidReport(
    await diagnose({ event: parseFailureEvent(trainingEvent(job)) }, new SnapshotEvidence(snapshot)),
  );
}

export async function diagnoseSnapshot(snapshot: unknown, event: unknown): Promise<Report> {
  return expectValidReport(
    await diagnose(
      { event: parseFailureEvent(event) },
      new SnapshotEvidence(parseSnapshot(snapshot, 'test-snapshot.json')),
    ),
  );
}

/** Applies every document-changing patch of the report to a copy of the snapshot (docs/formats/report.md, "Patch"). */
export function applyPatches(snapshot: Json, report: Report): Json {
  const snap = structuredClone(snapshot) as { accounts: Record<string, Json> };
  const accounts = Object.values(snap.accounts);
  const roles = accounts.flatMap((a) => ((a.iam as Json | undefined)?.RoleDetailList as Json[] | undefined) ?? []);
  for (const f of report.findings) {
    const p = f.patch;
    if (!p || p.kind === 'manual') continue;
    if (p.kind === 'role-inline-policy') {
      const role = roles.find((r) => r.Arn === p.target)!;
      role.RolePolicyList = [
        ...(role.RolePolicyList as Json[]).filter((x) => x.PolicyName !== p.policyName),
        { PolicyName: p.policyName, PolicyDocument: p.document },
      ];
    } else if (p.kind === 'bucket-policy') {
      const name = p.target.replace('arn:aws:s3:::', '');
      const holder = accounts.find((a) => ((a.s3 as Json | undefined)?.buckets as Json | undefined)?.[name])!;
      ((holder.s3 as Json).buckets as Record<string, Json>)[name].policy = p.document;
    } else if (p.kind === 'key-policy') {
      for (const a of accounts) {
        const keys = (a.kms as Json | undefined)?.keys as Record<string, Json> | undefined;
        if (keys?.[p.target]) keys[p.target].policy = p.document;
      }
    } else if (p.kind === 'trust-policy') {
      roles.find((r) => r.Arn === p.target)!.AssumeRolePolicyDocument = p.document;
    } else if (p.kind === 'endpoint-policy') {
      for (const a of accounts) {
        for (const e of ((a.ec2 as Json | undefined)?.vpcEndpoints as Json[] | undefined) ?? []) {
          if (e.VpcEndpointId === p.target) e.PolicyDocument = p.document;
        }
      }
    } else if (p.kind === 'repository-policy') {
      const [, , , , account, resource] = p.target.split(':');
      const name = resource.replace('repository/', '');
      ((snap.accounts[account].ecr as Json).repositories as Record<string, Json>)[name].policy = p.document;
    }
  }
  return snap as unknown as Json;
}

export const causes = (report: Report): string[] => report.findings.map((f) => `${f.cause} ${f.action} ${f.resource}`);
export const checkOf = (report: Report, action: string, resource?: string) =>
  report.checks.find((c) => c.action === action && (resource === undefined || c.resource === resource));
