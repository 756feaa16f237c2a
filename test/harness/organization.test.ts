/**
 * Organization mode on the wire fake: the Lambda runs in a central account (the management
 * account or a delegated administrator) that is not the job's. It reads the job's account and
 * the owner of each bucket, key and repository through their cross-account role, only in the
 * accounts that organizations:ListAccounts lists; what it cannot read gives
 * CROSS_ACCOUNT_POLICY_UNKNOWN with the statements the owner must add.
 */
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { Report } from '../../lambda/diagnosis/report';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import type { FakeAwsOptions } from './server';
import { cli, scenario, type Scenario, useFakeAws } from './harness';
import { withReasonsMasked } from './scenarios';

const ROLE = 'SageMakerAccessDoctorReader';
/** The central account: the management account, where the Lambda runs. */
const CENTRAL = '999999999999';
const PARTNER = '444444444444';

/** The scenarios with a bucket, key or repository of another account. */
const CROSS_ACCOUNT = [
  'cross-account-bucket-policy-no-allow',
  'cross-account-aws-managed-key',
  'ecr-cross-account-repository-no-allow',
  'requester-pays-cross-account',
  'multi-channel-several-accounts',
];

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * The scenario's accounts and the central one in one organization (an account the scenario
 * puts in no organization gets one without SCPs or RCPs, which decides as no organization does).
 */
function inOrganization(data: Scenario): Scenario {
  const result = copy(data);
  for (const account of Object.values(result.snapshot.accounts))
    account.organization ??= { id: 'o-harness', scps: [], rcps: [] };
  return result;
}

function withCentral(snapshot: Snapshot): Snapshot {
  const result = copy(snapshot);
  result.accounts[CENTRAL] = { organization: { id: 'o-harness', scps: [], rcps: [] } };
  return result;
}

const offline = (data: Scenario): Promise<Report> =>
  diagnose({ event: parseFailureEvent(data.event) }, new SnapshotEvidence(parseSnapshot(data.snapshot, 'x.json')));

/** The report of the Lambda in `own` on the fake holding `snapshot`, and the roles it assumed. */
async function live(data: Scenario, snapshot: Snapshot, own: string, options: FakeAwsOptions = {}) {
  const aws = await useFakeAws(snapshot, options, own);
  try {
    const evidence = await createLiveEvidence({
      region: snapshot.region,
      account: own,
      crossAccountRoleName: ROLE,
    });
    const report = await diagnose({ event: parseFailureEvent(data.event) }, evidence.evidence);
    const calls = aws.calls();
    const listed = new Set(
      calls
        .filter((call) => call.operation === 'ListAccounts')
        .flatMap(() => Object.keys(snapshot.accounts).filter((id) => isMember(snapshot, id))),
    );
    const assumed = calls
      .filter((call) => call.operation === 'AssumeRole')
      .map((call) => String(call.params.RoleArn).split(':')[4]);
    return { report, assumed, listed };
  } finally {
    await aws.stop();
  }
}

const isMember = (snapshot: Snapshot, account: string): boolean => {
  const organization = snapshot.accounts[account]?.organization;
  return typeof organization === 'object' && organization?.id === 'o-harness';
};

const causes = (report: Report) => report.findings.map((finding) => `${finding.cause} ${finding.resource ?? ''}`);

describe('the Lambda in the central account of an organization', () => {
  it.each(CROSS_ACCOUNT)(
    '%s: reads the job account and the owner through their roles, with the findings of the offline diagnosis',
    async (name) => {
      const data = inOrganization(scenario(name));
      const { report, assumed } = await live(data, withCentral(data.snapshot), CENTRAL);
      const expected = await offline(data);
      expect(expected.findings.length).toBeGreaterThan(0);
      expect(withReasonsMasked(report)).toEqual(withReasonsMasked(expected));
      // The job's account and the other account were both read through their role, nothing else
      expect(new Set(assumed)).toEqual(new Set(Object.keys(data.snapshot.accounts)));
    },
  );

  it('assumes each role once per diagnosis', async () => {
    const data = inOrganization(scenario('multi-channel-several-accounts'));
    const { assumed } = await live(data, withCentral(data.snapshot), CENTRAL);
    expect(assumed.length).toBe(new Set(assumed).size);
  });
});

