/**
 * The CloudTrail record of a watched SageMaker call (calls.ts), as EventBridge delivers it:
 * `detail` is the CloudTrail record (`eventSource`, `eventName`, `requestParameters`,
 * `responseElements`, `errorCode`;
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Validated at the edge like a failure event (lambda/diagnosis/events.ts): the name, the ARN and
 * the Region, each bounded.
 */
import { parseSageMakerArn } from '../arn';
import { InputError } from '../errors';
import { isObject, objectAt, stringAt, type JsonObject } from '../json';
import { CLOUDTRAIL_DETAIL_TYPE, SAGEMAKER_EVENT_SOURCE_NAME, WATCHED_CALLS, type WatchedSubject } from './calls';

export interface WatchedCallEvent {
  eventName: string;
  subject: WatchedSubject;
  /** The job's name, or the pipeline's for a pipeline execution. */
  name: string;
  /** The ARN SageMaker answered with: the job's, or the pipeline execution's. */
  arn: string;
  account: string;
  region: string;
  partition: string;
  /** The parameters of a pipeline execution (`pipelineParameters`: name and value). */
  parameters?: Record<string, string>;
  /** The endpoint configuration the call deploys (WatchedCall.configParameter). */
  endpointConfigName?: string;
  /** CloudTrail's id of the call: one warning per call, however often EventBridge delivers it. */
  eventId?: string;
}

const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const MAX_NAME_LENGTH = 256;
const MAX_ARN_LENGTH = 256;

/** Whether an event is a CloudTrail record (whatever its call): the early warning's, not a failure's. */
export const isCloudTrailCall = (event: unknown): boolean =>
  isObject(event) && event['detail-type'] === CLOUDTRAIL_DETAIL_TYPE;

/** `trainingJobArn` or `TrainingJobArn`: CloudTrail writes the service's member names in camelCase. */
function field(object: JsonObject | undefined, name: string): string | undefined {
  return stringAt(object, name) ?? stringAt(object, name.charAt(0).toUpperCase() + name.slice(1));
}

const shown = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/**
 * The watched call of a CloudTrail event, or `undefined` for a call that is not watched or did not
 * succeed (a refused Create* created nothing: its caller got the error).
 * @throws InputError naming the field, for a watched call whose name, ARN or Region is unusable.
 */
export function parseWatchedCall(event: unknown): WatchedCallEvent | undefined {
  const detail = objectAt(event, 'detail');
  if (!detail)
    throw new InputError("event.detail: missing or not an object: a CloudTrail event carries the call in 'detail'");
  if (stringAt(detail, 'eventSource') !== SAGEMAKER_EVENT_SOURCE_NAME) return undefined;
  const eventName = stringAt(detail, 'eventName') ?? '';
  const call = Object.hasOwn(WATCHED_CALLS, eventName) ? WATCHED_CALLS[eventName] : undefined;
  if (!call || detail.errorCode !== undefined) return undefined;

  const arn = field(objectAt(detail, 'responseElements'), call.arnElement);
  const parsed = arn === undefined || arn.length > MAX_ARN_LENGTH ? undefined : parseSageMakerArn(arn);
  if (!parsed || arn === undefined)
    throw new InputError(
      `event.detail.responseElements.${call.arnElement}: ${shown(arn)} is not a SageMaker ARN: pass the CloudTrail event EventBridge delivered`,
    );
  const requested = field(objectAt(detail, 'requestParameters'), call.nameParameter);
  // A pipeline execution's ARN is pipeline/NAME/execution/ID: the pipeline's name is its first part.
  const name = requested ?? parsed.name.split('/')[0];
  if (!isName(name))
    throw new InputError(
      `event.detail.requestParameters.${call.nameParameter}: ${shown(name)} is not a SageMaker name: pass the CloudTrail event EventBridge delivered`,
    );
  const parameters = pipelineParameters(objectAt(detail, 'requestParameters'));
  const endpointConfigName = call.configParameter && field(objectAt(detail, 'requestParameters'), call.configParameter);
  if (call.configParameter && (endpointConfigName === undefined || !isName(endpointConfigName)))
    throw new InputError(
      `event.detail.requestParameters.${call.configParameter}: ${shown(endpointConfigName)} is not a SageMaker name: pass the CloudTrail event EventBridge delivered`,
    );
  const eventId = stringAt(detail, 'eventID');
  return {
    eventName,
    subject: call.subject,
    name,
    arn,
    account: parsed.account,
    region: parsed.region,
    partition: parsed.partition,
    ...(parameters ? { parameters } : {}),
    ...(endpointConfigName ? { endpointConfigName } : {}),
    ...(eventId ? { eventId } : {}),
  };
}

const isName = (name: string): boolean => name.length <= MAX_NAME_LENGTH && NAME.test(name);

/** `pipelineParameters: [{name, value}]` of StartPipelineExecution, by name. */
function pipelineParameters(request: JsonObject | undefined): Record<string, string> | undefined {
  const list = request?.pipelineParameters ?? request?.PipelineParameters;
  if (!Array.isArray(list)) return undefined;
  const out = new Map<string, string>();
  for (const item of list.filter(isObject)) {
    const key = field(item, 'name');
    const value = field(item, 'value');
    if (key !== undefined && value !== undefined && !out.has(key)) out.set(key, value);
  }
  return Object.fromEntries(out);
}
