/**
 * The evidence interface over live AWS: every answer read from the account's APIs, unknown with
 * AWS's exact reason when a read is refused, throttled or runs out of time.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Description, Evidence, Known } from '../evidence';
import { evidencePath, type Snapshot } from '../snapshot/types';
import { EvidenceUnavailableError, InputError } from '../../errors';
import { Secrets } from '../../redaction';
import { AccountAccess } from './accounts';
import { parseArn, parseKmsArn, parseRoleArn, partitionOfRegion } from '../../arn';
import { client, type Identity, profileIdentity } from './clients';
import type { LiveContext } from './context';
import { readRepository } from './ecr';
import { readRole } from './iam';
import { readKey } from './kms';
import { readOrganization } from './organizations';
import { prefetch } from './prefetch';
import { readSubnets, readVpcEndpoints } from './network';
import { read } from './read';
import { Recorder } from './recorder';
import { readBucket } from './s3';
import {
  describeEndpointConfig,
  describeJob,
  describeJobByArn,
  describeModel,
  describePipeline,
  describePipelineExecution,
} from './sagemaker';
import { BoundedMemo } from '../../memo';

export interface LiveEvidenceOptions {
  /** The region of the jobs. @default - AWS_REGION, AWS_DEFAULT_REGION, else the profile's region */
  region?: string;
  /** A named profile of the shared AWS config. @default - the default credential chain */
  profile?: string;
  /** The caller's account, when already known (the Lambda's own). @default - asked of STS GetCallerIdentity */
  account?: string;
  /** A role of this name is assumed in other accounts to read their buckets and keys. @default - other accounts are not read */
  crossAccountRoleName?: string;
  /** Read object listings and per-object encryption (ListObjectsV2, HeadObject). @default false */
  objectLevelReads?: boolean;
  /** Milliseconds left before a report must go out. @default - only the per-call time bound */
  deadline?: () => number;
}

export interface LiveEvidence {
  evidence: Evidence;
  /** The caller's account: where jobs named without an account are looked up. */
  account: string;
  /** Every piece of evidence read so far, as a snapshot that replays offline. */
  snapshot(): Snapshot;
  /** The secret values of the descriptions read (lambda/redaction.ts): never to be published. */
  secrets(): Secrets;
}

// One GetCallerIdentity per container and identity (bounded: a long-lived container sees
// identities come and go as sessions are renewed).
const callerAccounts = new BoundedMemo<string, Promise<string>>(1024);

/** Forgets the cached caller identities (tests). */
export function resetCallerAccounts(): void {
  callerAccounts.clear();
}

