/**
 * Preflight (docs/preflight.md): the checks of a job that does not exist yet, from the
 * `Create*` request that would start it (or from every job-creating step of a pipeline), plus
 * the checks of whoever creates it. The same job model, checks, judge, findings and patches as
 * the diagnosis (diagnosis/assess.ts); no failure, so no `UNEXPLAINED_ACCESS_DENIED`.
 */
import { assess } from '../diagnosis/assess';
import { IncompleteLog } from '../diagnosis/incomplete';
import type { Gap } from '../diagnosis/jobs/role-builder';
import type { JobModel } from '../diagnosis/jobs/model';
import { REPORT_VERSION, type CheckResult, type Report } from '../diagnosis/report';
import { known, type Evidence } from '../evidence/evidence';
import type { JsonObject } from '../json';
import { memoizeEvidence } from '../evidence/memo-evidence';
import { callerChecks } from './caller';
import { NOT_STARTED, requestJobModel, type RequestJob } from './job';

export interface PreflightJob extends Omit<RequestJob, 'account' | 'region'> {
  /** Prefix of its checks' purposes when several jobs are checked (`step 'Train'`). */
  scope?: string;
}

export interface PreflightInput {
  jobs: PreflightJob[];
  /** The account of a job whose request names no role (live: the caller's). */
  account: string;
  region: string;
  /** Who calls `Create*` (`--caller`, or a pipeline's role): adds the caller's checks. */
  caller?: string;
  /** A pipeline definition: the report's `job` is the pipeline, not one of its steps. */
  pipeline?: { name: string; arn: string; roleArn?: string };
  /** What the input itself left open (a step property known only at run time). */
  gaps?: Gap[];
  /** Models the input creates (a pipeline's model steps), by the name its transform jobs use. */
  models?: Map<string, JsonObject>;
}

/** The evidence, answering DescribeModel for the models the input itself creates. */
function withModels(source: Evidence, models: Map<string, JsonObject>): Evidence {
  return new Proxy(source, {
    get(target, property) {
      if (property === 'describeModel')
        return (account: string, name: string) => {
          const model = models.get(name);
          return model ? Promise.resolve(known(model)) : target.describeModel(account, name);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const DENIED = new Set<CheckResult['decision']>(['ExplicitlyDenied', 'ImplicitlyDenied']);

/** Whether the report has a denied check: the CLI exits 3 (docs/preflight.md). */
export const anyDenied = (report: Report): boolean => report.checks.some((c) => DENIED.has(c.decision));

export async function preflight(input: PreflightInput, source: Evidence): Promise<Report> {
  const evidence = memoizeEvidence(input.models?.size ? withModels(source, input.models) : source);
  const incomplete = new IncompleteLog();
  (input.gaps ?? []).forEach((gap) => incomplete.note(gap.what, gap.why));
  const models: JobModel[] = await Promise.all(
    input.jobs.map((job) => requestJobModel({ ...job, account: input.account, region: input.region }, evidence)),
  );
  // A pipeline step's gaps name their step, as its checks' purposes do.
  models.forEach((model, i) => {
    const { scope } = input.jobs[i];
    const scoped = (what: string) => (scope === undefined || what.startsWith(`${scope}:`) ? what : `${scope}: ${what}`);
    model.gaps.forEach((gap) => incomplete.note(scoped(gap.what), gap.why));
  });
  const first = models[0];
  const account = first?.account ?? input.account;
  const name = input.pipeline?.name ?? first?.name ?? '';

  const { caller } = input;
  const created = input.jobs.map((job, i) => ({ ...job, job: models[i] }));
  const { findings, checks } = await assess(evidence, incomplete, {
    jobs: created.map(({ job, scope }) => ({ job, ...(scope === undefined ? {} : { scope }) })),
    failure: { category: 'none' },
    patchScope: { name, account, region: input.region },
    ...(caller === undefined ? {} : { extraChecks: (layers) => callerChecks(layers, incomplete, caller, created) }),
  });

  const job: Report['job'] = input.pipeline
    ? {
        type: 'Pipeline',
        name: input.pipeline.name,
        arn: input.pipeline.arn,
        account,
        region: input.region,
        roleArn: input.pipeline.roleArn ?? '',
        status: NOT_STARTED,
      }
    : {
        type: first.type,
        name: first.name,
        arn: first.arn,
        account: first.account,
        region: first.region,
        roleArn: first.roles[0]?.roleArn ?? '',
        status: NOT_STARTED,
      };
  return {
    reportVersion: REPORT_VERSION,
    job,
    failure: { category: 'none' },
    findings,
    checks,
    incomplete: incomplete.list(),
  };
}
