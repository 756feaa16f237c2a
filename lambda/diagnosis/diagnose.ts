/**
 * The diagnosis: event -> job model -> checks -> evaluation -> findings -> patches -> report.
 * Evidence comes through one interface (evidence.ts), from a snapshot or from live AWS.
 */
import { compilePolicy } from '../engine/policy';
import type { PolicyType } from '../engine/types';
import { buildChecks, type Check, type CheckContext } from './checks';
import { SAGEMAKER_SERVICE_PRINCIPAL } from './checks/trust';
import type { FailureEvent } from './events';
import { unknown, type Evidence } from '../evidence/evidence';
import { parseFailureReason } from './failure-reason';
import { buildFindings } from './findings';
import { IncompleteLog } from './incomplete';
import { buildJobModel, type JobReference } from './jobs';
import type { JobModel } from './jobs/model';
import { judge, type Verdict } from './judge';
import { LayerCompiler, accountOf, type OrganizationLayers } from './layers';
import { memoizeEvidence } from '../evidence/memo-evidence';
import { collectingSecrets, Secrets } from '../redaction';
import { attachPatches } from './patches';
import type { CheckResult, Report } from './report';

/** Every role's account is read above: a check never lacks its organization. */
const NO_ORGANIZATION: OrganizationLayers = {
  scps: unknown('the organization of the account was not read'),
  rcps: unknown('the organization of the account was not read'),
};

export interface DiagnoseInput {
  /**
   * The failure event, parsed and validated at the edge (`parseFailureEvent`: the Lambda's
   * handler, the CLI's `--event`), which also picked the job's identity from it.
   */
  event?: FailureEvent;
  /** Or a job to look up by name. */
  job?: JobReference;
}

/** Every key prefix the job reads, per bucket, so that each bucket is read once. */
function prefixesByBucket(job: JobModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const role of job.roles) {
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
 * Diagnoses one failed job. Throws InputError (lambda/errors.ts) for unusable input: a job
 * neither the evidence nor the event describes, a job name that is unknown or ambiguous. Evidence gaps are
 * listed in `incomplete`, never thrown.
 */
export async function diagnose(input: DiagnoseInput, source: Evidence): Promise<Report> {
  // The failure text may quote a secret of the event or of a description: it is redacted before use.
  const secrets = Secrets.ofEvent(input.event);
  const evidence = collectingSecrets(memoizeEvidence(source), secrets);
  const described = await buildJobModel(input, evidence);
  const job =
    described.failureReason === undefined
      ? described
      : {
          ...described,
          failureReason: secrets.redactBeside(described.failureReason, { ...described, failureReason: '' }),
        };
  const incomplete = new IncompleteLog();
  job.gaps.forEach((gap) => incomplete.note(gap.what, gap.why));
  const failure = parseFailureReason(job.failureReason, job);

  const layers = new LayerCompiler(evidence, incomplete);
  const ctx: CheckContext = { evidence, layers, incomplete, job, bucketPrefixes: prefixesByBucket(job) };
  const roleAccounts = [...new Set(job.roles.map((r) => accountOf(r.roleArn)))];
  // The organizations of the roles' accounts are read alongside the checks' own evidence.
  const [checks, orgList] = await Promise.all([
    buildChecks(ctx),
    Promise.all(roleAccounts.map((account) => layers.organization(account))),
  ]);
  const orgs = new Map(roleAccounts.map((account, i) => [account, orgList[i]]));
  const orgOf = (check: Check): OrganizationLayers => orgs.get(check.role.account) ?? NO_ORGANIZATION;

  const verdicts = checks.map((check) => judge(check, orgOf(check)));
  const drafts = buildFindings(verdicts, failure, incomplete.list());
  const findings = attachPatches(
    {
      jobName: job.name,
      jobAccount: job.account,
      partition: evidence.partition,
      region: job.region,
      rejudge: (verdict, overrides) => judge(verdict.check, orgOf(verdict.check), overrides),
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

  return {
    reportVersion: 1,
    job: {
      type: job.type,
      name: job.name,
      arn: job.arn,
      account: job.account,
      region: job.region,
      roleArn: job.roles[0]?.roleArn ?? '',
      ...(job.status !== undefined && { status: job.status }),
      ...(job.failureReason !== undefined && { failureReason: job.failureReason }),
    },
    failure,
    findings,
    checks: verdicts.map(checkResult),
    incomplete: incomplete.list(),
  };
}
