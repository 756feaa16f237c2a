/**
 * The early warning (docs/preflight.md, "Early warning"): seconds after a job is created (or a
 * pipeline execution started), preflight checks it from its description, before its instances
 * run; a job whose checks deny something will fail, and is announced now.
 *
 * A job's `Describe*` output has the fields of its `Create*` request (the same readers build both
 * models, lambda/preflight/job.ts); an endpoint is checked as its diagnosis checks it
 * (`DescribeEndpoint` → `DescribeEndpointConfig` → each variant's `DescribeModel`:
 * lambda/diagnosis/jobs/endpoint.ts); a pipeline execution is checked from the definition it runs
 * (`DescribePipelineDefinitionForExecution`; `DescribePipeline`'s latest when that cannot be read,
 * the same one but for an update in the seconds since the start) with the execution's parameter values, each step with its own role and the
 * pipeline's role as the caller of its steps' `Create*`. The caller of the call itself is not
 * checked: its call succeeded. The report is preflight's (`job.status` `NotStarted`, docs/preflight.md),
 * its `job.arn` the ARN SageMaker gave the job (its description's, else the call's answer), which
 * a later failure alert of the same job carries too: the same chat thread (lambda/notify/chat.ts,
 * `threadId`). That ARN is also the trust check's `aws:SourceArn`.
 */
import { EvidenceUnavailableError } from '../errors';
import type { Report } from '../diagnosis/report';
import type { Description, Evidence, Known } from '../evidence/evidence';
import { jobKind } from '../job-kinds';
import { stringAt } from '../json';
import { pipelineInput } from '../preflight/pipeline';
import { anyDenied, preflight, type PreflightInput } from '../preflight/preflight';
import type { WatchedCallEvent } from './cloudtrail-event';

export type EarlyWarning =
  { warn: true; report: Report; creationTime?: unknown } | { warn: false; reason: string; report?: Report };

export async function earlyWarning(call: WatchedCallEvent, evidence: Evidence): Promise<EarlyWarning> {
  const described = await describe(call, evidence);
  if (described === null) return { warn: false, reason: `${call.eventName}: ${call.name} no longer exists` };
  const arn = arnOf(call, described);
  const input = inputOf(call, arn, described, evidence);
  const report = await preflight(input, evidence);
  // The thread of this job in chat: the ARN its failure alert will carry.
  const named: Report = { ...report, job: { ...report.job, arn } };
  if (!anyDenied(named)) return { warn: false, reason: 'preflight denies nothing', report: named };
  return { warn: true, report: named, creationTime: described.CreationTime };
}

/** What the call created, as SageMaker describes it; `null`: gone already. */
async function describe(call: WatchedCallEvent, evidence: Evidence): Promise<Record<string, unknown> | null> {
  if (call.subject === 'pipeline-execution') {
    const [pipeline, execution] = await Promise.all([
      evidence.describePipeline(call.account, call.name),
      evidence.describePipelineExecution(call.account, call.arn),
    ]);
    const described = answered(call, pipeline);
    const ran = execution.known ? execution.value?.PipelineDefinition : undefined;
    return described === null || ran === undefined ? described : { ...described, PipelineDefinition: ran };
  }
  return answered(call, await evidence.describeJob(call.account, call.subject, call.name));
}

/** The answer's value; AWS could not be asked: Lambda retries (docs/lambda.md), an early warning late is still early. */
function answered(call: WatchedCallEvent, answer: Known<Description | null>): Description | null {
  if (!answer.known) throw new EvidenceUnavailableError(`${call.eventName} ${call.name}: ${answer.why}`);
  return answer.value;
}

/**
 * The job's ARN as its failure alert will name it: the description's (the diagnosis takes it
 * from there, lambda/diagnosis/jobs/identity.ts), else the call's answer. A pipeline execution
 * has the execution's ARN.
 */
function arnOf(call: WatchedCallEvent, described: Record<string, unknown>): string {
  if (call.subject === 'pipeline-execution') return call.arn;
  return stringAt(described, jobKind(call.subject).arnField) ?? call.arn;
}

function inputOf(
  call: WatchedCallEvent,
  arn: string,
  described: Record<string, unknown>,
  evidence: Evidence,
): PreflightInput {
  if (call.subject === 'pipeline-execution')
    return pipelineInput({
      definition: described,
      file: `pipeline ${call.name}`,
      name: call.name,
      account: call.account,
      region: call.region,
      partition: evidence.partition,
      ...(call.parameters ? { parameters: call.parameters } : {}),
    });
  // An endpoint update is checked with the configuration it deploys (WatchedCall.configParameter).
  const request = call.endpointConfigName ? { ...described, EndpointConfigName: call.endpointConfigName } : described;
  return {
    jobs: [
      {
        kind: call.subject,
        request,
        origin:
          `the ${jobKind(call.subject).label} ${call.name} (${jobKind(call.subject).describeAction}` +
          (call.endpointConfigName ? `, updated to ${call.endpointConfigName})` : ')'),
        name: call.name,
        arn,
      },
    ],
    account: call.account,
    region: call.region,
  };
}
