/**
 * A pipeline step that failed before its job existed (docs/diagnosis.md, "A pipeline step without
 * a job"): SageMaker Pipelines calls `Create*` as the pipeline's role, and when that call is
 * refused (`sagemaker:Create<Kind>Job`, or `iam:PassRole` on the step's role) the step fails
 * with the refusal as its `failureReason` and no job in `detail.metadata`. That is preflight's
 * caller check run after the fact: the same checks (caller.ts) of the pipeline's role for the
 * step, judged, explained and patched as every other check.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-pass-role
 */
import { parseArn, roleArn as roleArnOf, sageMakerArn } from '../arn';
import { resolveCaller } from '../engine/arn';
import { InputError } from '../errors';
import { assess } from '../diagnosis/assess';
import type { FailureEvent } from '../diagnosis/events';
import { parseFailureReason } from '../diagnosis/failure-reason';
import { IncompleteLog } from '../diagnosis/incomplete';
import type { JobModel } from '../diagnosis/jobs/model';
import { stringAt, type JsonObject } from '../json';
import { REPORT_VERSION, type Report } from '../diagnosis/report';
import type { Evidence } from '../evidence/evidence';
import { callerChecks } from './caller';
import { PREFLIGHT_KIND_SPECS, type PreflightKind } from './kinds';
import { PIPELINE_JOB_NAME, pipelineInput } from './pipeline';

/** The principal of IAM's AccessDenied message: `User: ARN is not authorized to perform: ...`. */
const DENIED_PRINCIPAL = /User: (arn:[^\s]+) is not authorized to perform/;

/**
 * The request the step sent, as far as the failure text tells it: the role it passed (named by
 * an `iam:PassRole` refusal) in the field the kind passes it in. A transform job passes no role.
 */
function requestOf(kind: PreflightKind, passedRole: string | undefined): JsonObject {
  if (passedRole === undefined || kind === 'transform' || kind === 'model') return {};
  return kind === 'tuning' ? { TrainingJobDefinition: { RoleArn: passedRole } } : { RoleArn: passedRole };
}

/**
 * The pipeline's description (`DescribePipeline`): its role, and the step's `Create*` request as
 * preflight reads it from the definition (lambda/preflight/pipeline.ts), the step's own role
 * defaulting to the pipeline's. The definition is the one the execution ran
 * (`DescribePipelineDefinitionForExecution`): a pipeline updated after the execution started
 * still runs the old definition to its end, so the latest one may name another role or step.
 * Only when the execution's cannot be read is the latest used, and that is noted. `unread`
 * says why the step's request is not known.
 */
async function describedStep(
  event: FailureEvent,
  evidence: Evidence,
  incomplete: IncompleteLog,
  pipelineName: string,
  stepName: string | undefined,
): Promise<{ roleArn?: string; request?: JsonObject; kind?: PreflightKind; unread?: string }> {
  const executionArn = event.pipelineStep?.pipelineExecutionArn;
  const [answer, execution] = await Promise.all([
    evidence.describePipeline(event.account, pipelineName),
    executionArn === undefined ? undefined : evidence.describePipelineExecution(event.account, executionArn),
  ]);
  const ran = execution?.known ? execution.value?.PipelineDefinition : undefined;
  const pipeline = answer.known ? (answer.value ?? undefined) : undefined;
  const roleArn = pipeline && stringAt(pipeline, 'RoleArn');
  const latest = pipeline?.PipelineDefinition;
  if (ran === undefined && latest !== undefined && executionArn !== undefined && execution !== undefined)
    incomplete.note(
      `definition that pipeline execution ${executionArn} ran`,
      `${execution.known ? 'no such execution' : execution.why}: the pipeline's latest definition (DescribePipeline) is read instead, and the pipeline may have been updated since the execution started`,
    );
  const definition = ran ?? latest;
  if (definition === undefined) {
    if (!answer.known) return { unread: answer.why };
    if (answer.value === null) return { unread: 'no pipeline of that name' };
    return { roleArn };
  }
  if (stepName === undefined) return { roleArn };
  try {
    const input = pipelineInput({
      // The description gives the pipeline's RoleArn, the role of steps that name none.
      definition: { ...pipeline, PipelineDefinition: definition },
      file: `pipeline ${pipelineName}`,
      account: event.account,
      region: event.region,
      partition: event.partition,
    });
    const job = input.jobs.find((candidate) => candidate.scope === `step '${stepName}'`);
    return { roleArn, ...(job ? { request: job.request, kind: job.kind } : {}) };
  } catch (error) {
    // A definition preflight cannot read leaves the step's request unknown, not the diagnosis.
    if (error instanceof InputError) return { roleArn };
    throw error;
  }
}

