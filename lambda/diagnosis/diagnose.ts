/**
 * The diagnosis: event -> job model -> checks -> evaluation -> findings -> patches -> report
 * (the steps after the job model are assess.ts, which preflight shares).
 * Evidence comes through one interface (evidence.ts), from a snapshot or from live AWS.
 */
import { assess } from './assess';
import type { FailureEvent } from './events';
import type { Evidence } from '../evidence/evidence';
import { parseFailureReason } from './failure-reason';
import { IncompleteLog } from './incomplete';
import { buildJobModel, type JobReference } from './jobs';
import { memoizeEvidence } from '../evidence/memo-evidence';
import { diagnoseJoblessStep } from '../preflight/pipeline-step';
import { collectingSecrets, Secrets } from '../redaction';
import { REPORT_VERSION, type Report } from './report';

export interface DiagnoseInput {
  /**
   * The failure event, parsed and validated at the edge (`parseFailureEvent`: the Lambda's
   * handler, the CLI's `--event`), which also picked the job's identity from it.
   */
  event?: FailureEvent;
  /** Or a job to look up by name. */
  job?: JobReference;
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
  // A pipeline step refused its Create* call: the pipeline's role is what to check.
  if (input.event?.pipelineStep?.jobless) {
    const reason = input.event.failureReason;
    return diagnoseJoblessStep(input.event, evidence, reason === undefined ? undefined : secrets.redact(reason));
  }
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

  const { findings, checks } = await assess(evidence, incomplete, {
    jobs: [{ job }],
    failure,
    patchScope: { name: job.name, account: job.account, region: job.region, arn: job.arn },
  });

  return {
    reportVersion: REPORT_VERSION,
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
    checks,
    incomplete: incomplete.list(),
  };
}
