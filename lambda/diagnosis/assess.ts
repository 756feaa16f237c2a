/**
 * The part of a diagnosis that follows the job model: checks -> evaluation -> findings ->
 * patches. Shared by `diagnose` (one failed job) and `preflight` (a job not yet created, or
 * every job-creating step of a pipeline, plus the checks of the caller who creates them).
 */
import { compilePolicy } from '../engine/policy';
import type { PolicyType } from '../engine/types';
import { unknown, type Evidence } from '../evidence/evidence';
import { buildChecks, type Check, type CheckContext } from './checks';
import { SAGEMAKER_SERVICE_PRINCIPAL } from './checks/trust';
import { FindingCollector } from './findings';
import { ListedChecks } from './findings/listed';
import type { IncompleteLog } from './incomplete';
import type { JobModel } from './jobs/model';
import { judge, ListingBatches, type Verdict } from './judge';
import { LayerCompiler, accountOf, type OrganizationLayers } from './layers';
import { attachPatches } from './patches';
import type { CheckResult, Failure, Finding } from './report';
import { namedRequest } from './failure-reason';

/** One job to check; `scope` prefixes its checks' purposes (`step 'Train': ...`) when several are. */
interface AssessedJob {
  job: JobModel;
  scope?: string;
}

export interface AssessInput {
  jobs: AssessedJob[];
  failure: Failure;
  /** The name the role fixes' inline policy takes, and the account and Region patches are for. */
  patchScope: { name: string; account: string; region: string; arn?: string };
  /**
   * Whose access the failure says was denied, named by UNEXPLAINED_ACCESS_DENIED when no check
   * explains it (default: the first job's execution role).
   */
  principal?: string;
  /** Checks beyond the jobs' own (preflight's caller checks), built with the same layers. */
  extraChecks?: (layers: LayerCompiler) => Promise<Check[]>;
}

export interface Assessment {
  findings: Finding[];
  checks: CheckResult[];
}

/** Every principal's account is read below: a check never lacks its organization. */
const NO_ORGANIZATION: OrganizationLayers = {
  scps: unknown('the organization of the account was not read'),
  rcps: unknown('the organization of the account was not read'),
};

/** Every key prefix the jobs read, per bucket, so that each bucket is read once. */
function prefixesByBucket(jobs: JobModel[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const role of jobs.flatMap((job) => job.roles)) {
    for (const l of [...role.inputPrefixes, ...role.inputObjects]) {
      const list = out.get(l.bucket) ?? [];
      if (!list.includes(l.key)) list.push(l.key);
      out.set(l.bucket, list);
    }
    for (const o of role.outputs) if (!out.has(o.bucket)) out.set(o.bucket, []);
  }
  return out;
}

function checkResult(verdict: Verdict): CheckResult {
  const { check } = verdict;
  return {
    purpose: check.purpose,
    principal: check.target.kind === 'trust' ? SAGEMAKER_SERVICE_PRINCIPAL : check.role.sessionArn,
    action: check.action,
    resource: check.resource,
    decision: verdict.decision,
    blockedBy: verdict.blockedBy,
  };
}

/**
 * Judges every check of the jobs (and the extra checks) and proposes the patches. `evidence`
 * should be memoised (memo-evidence.ts): the jobs ask for the same evidence many times.
 */
export async function assess(evidence: Evidence, incomplete: IncompleteLog, input: AssessInput): Promise<Assessment> {
  const layers = new LayerCompiler(evidence, incomplete);
  const bucketPrefixes = prefixesByBucket(input.jobs.map((j) => j.job));
  // The organizations of the roles' accounts are read alongside the checks' own evidence.
  const roleAccounts = new Set(input.jobs.flatMap(({ job }) => job.roles.map((r) => accountOf(r.roleArn))));
  roleAccounts.forEach((account) => void layers.organization(account));
  const named = namedRequest(input.failure.raw);
  const perJob = input.jobs.map(async ({ job, scope }) => {
    const ctx: CheckContext = { evidence, layers, incomplete, job, bucketPrefixes, named };
    const checks = await buildChecks(ctx);
    return scope === undefined ? checks : checks.map((c) => ({ ...c, purpose: `${scope}: ${c.purpose}` }));
  });
  const groups = await Promise.all([...perJob, input.extraChecks ? input.extraChecks(layers) : Promise.resolve([])]);
  const checks = groups.flat();
  // The organizations of the principals' accounts (SCPs, aws:PrincipalOrgID).
  const accounts = [...new Set(checks.map((c) => c.role.account))];
  const orgList = await Promise.all(accounts.map((account) => layers.organization(account)));
  const orgs = new Map(accounts.map((account, i) => [account, orgList[i]]));
  const orgOf = (check: Check): OrganizationLayers => orgs.get(check.role.account) ?? NO_ORGANIZATION;

  // Each verdict is folded into the findings and results as it comes, then dropped: the
  // verdicts of a listing of 100,000 objects are never all held (findings/listed.ts).
  const batches = new ListingBatches();
  const collected = new FindingCollector();
  const results = new ListedChecks(checkResult);
  for (const check of checks) {
    const verdict = judge(check, orgOf(check), undefined, batches);
    // A statement the engine could not decide (docs/engine.md, "Fail-open review") is why its checks are Unknown.
    for (const what of verdict.evaluation.undecided ?? [])
      incomplete.note(what, "AWS's documented readings of it disagree, so the checks that depend on it are Unknown");
    collected.add(verdict);
    results.add(verdict);
  }
  const principal = input.principal ?? input.jobs[0]?.job.roles[0]?.roleArn;
  const drafts = collected.findings(input.failure, incomplete.list(), principal);
  const findings = attachPatches(
    {
      jobName: input.patchScope.name,
      ...(input.patchScope.arn !== undefined && { jobArn: input.patchScope.arn }),
      jobAccount: input.patchScope.account,
      partition: evidence.partition,
      region: input.patchScope.region,
      rejudge: (check, overrides) => judge(check, orgOf(check), overrides, batches),
      // Not through the layer cache: a patch document changes while it is being built.
      compile: (document, meta: { policyType: PolicyType; name?: string; arn?: string }) => {
        try {
          return compilePolicy(document, meta);
        } catch {
          return undefined;
        }
      },
    },
    drafts,
  );
  return { findings, checks: results.results() };
}