/** `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` -> `arn:aws:iam::ACCOUNT:role/NAME` (the role, path-less). */
function roleOfPrincipal(principal: string): string | undefined {
  const caller = resolveCaller(principal);
  if (caller.kind === 'role') return principal;
  if (caller.kind === 'session' && caller.account && caller.roleName)
    return roleArnOf(caller.partition, caller.account, caller.roleName);
  return undefined;
}

/**
 * Diagnoses a jobless step (`event.pipelineStep.jobless`, diagnosis/events.ts): the pipeline's role
 * is the principal the failure text names (else the pipeline's `RoleArn`); its `Create*` is checked on the job's ARN (the text's,
 * else the names SageMaker Pipelines gives its jobs) and its `iam:PassRole` on the step's role
 * (the definition's, else the one the text names). `failureReason` is the event's, already redacted.
 */
export async function diagnoseJoblessStep(
  event: FailureEvent,
  evidence: Evidence,
  failureReason: string | undefined,
): Promise<Report> {
  const step = event.pipelineStep;
  if (!step?.jobless) throw new Error('diagnoseJoblessStep: the event names a job');
  const kind: PreflightKind = event.kind === 'endpoint' ? 'model' : event.kind;
  const spec = PREFLIGHT_KIND_SPECS[kind];
  const { pipelineName, pipelineArn } = step.jobless;
  const scope = `step '${step.stepName ?? step.stepType ?? '?'}'`;
  const incomplete = new IncompleteLog();

  // The job that was never created: named by the refused Create* when the text gives it.
  const stub: JobModel = {
    type: spec.type,
    name: PIPELINE_JOB_NAME,
    arn: sageMakerArn(event.partition, event.region, event.account, spec.arnResourceType, PIPELINE_JOB_NAME),
    account: event.account,
    region: event.region,
    sourceArn: '',
    roles: [],
    gaps: [],
  };
  const failure = parseFailureReason(failureReason, stub);
  const action = failure.action?.toLowerCase();
  const deniedJob = action === spec.createAction.toLowerCase() ? failure.resource : undefined;
  if (deniedJob !== undefined && parseArn(deniedJob)?.service === 'sagemaker') {
    stub.arn = deniedJob;
    stub.name = deniedJob.slice(deniedJob.indexOf('/') + 1);
  }
  stub.sourceArn = stub.arn;
  const described = await describedStep(event, evidence, incomplete, pipelineName, step.stepName);
  // The step's own request, when the pipeline's definition gives it; else what the failure text names.
  const fromDefinition = described.kind === kind ? described.request : undefined;
  const passedRole = action === 'iam:passrole' ? failure.resource : undefined;
  if (fromDefinition === undefined && passedRole === undefined && kind !== 'transform')
    incomplete.note(
      `${scope}: the role it passes to SageMaker`,
      `neither the failure text (only a refused iam:PassRole names it) nor the pipeline's definition names it (DescribePipeline: ${described.unread ?? 'no such step of its kind'}): its iam:PassRole is not checked`,
    );

  const principal = failureReason === undefined ? undefined : DENIED_PRINCIPAL.exec(failureReason)?.[1];
  // The principal IAM refused is the role SageMaker Pipelines acted as; else the pipeline's RoleArn.
  const roleArn = (principal === undefined ? undefined : roleOfPrincipal(principal)) ?? described.roleArn;
  if (roleArn === undefined) {
    incomplete.note(
      `pipeline role of ${pipelineArn}`,
      "neither the step's failure text (the principal refused) nor the pipeline's description (DescribePipeline's RoleArn) names the pipeline's role: its sagemaker:Create* and iam:PassRole are not checked",
    );
  } else {
    const role = await evidence.role(roleArn);
    if (role.known && role.value === null)
      throw new InputError(
        `event.detail.failureReason: the pipeline's role ${roleArn} is not in account ${event.account} of the evidence: add it to the snapshot's iam.RoleDetailList`,
      );
  }

  const request = fromDefinition ?? requestOf(kind, passedRole);
  const { findings, checks } = await assess(evidence, incomplete, {
    jobs: [],
    failure,
    patchScope: { name: pipelineName, account: event.account, region: event.region },
    // The pipeline's role made the refused Create* call (else whoever the failure text names).
    ...((roleArn ?? principal) !== undefined && { principal: roleArn ?? principal }),
    ...(roleArn === undefined
      ? {}
      : { extraChecks: (layers) => callerChecks(layers, incomplete, roleArn, [{ kind, request, job: stub, scope }]) }),
  });
  return {
    reportVersion: REPORT_VERSION,
    job: {
      type: 'Pipeline',
      name: pipelineName,
      arn: pipelineArn,
      account: event.account,
      region: event.region,
      roleArn: roleArn ?? '',
      ...(event.status !== undefined && { status: event.status }),
      ...(failureReason !== undefined && { failureReason }),
    },
    failure,
    findings,
    checks,
    incomplete: incomplete.list(),
  };
}
