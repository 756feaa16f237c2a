/**
 * A tiny in-memory Evidence for the job model tests: it answers the SageMaker descriptions only,
 * with the snapshot's meaning of absence (an account or section that is absent is unknown, a
 * name absent from a present section is known not to exist).
 */
import { type Description, type Evidence, type Known, known, unknown } from '../../../lambda/evidence/evidence';
import { JOB_KINDS, jobKind, type JobKind } from '../../../lambda/job-kinds';

/** One account's SageMaker section, keyed like a snapshot's `sagemaker` section. */
export interface FakeSageMaker {
  trainingJobs?: Record<string, Description>;
  processingJobs?: Record<string, Description>;
  transformJobs?: Record<string, Description>;
  tuningJobs?: Record<string, Description>;
  endpoints?: Record<string, Description>;
  models?: Record<string, Description>;
  endpointConfigs?: Record<string, Description>;
  pipelines?: Record<string, Description>;
  pipelineExecutions?: Record<string, Description>;
}

const notHere = (what: string): Known<never> => unknown(`the fake evidence holds no ${what}`);

export class FakeEvidence implements Evidence {
  public readonly partition = 'aws';
  public readonly region = 'us-east-1';
  /** Every describe call, in order, for assertions on what was asked. */
  public readonly calls: string[] = [];

  public constructor(private readonly accounts: Record<string, FakeSageMaker>) {}

  /** A fake over the `sagemaker` sections of a snapshot's accounts. */
  public static fromSnapshot(snapshot: { accounts: Record<string, { sagemaker?: FakeSageMaker }> }): FakeEvidence {
    const accounts: Record<string, FakeSageMaker> = {};
    for (const [account, content] of Object.entries(snapshot.accounts)) accounts[account] = content.sagemaker ?? {};
    return new FakeEvidence(accounts);
  }

  public holdsAccount(account: string): boolean {
    return Object.hasOwn(this.accounts, account);
  }

  public async describeJob(account: string, kind: JobKind, name: string): Promise<Known<Description | null>> {
    this.calls.push(`describeJob ${account} ${kind} ${name}`);
    return this.lookUp(account, jobKind(kind).section, name);
  }

  public async describeJobByArn(arn: string): Promise<Known<{ kind: JobKind; description: Description } | null>> {
    this.calls.push(`describeJobByArn ${arn}`);
    for (const section of Object.values(this.accounts)) {
      for (const kind of JOB_KINDS) {
        const found = Object.values(section[jobKind(kind).section] ?? {}).find(
          (description) => String(description[jobKind(kind).arnField]).toLowerCase() === arn.toLowerCase(),
        );
        if (found) return known({ kind, description: found });
      }
    }
    return known(null);
  }

  public async describeModel(account: string, name: string): Promise<Known<Description | null>> {
    this.calls.push(`describeModel ${account} ${name}`);
    return this.lookUp(account, 'models', name);
  }

  public async describeEndpointConfig(account: string, name: string): Promise<Known<Description | null>> {
    this.calls.push(`describeEndpointConfig ${account} ${name}`);
    return this.lookUp(account, 'endpointConfigs', name);
  }

  public async describePipeline(account: string, name: string): Promise<Known<Description | null>> {
    this.calls.push(`describePipeline ${account} ${name}`);
    return this.lookUp(account, 'pipelines', name);
  }

  public async describePipelineExecution(account: string, executionArn: string): Promise<Known<Description | null>> {
    this.calls.push(`describePipelineExecution ${account} ${executionArn}`);
    return this.lookUp(account, 'pipelineExecutions', executionArn);
  }

  public role = async () => notHere('roles');
  public bucket = async () => notHere('buckets');
  public key = async () => notHere('keys');
  public organization = async () => notHere('organizations');
  public vpcEndpoints = async () => notHere('VPC endpoints');
  public subnets = async () => notHere('subnets');
  public repository = async () => notHere('repositories');

  private lookUp(account: string, section: keyof FakeSageMaker, name: string): Known<Description | null> {
    if (!this.holdsAccount(account)) return unknown(`account ${account} is not in the fake evidence`);
    const entries = this.accounts[account][section];
    if (entries === undefined) return unknown(`account ${account} has no ${section} in the fake evidence`);
    return known(Object.hasOwn(entries, name) ? entries[name] : null);
  }
}
