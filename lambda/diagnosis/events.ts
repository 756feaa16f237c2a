/**
 * The SageMaker failure events the diagnosis accepts: parsed and validated at the edge into a
 * typed `FailureEvent`.
 *
 * Event shapes: https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html
 * (the detail mirrors `Describe*`; a pipeline step names the job it ran in
 * `detail.metadata.<stepType>Job.arn`, its reason is `failureReason` with a lower-case f).
 */
import {
  isAccountId,
  isSageMakerResourceArn,
  parsePipelineExecutionArn,
  parseSageMakerArn,
  partitionOfRegion,
} from '../arn';
import { InputError } from '../errors';
import {
  FAILURE_EVENT_TYPES,
  PIPELINE_STEP_JOB_KEYS,
  SAGEMAKER_EVENT_SOURCE,
  SUPPORTED_DETAIL_TYPES,
  jobKind,
  jobKindOfPipelineStepKey,
  jobKindOfPipelineStepType,
  type JobKind,
} from '../job-kinds';
import type { JobIdentity } from './jobs/identity';
import { sageMakerArn } from './jobs/kinds';
import { isObject, MAX_JSON_DEPTH, objectAt, stringAt, tooDeep, type JsonObject } from '../json';

/**
 * A validated SageMaker failure event, with the identity of its job as the event gives it
 * (jobs/identity.ts settles it against the job's description).
 */
export interface FailureEvent extends JobIdentity {
  detailType: string;
  /** The kind of the job the event is about; for a pipeline step, the kind of the job the step ran. */
  kind: JobKind;
  /** The job's name (for a pipeline step: the job the step ran). */
  name: string;
  /** The job's ARN, from the detail or `resources` (for a pipeline step: from `detail.metadata`). */
  arn: string;
  account: string;
  region: string;
  partition: string;
  /** The status as the event writes it (endpoints vary its case). */
  status?: string;
  /** Whether the status says the job (or step) failed, compared case-insensitively. */
  failed: boolean;
  /** The failure text: `FailureReason` (a pipeline step: `failureReason`). */
  failureReason?: string;
  /** The event's `detail`: for a job event, the job's description as the event carries it. */
  detail: JsonObject;
  /** Set for a pipeline step event. */
  pipelineStep?: PipelineStepOfEvent;
}

export interface PipelineStepOfEvent {
  stepName?: string;
  stepType?: string;
  pipelineExecutionArn?: string;
  /**
   * Set when the step names no job: a step of a job-creating type (`stepType` Training,
   * Processing, Transform, Tuning) that failed before its job existed, its `Create*` call refused
   * (the pipeline's role lacked `sagemaker:Create*` or `iam:PassRole`). The event's `name` is then
   * the pipeline's, its `arn` the pipeline execution's and its `kind` the kind the step creates.
   */
  jobless?: { pipelineName: string; pipelineArn: string };
}

/**
 * The shape of a SageMaker ARN (isSageMakerResourceArn) and of a job or endpoint name, as the API
 * reference gives them (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrainingJobSummary.html):
 * ARNs of at most 256 characters, names of 1 to 63 letters, digits and inner hyphens. (Tuning job
 * names are at most 32 characters when created, but AWS's own sample tuning event carries a
 * 36-character one, so 63 holds for every kind.)
 */
const MAX_ARN_LENGTH = 256;
const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const MAX_JOB_NAME_LENGTH = 63;
/** `us-east-1`, `us-gov-west-1`, `cn-north-1` (https://docs.aws.amazon.com/general/latest/gr/rande.html). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function checkArn(arn: string, field: string, example: string): string {
  if (arn.length > MAX_ARN_LENGTH || !isSageMakerResourceArn(arn)) {
    throw new InputError(
      `${field}: ${describeValue(arn)} is not a SageMaker ARN (${example}, at most ${MAX_ARN_LENGTH} characters): pass the event SageMaker sent`,
    );
  }
  return arn;
}

function checkName(name: string, field: string, label: string): string {
  if (name.length > MAX_JOB_NAME_LENGTH || !JOB_NAME.test(name)) {
    throw new InputError(
      `${field}: ${describeValue(name)} is not a ${label} name (1 to ${MAX_JOB_NAME_LENGTH} letters, digits and hyphens, starting and ending with a letter or digit): pass the event SageMaker sent`,
    );
  }
  return name;
}

/**
 * Validates an EventBridge event from SageMaker and extracts what the diagnosis needs.
 *
 * @throws InputError naming the field and the fix, for anything that is not a supported SageMaker
 *   event or lacks its job, account or region.
 * @example parseFailureEvent(JSON.parse(fs.readFileSync('event.json', 'utf8'))).kind // 'training'
 */
