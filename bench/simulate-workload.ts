/**
 * A `simulate` batch of the shape of the generated 5,000-request file the throughput goal is
 * measured on (about 2 KB a request, documents inline, most of them distinct): used when that
 * file is not beside the repository, and to build the 200,000-request file for the memory goal.
 * Deterministic: the same seed gives the same batch.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const BUCKETS = ['ml-training-data', 'ml-training-data-backup', 'finance-reports', 'sagemaker-us-east-1-models'];
const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:CreateGrant',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetAuthorizationToken',
  'logs:PutLogEvents',
];

type Doc = Record<string, unknown>;

/** mulberry32: a small, fast, seeded generator (the batch must be the same on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  public constructor(private readonly next: () => number) {}
  public int(n: number): number {
    return Math.floor(this.next() * n);
  }
  public pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  public chance(p: number): boolean {
    return this.next() < p;
  }
  /** A pattern of `text` with, sometimes, a wildcard or a letter in another case. */
  public vary(text: string): string {
    const at = 1 + this.int(Math.max(1, text.length - 1));
    switch (this.int(5)) {
      case 0:
        return `${text.slice(0, at)}*`;
      case 1:
        return `${text.slice(0, at - 1)}?${text.slice(at)}`;
      case 2:
        return text.slice(0, at) + text.slice(at).toUpperCase();
      default:
        return text;
    }
  }
}

function resourceOf(draw: Draw, action: string, account: string): string {
  const bucket = draw.pick(BUCKETS);
  if (action.startsWith('s3:ListBucket')) return `arn:aws:s3:::${bucket}`;
  if (action.startsWith('s3:'))
    return `arn:aws:s3:::${bucket}/${draw.pick(['train', 'private', 'output'])}/part-${draw.int(500)}.csv`;
  if (action.startsWith('kms:'))
    return `arn:aws:kms:us-east-1:${account}:key/${draw.int(9)}bcd-12ab-34cd-56ef-1234567890ab`;
  if (action === 'ecr:GetAuthorizationToken') return '*';
  if (action.startsWith('ecr:')) return `arn:aws:ecr:us-east-1:${account}:repository/team-${draw.int(5)}/image`;
  return `arn:aws:logs:us-east-1:${account}:log-group:/aws/sagemaker/TrainingJobs:log-stream:job-${draw.int(50)}`;
}

function statement(draw: Draw, action: string, resource: string, principal?: string): Doc {
  const effect = draw.chance(0.25) ? 'Deny' : 'Allow';
  const actions = [draw.vary(action), ...(draw.chance(0.5) ? [draw.pick(ACTIONS)] : [])];
  const resources = [draw.chance(0.3) ? '*' : draw.vary(resource), ...(draw.chance(0.4) ? [draw.vary(resource)] : [])];
  const doc: Doc = {
    ...(draw.chance(0.4) && { Sid: `${effect}${draw.int(10)}` }),
    Effect: effect,
    ...(principal !== undefined && { Principal: draw.chance(0.5) ? '*' : { AWS: principal } }),
    [draw.chance(0.15) ? 'NotAction' : 'Action']: actions.length === 1 ? actions[0] : actions,
    [draw.chance(0.1) ? 'NotResource' : 'Resource']: resources.length === 1 ? resources[0] : resources,
  };
  if (draw.chance(0.35)) {
    doc.Condition = draw.pick([
      { Bool: { 'aws:SecureTransport': 'false' } },
      { StringNotEquals: { 'aws:SourceVpce': [`vpce-0a1b2c3d4e5f6000${draw.int(3)}`] } },
      { StringEqualsIfExists: { 'aws:RequestedRegion': 'us-east-1' } },
      { NotIpAddressIfExists: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24'] } },
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ml/*' } },
      { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
    ]);
  }
  return doc;
}

function policy(draw: Draw, action: string, resource: string, statements: number, principal?: string): Doc {
  const list = Array.from({ length: statements }, () =>
    statement(draw, draw.chance(0.6) ? action : draw.pick(ACTIONS), resource, principal),
  );
  return { Version: '2012-10-17', Statement: list.length === 1 && draw.chance(0.3) ? list[0] : list };
}

/** One request of the batch, numbered `index`. */
function request(draw: Draw, index: number): Doc {
  const account = draw.pick(ACCOUNTS);
  const role = `ml-role-${draw.int(30)}`;
  const session = draw.chance(0.5);
  const action = draw.pick(ACTIONS);
  const resource = resourceOf(draw, action, account);
  const roleArn = `arn:aws:iam::${account}:role/ml/${role}`;
  const principal = session ? `arn:aws:sts::${account}:assumed-role/${role}/SageMaker` : roleArn;
  return {
    id: `g-${String(index).padStart(6, '0')}`,
    principal,
    ...(session && { roleArn }),
    action,
    resource,
    resourceAccount: draw.chance(0.8) ? account : draw.pick(ACCOUNTS),
    context: {
      'aws:SecureTransport': draw.chance(0.9) ? 'true' : 'false',
      'aws:SourceVpce': `vpce-0a1b2c3d4e5f6000${draw.int(3)}`,
      'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
      'aws:RequestedRegion': draw.pick(['us-east-1', 'eu-west-1']),
      'aws:CurrentTime': '2026-11-27T10:15:00Z',
    },
    identityPolicies: Array.from({ length: 1 + draw.int(2) }, () => policy(draw, action, resource, 1 + draw.int(4))),
    ...(draw.chance(0.33) && { permissionBoundaries: [policy(draw, action, resource, 1 + draw.int(2))] }),
    ...(draw.chance(0.7) && { resourcePolicy: policy(draw, action, resource, 1 + draw.int(3), roleArn) }),
    ...(draw.chance(0.5) && {
      scps: [
        [{ Statement: { Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' } }],
        [policy(draw, action, resource, 2)],
      ],
    }),
    ...(draw.chance(0.18) && { vpcEndpointPolicies: [policy(draw, action, resource, 1, '*')] }),
    ...(draw.chance(0.07) && { sessionPolicy: policy(draw, action, resource, 1) }),
  };
}

/** `count` requests (seeded: the same batch every run). */
export function variedRequests(count: number, seed = 5000): Doc[] {
  const draw = new Draw(random(seed));
  return Array.from({ length: count }, (_, i) => request(draw, i));
}

/**
 * Writes `{"requests": [...]}` of `count` requests to `file`: the `base` requests over and over,
 * each copy with its own id, written as it goes (the file may be far larger than memory wants).
 */
export function writeRequestsFile(file: string, base: readonly Doc[], count: number): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"requests": [\n');
    let batch: string[] = [];
    for (let i = 0; i < count; i++) {
      const original = base[i % base.length];
      const copy =
        i < base.length ? original : { ...original, id: `${String(original.id)}-${Math.floor(i / base.length)}` };
      batch.push(JSON.stringify(copy));
      if (batch.length === 1000 || i === count - 1) {
        writeSync(fd, `${batch.join(',\n')}${i === count - 1 ? '\n' : ',\n'}`);
        batch = [];
      }
    }
    writeSync(fd, ']}\n');
  } finally {
    closeSync(fd);
  }
}