export async function createLiveEvidence(options: LiveEvidenceOptions = {}): Promise<LiveEvidence> {
  const base = profileIdentity(options.profile);
  const region =
    options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (await profileRegion(base));
  if (!region) throw new InputError('no AWS region: pass --region, set AWS_REGION, or give the profile a region');
  const partition = partitionOfRegion(region);
  const readOptions = options.deadline ? { deadline: options.deadline } : {};
  const ownAccount = options.account ?? (await callerAccount(base, region, readOptions));
  const recorder = new Recorder(partition, region);
  const candidateAccounts = new Set<string>();
  const access = new AccountAccess({
    base,
    ownAccount,
    partition,
    region,
    crossAccountRoleName: options.crossAccountRoleName,
    read: readOptions,
    namedAccounts: candidateAccounts,
  });
  const context: LiveContext = {
    partition,
    region,
    access,
    read: readOptions,
    recorder,
    objectLevelReads: options.objectLevelReads ?? false,
    candidateAccounts,
  };
  const secrets = new Secrets();
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(id: string, read: () => Promise<T>): Promise<T> => {
    let answer = memo.get(id) as Promise<T> | undefined;
    if (!answer) {
      answer = read();
      memo.set(id, answer);
    }
    return answer;
  };
  // A described job starts the reads of what it names (prefetch.ts). The organization's
  // accounts are listed meanwhile: which accounts can be read is known before any check asks.
  const described = <T extends Known<Description | null>>(account: string, answer: Promise<T>): Promise<T> =>
    Promise.all([answer, access.loadOrganization()]).then(([value]) => {
      if (value.known && value.value) prefetch(evidence, account, value.value);
      return value;
    });
  // A piece that could not be read is recorded with AWS's reason (docs/formats/snapshot.md,
  // unreadableReasons), so that the replay says what the live read said. An account that cannot
  // be read at all is not recorded as held: its reasons go to the caller's own account.
  const noting = <T>(account: string, path: string, answer: Promise<Known<T>>): Promise<Known<T>> =>
    answer.then((value) => {
      if (!value.known) recorder.unreadable(access.readable(account) ? account : ownAccount, path, value.why);
      return value;
    });
  // Keys are one read per key: a key ARN names its account, whatever account the caller gives.
  const keyId = (ref: string, account: string) =>
    ref.startsWith('arn:') && ref.includes(':key/') ? ref : `${account}\u0000${ref}`;
  const evidence: Evidence = {
    partition,
    region,
    holdsAccount: (account) => access.readable(account),
    describeJob: (account, kind, name) =>
      once(`job\u0000${account}\u0000${kind}\u0000${name}`, () =>
        described(account, describeJob(context, secrets, account, kind, name)),
      ),
    describeJobByArn: (arn) =>
      once(`arn\u0000${arn}`, () =>
        Promise.all([describeJobByArn(context, secrets, arn), access.loadOrganization()]).then(([answer]) => {
          if (answer.known && answer.value)
            prefetch(evidence, parseArn(arn)?.account ?? ownAccount, answer.value.description);
          return answer;
        }),
      ),
    describeModel: (account, name) =>
      once(`model\u0000${account}\u0000${name}`, () =>
        noting(account, evidencePath('sagemaker', 'models', name), describeModel(context, secrets, account, name)),
      ),
    describeEndpointConfig: (account, name) =>
      once(`config\u0000${account}\u0000${name}`, () =>
        noting(
          account,
          evidencePath('sagemaker', 'endpointConfigs', name),
          describeEndpointConfig(context, secrets, account, name),
        ),
      ),
    describePipeline: (account, name) =>
      once(`pipeline\u0000${account}\u0000${name}`, () =>
        noting(
          account,
          evidencePath('sagemaker', 'pipelines', name),
          describePipeline(context, secrets, account, name),
        ),
      ),
    describePipelineExecution: (account, executionArn) =>
      once(`pipeline-execution\u0000${account}\u0000${executionArn}`, () =>
        noting(
          account,
          evidencePath('sagemaker', 'pipelineExecutions', executionArn),
          describePipelineExecution(context, secrets, account, executionArn),
        ),
      ),
    role: (arn) =>
      once(`role\u0000${arn}`, () => {
        const parsed = parseRoleArn(arn);
        const answer = readRole(context, arn);
        return parsed ? noting(parsed.account, evidencePath('iam', 'RoleDetailList', parsed.roleName), answer) : answer;
      }),
    // Without object-level reads the prefixes change nothing: one read per bucket.
    bucket: (name, prefixes) =>
      once(`bucket\u0000${name}${context.objectLevelReads ? `\u0000${[...prefixes].sort().join('\u0000')}` : ''}`, () =>
        noting(ownAccount, evidencePath('s3', 'buckets', name), readBucket(context, name, prefixes)),
      ),
    key: (ref, account) =>
      once(`key\u0000${keyId(ref, account)}`, () =>
        noting(parseKmsArn(ref)?.account ?? account, evidencePath('kms', 'keys', ref), readKey(context, ref, account)),
      ),
    organization: (account) =>
      once(`organization\u0000${account}`, () => noting(account, 'organization', readOrganization(context, account))),
    vpcEndpoints: (account) =>
      once(`endpoints\u0000${account}`, () =>
        noting(account, evidencePath('ec2', 'vpcEndpoints'), readVpcEndpoints(context, account)),
      ),
    subnets: (account) =>
      once(`subnets\u0000${account}`, () =>
        noting(account, evidencePath('ec2', 'subnets'), readSubnets(context, account)),
      ),
    repository: (account, repositoryRegion, name) =>
      once(`repository\u0000${account}\u0000${repositoryRegion}\u0000${name}`, () => {
        const answer = readRepository(context, account, repositoryRegion, name);
        // The snapshot holds the repositories of its one region.
        return repositoryRegion === region
          ? noting(account, evidencePath('ecr', 'repositories', name), answer)
          : answer;
      }),
  };
  return {
    evidence,
    account: ownAccount,
    // A description's failure text may quote a secret of one read later (an endpoint's, a model's).
    snapshot: () => secrets.redactFreeText(recorder.snapshot()),
    secrets: () => secrets,
  };
}

async function profileRegion(identity: Identity): Promise<string | undefined> {
  try {
    // A client without a region resolves it from the environment and the profile's config.
    return await new STSClient(identity.profile !== undefined ? { profile: identity.profile } : {}).config.region();
  } catch {
    return undefined;
  }
}

async function callerAccount(
  identity: Identity,
  region: string,
  readOptions: { deadline?: () => number },
): Promise<string> {
  const key = `${identity.key}\u0000${region}`;
  let account = callerAccounts.peek(key);
  if (!account) {
    account = read('sts:GetCallerIdentity', readOptions, (abortSignal) =>
      client('sts', region, identity).send(new GetCallerIdentityCommand({}), { abortSignal }),
    ).then((answer) => {
      if (!answer.ok || !answer.value.Account) {
        callerAccounts.delete(key);
        // AWS could not be asked: not bad input (the CLI exits 1, README.md).
        throw new EvidenceUnavailableError(
          `cannot tell which AWS account the credentials belong to: ${answer.ok ? 'no account in the answer' : answer.why}`,
        );
      }
      return answer.value.Account;
    });
    callerAccounts.set(key, account);
  }
  return account;
}