export function parseFailureEvent(event: unknown): FailureEvent {
  if (!isObject(event)) {
    throw new InputError(`event: expected an EventBridge event (a JSON object), got ${describeValue(event)}`);
  }
  // Every walk over the event (redaction, the report) stays within the stack (lambda/json.ts).
  const deep = tooDeep(event);
  if (deep !== undefined)
    throw new InputError(
      `event.${deep}: nests deeper than ${MAX_JSON_DEPTH} levels, which no SageMaker event does; pass the event SageMaker sent`,
    );
  const source = event['source'];
  if (source !== undefined && source !== SAGEMAKER_EVENT_SOURCE) {
    throw new InputError(
      `event.source: expected '${SAGEMAKER_EVENT_SOURCE}', got ${describeValue(source)}: pass the event SageMaker sent to EventBridge`,
    );
  }
  const detailType = event['detail-type'];
  if (typeof detailType !== 'string') {
    throw new InputError(
      `event.detail-type: missing or not a string: pass the EventBridge event SageMaker sent (it names the job type)`,
    );
  }
  const type = FAILURE_EVENT_TYPES.find((candidate) => candidate.detailType === detailType);
  if (!type) {
    throw new InputError(
      `event.detail-type: unsupported ${describeValue(detailType)}: expected one of ${SUPPORTED_DETAIL_TYPES.map((t) => `'${t}'`).join(', ')}`,
    );
  }
  const detail = objectAt(event, 'detail');
  if (!detail)
    throw new InputError(`event.detail: missing or not an object: a '${detailType}' event carries the job in 'detail'`);

  const status = stringAt(detail, type.statusField);
  const isStatus = (candidate: string) => candidate.toLowerCase() === status?.toLowerCase();
  const reason = stringAt(detail, 'FailureReason')?.trim();
  const failed =
    type.failedStatuses.some(isStatus) || (!!reason && (type.failedWithReasonStatuses ?? []).some(isStatus));
  const common = { detailType, detail, status, failed };
  return type.subject === 'pipeline-step'
    ? { ...common, ...pipelineStepJob(event, detail) }
    : { ...common, ...jobOfEvent(event, detail, type.subject) };
}

type JobPart = Pick<
  FailureEvent,
  'kind' | 'name' | 'arn' | 'account' | 'region' | 'partition' | 'failureReason' | 'pipelineStep'
>;

function jobOfEvent(event: JsonObject, detail: JsonObject, kind: JobKind): JobPart {
  const fields = jobKind(kind);
  const arnInDetail = stringAt(detail, fields.arnField);
  const arn = arnInDetail ?? resourceArn(event, kind);
  const parsed = arn === undefined ? undefined : parseSageMakerArn(arn);
  const nameInDetail = stringAt(detail, fields.nameField);
  const name = nameInDetail ?? parsed?.name;
  if (name === undefined) {
    throw new InputError(
      `event.detail.${fields.nameField}: missing, and neither detail.${fields.arnField} nor event.resources names the ${fields.label}: pass the complete event`,
    );
  }
  const { account, region, partition } = whereabouts(event, parsed);
  const example = sageMakerArn(partition, region, account, kind, 'NAME');
  if (arnInDetail !== undefined) checkArn(arnInDetail, `event.detail.${fields.arnField}`, example);
  else if (arn !== undefined) checkArn(arn, 'event.resources', example);
  checkName(name, nameInDetail !== undefined ? `event.detail.${fields.nameField}` : 'event.resources', fields.label);
  return {
    kind,
    name,
    arn: arn ?? sageMakerArn(partition, region, account, kind, name),
    account,
    region,
    partition,
    failureReason: stringAt(detail, 'FailureReason') ?? stringAt(detail, 'failureReason'),
  };
}