describe('a bucket outside the organization', () => {
  const base = () => inOrganization(scenario('v2-cross-account-policy-unknown'));

  it('gives CROSS_ACCOUNT_POLICY_UNKNOWN with the statements for its owner, as offline', async () => {
    const data = base();
    const { report } = await live(data, withCentral(data.snapshot), CENTRAL);
    const expected = await offline(data);
    expect(causes(report)).toEqual([
      'CROSS_ACCOUNT_POLICY_UNKNOWN arn:aws:s3:::contoso-partner-exports',
      'CROSS_ACCOUNT_POLICY_UNKNOWN arn:aws:s3:::contoso-partner-exports/orders/2026-11/*',
    ]);
    expect(report.findings[0].patch).toMatchObject({
      kind: 'statement-for-owner',
      target: 'arn:aws:s3:::contoso-partner-exports',
    });
    expect(withReasonsMasked(report)).toEqual(withReasonsMasked(expected));
  });

  it("of another organization's account is never read: no role is assumed there", async () => {
    // Given the partner's bucket exists, in an account of another organization
    const data = base();
    const snapshot = withCentral(data.snapshot);
    snapshot.accounts[PARTNER] = {
      organization: { id: 'o-partner', scps: [], rcps: [] },
      s3: {
        buckets: {
          'contoso-partner-exports': {
            region: 'us-east-1',
            policy: { Version: '2012-10-17', Statement: [] },
            encryption: null,
            objectOwnership: 'BucketOwnerEnforced',
            requesterPays: false,
          },
        },
      },
    };
    const { report, assumed, listed } = await live(data, snapshot, CENTRAL);
    // Then its checks are unknown with the statements for the owner, and the call log has no
    // AssumeRole outside the accounts ListAccounts gave
    expect(causes(report).every((cause) => cause.startsWith('CROSS_ACCOUNT_POLICY_UNKNOWN'))).toBe(true);
    expect(report.findings).toHaveLength(2);
    expect(assumed).not.toContain(PARTNER);
    for (const account of assumed) expect(listed).toContain(account);
  });
});

describe('an account of the organization whose role cannot be assumed', () => {
  it("leaves its bucket's policy unknown: CROSS_ACCOUNT_POLICY_UNKNOWN, quoting STS", async () => {
    // Given the bucket's owner account has no reader role (the StackSet did not reach it)
    const data = inOrganization(scenario('cross-account-bucket-policy-no-allow'));
    const { report } = await live(data, withCentral(data.snapshot), CENTRAL, {
      rolelessAccounts: ['222222222222'],
    });
    // Then the bucket checks are unknown with the statements for the owner, not BUCKET_POLICY_NO_ALLOW
    expect(causes(report)).toEqual([
      'CROSS_ACCOUNT_POLICY_UNKNOWN arn:aws:s3:::datalake-shared-curated',
      'CROSS_ACCOUNT_POLICY_UNKNOWN arn:aws:s3:::datalake-shared-curated/sales/daily/*',
    ]);
    expect(report.findings.map((finding) => finding.patch?.kind)).toEqual([
      'statement-for-owner',
      'statement-for-owner',
    ]);
    expect(report.incomplete.map((entry) => entry.why).join('\n')).toMatch(
      /sts:AssumeRole into arn:aws:iam::222222222222:role\/SageMakerAccessDoctorReader was denied/,
    );
  });
});

