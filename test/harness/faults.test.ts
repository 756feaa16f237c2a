import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import type { FaultKind } from './wire';
import { cli, jobOf, scenario, scratch, useFakeAws } from './harness';
import type { Fault } from './server';

/** Each service the evidence reads, with a scenario whose diagnosis needs it. */
const FAMILIES: [string, string][] = [
  ['iam', 'identity-missing-getobject'],
  ['s3', 'identity-missing-getobject'],
  ['kms', 'kms-key-policy-no-delegation'],
  ['organizations', 'scp-denies-restricted-data'],
  ['ec2', 'vpc-endpoint-policy-and-network-interfaces'],
  ['ecr', 'ecr-repository-policy-denies-pull'],
];
/**
 * Throttling that lasts makes the SDK's adaptive retries slow every call of the client down to
 * the 15 s bound of a read (measured: 4 to 15 s a family): it is run for one family here, and
 * as a single throttled call, which the retries absorb, for every family.
 */
const FAULTS: Exclude<FaultKind, 'hang'>[] = ['denied', 'error500'];

/** The outcome of each fault (printed with HARNESS_MATRIX=1, for the record of a run). */
const matrix: string[] = [];
afterAll(() => {
  if (process.env.HARNESS_MATRIX) process.stdout.write(`${matrix.join('\n')}\n`);
});

async function diagnoseWith(name: string, faults: Record<string, FaultKind | Fault>) {
  const data = scenario(name);
  const job = jobOf(data.event);
  const aws = await useFakeAws(data.snapshot, { faults });
  try {
    const recorded = join(scratch(), 'recorded.json');
    const args = ['--job', job.name, '--job-type', job.kind, '--format', 'json'];
    const live = await cli(['diagnose', ...args, '--record', recorded]);
    const replay = live.code === 0 ? await cli(['diagnose', '--snapshot', recorded, ...args]) : undefined;
    return { live, replay, calls: aws.calls() };
  } finally {
    await aws.stop();
  }
}

describe('a refused, throttled or failing read on the wire', () => {
  it.each(FAMILIES.flatMap(([service, name]) => FAULTS.map((fault) => [service, fault, name] as const)))(
    '%s %s: the report names the read under incomplete, and the recording replays to it',
    async (service, fault, name) => {
      // Given every call to the service fails so
      const { live, replay, calls } = await diagnoseWith(name, { [`${service}:*`]: fault });
      // Then a report is produced, with the failed reads under incomplete, saying which call and why
      expect({ code: live.code, err: live.err }).toEqual({ code: 0, err: '' });
      const report = JSON.parse(live.out) as Report;
      const failed = report.incomplete.filter((entry) => entry.why.includes(`${service}:`));
      expect(failed.length).toBeGreaterThan(0);
      // And the recorded snapshot replays to the same report: nothing unread is recorded as "none"
      const replayed = JSON.parse(replay?.out ?? '{}') as Report;
      expect(replayed).toEqual(report);
      const failing = calls.filter((call) => call.service === service && (call.status ?? 0) >= 400);
      matrix.push(
        `${service} ${fault}: exit ${live.code}, ${failing.length} failed calls, incomplete: ${failed.map((entry) => entry.what).join('; ')}`,
      );
    },
  );

  it.each([
    ['iam:GetRolePolicy', 'identity-missing-getobject'],
    ['iam:ListRolePolicies', 'identity-missing-getobject'],
    ['iam:ListAttachedRolePolicies', 'permissions-boundary-blocks-getobject'],
    ['iam:GetRole', 'permissions-boundary-blocks-getobject'],
    ['iam:GetPolicyVersion', 'permissions-boundary-blocks-getobject'],
    ['organizations:DescribeOrganization', 'scp-denies-restricted-data'],
    ['organizations:ListPoliciesForTarget', 'scp-denies-restricted-data'],
    ['kms:GetKeyPolicy', 'kms-key-policy-no-delegation'],
    ['s3:GetBucketPolicy', 'bucket-policy-denies-role'],
  ])('%s alone denied: the recording states it unread, and replays to the live report', async (operation, name) => {
    const { live, replay } = await diagnoseWith(name, { [operation]: 'denied' });
    const report = JSON.parse(live.out) as Report;
    expect(report.incomplete.some((entry) => entry.why.includes(`${operation} was denied`))).toBe(true);
    // Not one finding more in the replay: a denied read is never replayed as "none"
    expect(JSON.parse(replay?.out ?? '{}') as Report).toEqual(report);
  });

  it('ecr throttled beyond the retries: the repository is unknown, and the recording replays to it', async () => {
    const { live, replay } = await diagnoseWith('ecr-repository-policy-denies-pull', { 'ecr:*': 'throttled' });
    const report = JSON.parse(live.out) as Report;
    expect(report.incomplete).toContainEqual({
      what: 'ECR repository restricted-algo',
      why: expect.stringMatching(/^ecr:GetRepositoryPolicy was throttled \(ThrottlingException\) after 3 attempts/),
    });
    expect(JSON.parse(replay?.out ?? '{}') as Report).toEqual(report);
  });

  it.each(FAMILIES)(
    '%s throttled once: the SDK retries and the report is the one without the fault',
    async (service, name) => {
      const clean = await diagnoseWith(name, {});
      const { live, calls } = await diagnoseWith(name, { [`${service}:*`]: { kind: 'throttled', times: 1 } });
      expect(calls.filter((call) => call.status === 400 || call.status === 503).map((call) => call.service)).toContain(
        service,
      );
      expect(JSON.parse(live.out)).toEqual(JSON.parse(clean.live.out));
    },
  );

  it.each([...FAULTS, 'throttled' as const])(
    'sagemaker %s: the CLI exits 1 naming the Describe call and AWS error, not "no such job"',
    async (fault) => {
      const { live } = await diagnoseWith('identity-missing-getobject', { 'sagemaker:*': fault });
      expect(live.code).toBe(1);
      expect(live.out).toBe('');
      expect(live.err).toMatch(
        /^sagemaker-access-doctor diagnose: job '[^']+': sagemaker:DescribeTrainingJob (was denied|was throttled|failed)[^\n]*\n$/,
      );
      matrix.push(`sagemaker ${fault}: exit ${live.code}: ${live.err.trim()}`);
    },
  );
});