function pipelineStepJob(event: JsonObject, detail: JsonObject): JobPart {
  const metadata = objectAt(detail, 'metadata');
  const found = Object.keys(metadata ?? {})
    .map((key) => ({ key, kind: jobKindOfPipelineStepKey(key) }))
    .find((entry) => entry.kind !== undefined);
  const stepKind = jobKindOfPipelineStepType(stringAt(detail, 'stepType') ?? '');
  if (!found && stepKind !== undefined) return joblessPipelineStep(event, detail, stepKind);
  const step = objectAt(metadata, found?.key ?? '');
  const arn = stringAt(step, 'arn') ?? stringAt(step, 'Arn');
  const parsed = arn === undefined ? undefined : parseSageMakerArn(arn);
  if (!found?.kind || arn === undefined || parsed === undefined) {
    const where = found ? `event.detail.metadata.${found.key}.arn` : 'event.detail.metadata';
    throw new InputError(
      `${where}: the pipeline step names no SageMaker job ARN (expected detail.metadata.{${PIPELINE_STEP_JOB_KEYS.join(',')}}.arn): only steps that run a job can be diagnosed`,
    );
  }
  const { account, region, partition } = whereabouts(event, parsed);
  const field = `event.detail.metadata.${found.key}.arn`;
  const label = jobKind(found.kind).label;
  checkArn(arn, field, sageMakerArn(partition, region, account, found.kind, 'NAME'));
  return {
    kind: found.kind,
    name: checkName(parsed.name, field, label),
    arn,
    account,
    region,
    partition,
    failureReason: stringAt(detail, 'failureReason') ?? stringAt(detail, 'FailureReason'),
    pipelineStep: {
      stepName: stringAt(detail, 'stepName'),
      stepType: stringAt(detail, 'stepType'),
      pipelineExecutionArn: stringAt(detail, 'pipelineExecutionArn'),
    },
  };
}

/** A step that creates a job but names none: its `Create*` call failed (see `PipelineStepOfEvent.jobless`). */
function joblessPipelineStep(event: JsonObject, detail: JsonObject, kind: JobKind): JobPart {
  // AWS's sample names it pipelineExecutionArn; `resources` lists it too.
  const resources = Array.isArray(event['resources']) ? event['resources'] : [];
  const executionArn =
    stringAt(detail, 'pipelineExecutionArn') ??
    stringAt(detail, 'executionArn') ??
    resources.find((r): r is string => typeof r === 'string' && parsePipelineExecutionArn(r) !== undefined);
  const execution = executionArn === undefined ? undefined : parsePipelineExecutionArn(executionArn);
  if (executionArn === undefined || executionArn.length > MAX_ARN_LENGTH || !execution) {
    throw new InputError(
      `event.detail.pipelineExecutionArn: ${executionArn === undefined ? 'missing' : describeValue(executionArn)}: a ${stringAt(detail, 'stepType')} step that names no job in detail.metadata needs its pipeline execution's ARN (arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME/execution/ID): pass the event SageMaker sent`,
    );
  }
  const { account, region, partition } = whereabouts(event, parseSageMakerArn(executionArn));
  return {
    kind,
    name: execution.pipelineName,
    arn: executionArn,
    account,
    region,
    partition,
    failureReason: stringAt(detail, 'failureReason') ?? stringAt(detail, 'FailureReason'),
    pipelineStep: {
      stepName: stringAt(detail, 'stepName'),
      stepType: stringAt(detail, 'stepType'),
      pipelineExecutionArn: executionArn,
      jobless: { pipelineName: execution.pipelineName, pipelineArn: execution.pipelineArn },
    },
  };
}

/** The ARN in `resources` of the job's resource type (`...:training-job/NAME`). */
function resourceArn(event: JsonObject, kind: JobKind): string | undefined {
  const resources = event['resources'];
  if (!Array.isArray(resources)) return undefined;
  const type = jobKind(kind).arnResourceType;
  return resources.find(
    (resource): resource is string =>
      typeof resource === 'string' && parseSageMakerArn(resource)?.resourceType === type,
  );
}

function whereabouts(
  event: JsonObject,
  arn: ReturnType<typeof parseSageMakerArn>,
): { account: string; region: string; partition: string } {
  const eventAccount = stringAt(event, 'account');
  const account = eventAccount !== undefined && isAccountId(eventAccount) ? eventAccount : arn?.account;
  if (account === undefined) {
    throw new InputError(
      `event.account: missing or not a 12-digit account id, and the job ARN names none: pass the complete event`,
    );
  }
  const eventRegion = stringAt(event, 'region');
  if (eventRegion !== undefined && !REGION.test(eventRegion)) {
    throw new InputError(
      `event.region: ${describeValue(eventRegion)} is not an AWS Region code (such as us-east-1): pass the event SageMaker sent`,
    );
  }
  const region = eventRegion ?? (arn?.region || undefined);
  if (region === undefined) {
    throw new InputError(`event.region: missing, and the job ARN names none: pass the complete event`);
  }
  return { account, region, partition: arn?.partition ?? partitionOfRegion(region) };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    // One line on stderr: control characters of the input must not break it.
    const flat = value.replace(/\p{Cc}/gu, ' ');
    return `'${flat.length > 80 ? `${flat.slice(0, 80)}...` : flat}'`;
  }
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