describe("the fake's request rates", () => {
  it("answer over the rate with each service's own throttling error, per caller account", async () => {
    // Given Organizations limited to 5 requests a second and IAM reads to 20, per account
    const data = inOrganization(scenario('cross-account-bucket-policy-no-allow'));
    const aws = await useFakeAws(data.snapshot, {
      rateLimits: { organizations: { perSecond: 5 }, iam: { perSecond: 20 } },
    });
    try {
      const config = { region: 'us-east-1', maxAttempts: 1 };
      const organizations = new OrganizationsClient(config);
      const iam = new IAMClient(config);
      // When 8 and 25 requests are made at once
      const settle = (sends: Promise<unknown>[]) =>
        Promise.allSettled(sends).then((all) =>
          all.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : [])),
        );
      const orgErrors = await settle(Array.from({ length: 8 }, () => organizations.send(new ListAccountsCommand({}))));
      const iamErrors = await settle(
        Array.from({ length: 25 }, () => iam.send(new GetRoleCommand({ RoleName: 'ForecastTrainingRole' }))),
      );
      // Then the requests over the rate are throttled as AWS throttles them
      expect(orgErrors.map((error) => error.name)).toEqual(Array(3).fill('TooManyRequestsException'));
      expect(iamErrors.map((error) => error.name)).toEqual(Array(5).fill('Throttling'));
      expect(aws.calls().filter((call) => call.throttled)).toHaveLength(8);
    } finally {
      await aws.stop();
    }
  });
});

describe('diagnose --job ARN --cross-account-role from the management account', () => {
  it('reads the job in its own account and the bucket owner through their roles, as offline', async () => {
    // Given a profile of the management account, and a job of a member account named by its ARN
    const data = inOrganization(scenario('cross-account-bucket-policy-no-allow'));
    const arn = String(data.event.resources instanceof Array ? data.event.resources[0] : '');
    const aws = await useFakeAws(withCentral(data.snapshot), {}, CENTRAL);
    try {
      // When the live CLI diagnoses it with the cross-account role
      const run = await cli(['diagnose', '--job', arn, '--cross-account-role', ROLE, '--format', 'json']);
      // Then it reports the offline findings, having assumed roles only in the organization's accounts
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
      const report = JSON.parse(run.out) as Report;
      expect(withReasonsMasked(report)).toEqual(withReasonsMasked(await offline(data)));
      const assumed = aws
        .calls()
        .filter((call) => call.operation === 'AssumeRole')
        .map((call) => String(call.params.RoleArn));
      expect(new Set(assumed)).toEqual(
        new Set(['111111111111', '222222222222'].map((account) => `arn:aws:iam::${account}:role/${ROLE}`)),
      );
    } finally {
      await aws.stop();
    }
  });

  it('without the role reads no other account: the job of a member account is not found', async () => {
    const data = inOrganization(scenario('cross-account-bucket-policy-no-allow'));
    const arn = String(data.event.resources instanceof Array ? data.event.resources[0] : '');
    const aws = await useFakeAws(withCentral(data.snapshot), {}, CENTRAL);
    try {
      const run = await cli(['diagnose', '--job', arn, '--format', 'json']);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/no cross-account role name is configured/);
      expect(aws.operations()).not.toContain('sts:AssumeRole');
    } finally {
      await aws.stop();
    }
  });

  it('refuses an ARN that is no SageMaker job, naming the flag', async () => {
    const run = await cli(['diagnose', '--job', 'arn:aws:s3:::bucket', '--cross-account-role', ROLE]);
    expect(run).toMatchObject({ code: 2 });
    expect(run.err).toMatch(/--job 'arn:aws:s3:::bucket' is neither a job name nor the ARN of a SageMaker job/);
  });

  it('refuses --cross-account-role with --snapshot', async () => {
    const run = await cli(['diagnose', '--snapshot', 'x.json', '--job', 'j', '--cross-account-role', ROLE]);
    expect(run).toMatchObject({ code: 2 });
    expect(run.err).toMatch(/--cross-account-role reads other accounts on live AWS/);
  });
});
