/**
 * The job-kind catalogue: what the project knows of each kind of SageMaker resource it
 * diagnoses, one entry per kind. The event parser, the EventBridge rules, the snapshot, the
 * live Describe calls and their IAM grants, the CLI's `--job-type` and the notifications all read
 * their names from here.
 *
 * Adding a kind is an entry here plus two functions the compiler then asks for: its role-model
 * builder (`ROLE_MODEL_BUILDERS`, lambda/diagnosis/jobs/build.ts) and its SDK call
 * (`DESCRIBE_CALLS`, lambda/evidence/live/sagemaker.ts). They stay apart from this plain data
 * so that the evidence sources and the CDK stack read the catalogue without the diagnosis or
 * the AWS SDK.
 *
 * Field names are AWS's: the detail of a state-change event mirrors `Describe*`
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html),
 * ARN resource types are those of the SageMaker service authorization reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html).
 */

export interface JobKindEntry {
  /** `job.type` of the report: the API's own name (`TrainingJob`). */
  readonly type: string;
  /** Human words for messages and subjects: `training job`, `endpoint`, ... */
  readonly label: string;
  /** The `detail-type` of the kind's EventBridge state-change event. */
  readonly detailType: string;
  /** The `detail` (and `Describe*`) field holding the status. */
  readonly statusField: string;
  /** The statuses that mean the job failed (endpoints send them in varying case: compare without it). */
  readonly failedStatuses: readonly string[];
  /**
   * Statuses that mean a failure only when the detail carries a `FailureReason`: an endpoint
   * whose update failed returns to `InService` with the reason
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeEndpoint.html, `FailureReason`).
   */
  readonly failedWithReasonStatuses?: readonly string[];
  readonly nameField: string;
  readonly arnField: string;
  /** The `sagemaker` section of the snapshot that holds the kind's `Describe*` outputs by name. */
  readonly section: string;
  /** The IAM action of the kind's `Describe*` call. */
  readonly describeAction: string;
  /** The IAM action of the `Create*` call that starts a job of this kind (preflight's caller check). */
  readonly createAction: string;
  /** The resource type in the ARN: `arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME`. */
  readonly arnResourceType: string;
  /**
   * Where a pipeline step that ran a job of this kind names it: `detail.metadata.<key>.arn`
   * (absent: no pipeline step runs this kind).
   */
  readonly pipelineStepKey?: string;
  /**
   * The `stepType` of a pipeline step that creates a job of this kind (`Training`): a step whose
   * event names no job failed before its job existed (its `Create*` call was refused).
   */
  readonly pipelineStepType?: string;
}

/** The catalogue, keyed by the kind's name, which is also its `--job-type` value. */
export const JOB_KIND_CATALOGUE = {
  training: {
    type: 'TrainingJob',
    label: 'training job',
    detailType: 'SageMaker Training Job State Change',
    statusField: 'TrainingJobStatus',
    failedStatuses: ['Failed'],
    nameField: 'TrainingJobName',
    arnField: 'TrainingJobArn',
    section: 'trainingJobs',
    describeAction: 'sagemaker:DescribeTrainingJob',
    createAction: 'sagemaker:CreateTrainingJob',
    arnResourceType: 'training-job',
    pipelineStepKey: 'trainingJob',
    pipelineStepType: 'Training',
  },
  processing: {
    type: 'ProcessingJob',
    label: 'processing job',
    detailType: 'SageMaker Processing Job State Change',
    statusField: 'ProcessingJobStatus',
    failedStatuses: ['Failed'],
    nameField: 'ProcessingJobName',
    arnField: 'ProcessingJobArn',
    section: 'processingJobs',
    describeAction: 'sagemaker:DescribeProcessingJob',
    createAction: 'sagemaker:CreateProcessingJob',
    arnResourceType: 'processing-job',
    pipelineStepKey: 'processingJob',
    pipelineStepType: 'Processing',
  },
  transform: {
    type: 'TransformJob',
    label: 'transform job',
    detailType: 'SageMaker Transform Job State Change',
    statusField: 'TransformJobStatus',
    failedStatuses: ['Failed'],
    nameField: 'TransformJobName',
    arnField: 'TransformJobArn',
    section: 'transformJobs',
    describeAction: 'sagemaker:DescribeTransformJob',
    createAction: 'sagemaker:CreateTransformJob',
    arnResourceType: 'transform-job',
    pipelineStepKey: 'transformJob',
    pipelineStepType: 'Transform',
  },
  tuning: {
    type: 'HyperParameterTuningJob',
    label: 'hyperparameter tuning job',
    detailType: 'SageMaker HyperParameter Tuning Job State Change',
    statusField: 'HyperParameterTuningJobStatus',
    failedStatuses: ['Failed'],
    nameField: 'HyperParameterTuningJobName',
    arnField: 'HyperParameterTuningJobArn',
    section: 'tuningJobs',
    describeAction: 'sagemaker:DescribeHyperParameterTuningJob',
    createAction: 'sagemaker:CreateHyperParameterTuningJob',
    arnResourceType: 'hyper-parameter-tuning-job',
    pipelineStepKey: 'tuningJob',
    pipelineStepType: 'Tuning',
  },
  endpoint: {
    type: 'Endpoint',
    label: 'endpoint',
    detailType: 'SageMaker Endpoint State Change',
    statusField: 'EndpointStatus',
    // A failed creation, a failed update rolled back (InService with a FailureReason), a failed
    // rollback; AWS's sample events write statuses in upper snake case too (IN_SERVICE).
    failedStatuses: ['Failed', 'UpdateRollbackFailed', 'UPDATE_ROLLBACK_FAILED'],
    failedWithReasonStatuses: ['InService', 'IN_SERVICE'],
    nameField: 'EndpointName',
    arnField: 'EndpointArn',
    section: 'endpoints',
    describeAction: 'sagemaker:DescribeEndpoint',
    createAction: 'sagemaker:CreateEndpoint',
    arnResourceType: 'endpoint',
  },
} as const satisfies Record<string, JobKindEntry>;

export type JobKind = keyof typeof JOB_KIND_CATALOGUE;
/** `job.type` of the report, one per kind. */
type JobType = (typeof JOB_KIND_CATALOGUE)[JobKind]['type'];
/**
 * `job.type` of a report: a kind's, or one that only preflight reports (docs/preflight.md): a
 * `CreateModel` request and a SageMaker Pipelines definition, which are not jobs that fail.
 */
export type ReportJobType = JobType | 'Model' | 'Pipeline';
/** A snapshot section that holds one kind's descriptions. */
export type JobSection = (typeof JOB_KIND_CATALOGUE)[JobKind]['section'];

/** The kinds, in the catalogue's order (the order of lookups and of the EventBridge rules). */
export const JOB_KINDS = Object.keys(JOB_KIND_CATALOGUE) as readonly JobKind[];

/** The catalogue entry of a kind (typed as the entry, so that optional fields read on any kind). */
export const jobKind = <K extends JobKind>(kind: K): JobKindEntry & (typeof JOB_KIND_CATALOGUE)[K] =>
  JOB_KIND_CATALOGUE[kind];

/** The kind whose ARNs have this resource type (`training-job`), if any. */
export const jobKindOfArnType = (arnResourceType: string): JobKind | undefined =>
  JOB_KINDS.find((kind) => JOB_KIND_CATALOGUE[kind].arnResourceType === arnResourceType);

/** The kind whose report `job.type` this is. */
export const jobKindOfType = (type: string): JobKind | undefined =>
  JOB_KINDS.find((kind) => JOB_KIND_CATALOGUE[kind].type === type);

/**
 * The kind a pipeline step's metadata key names. Event keys are camelCase (`trainingJob`), the
 * API's PascalCase (`TrainingJob`): both are accepted.
 */
export const jobKindOfPipelineStepKey = (key: string): JobKind | undefined =>
  JOB_KINDS.find((kind) => jobKind(kind).pipelineStepKey?.toLowerCase() === key.toLowerCase());

/** The kind a pipeline step of this `stepType` creates (`Training` -> training), if any. */
export const jobKindOfPipelineStepType = (stepType: string): JobKind | undefined =>
  JOB_KINDS.find((kind) => jobKind(kind).pipelineStepType === stepType);

/** The metadata keys under which a pipeline step names the job it ran. */
export const PIPELINE_STEP_JOB_KEYS: readonly string[] = JOB_KINDS.flatMap((kind) => {
  const key = jobKind(kind).pipelineStepKey;
  return key === undefined ? [] : [key];
});

/**
 * The pipeline step event: it announces a step, which names the job it ran in
 * `detail.metadata.<pipelineStepKey>.arn`; its failure text is `failureReason` (lower-case f).
 */
const PIPELINE_STEP_EVENT = {
  detailType: 'SageMaker Model Building Pipeline Execution Step Status Change',
  statusField: 'currentStepStatus',
  failedStatuses: ['Failed'],
} as const;

// The failure events: what the EventBridge rules (lib/) match and the Lambda parses
// (lambda/diagnosis/events.ts), kept here so the stack needs none of the diagnosis.

export const SAGEMAKER_EVENT_SOURCE = 'aws.sagemaker';

/** What a supported detail-type announces: a job kind, or a pipeline step that ran a job. */
export type FailureEventSubject = JobKind | 'pipeline-step';

export interface FailureEventType {
  detailType: string;
  subject: FailureEventSubject;
  /** The `detail` field holding the status. */
  statusField: string;
  /** The statuses of a failure (endpoints send them in varying case: match case-insensitively). */
  failedStatuses: readonly string[];
  /** Statuses of a failure only with a `FailureReason` (an endpoint back in service after a failed update). */
  failedWithReasonStatuses?: readonly string[];
}

/** The supported detail-types, with where each keeps its status: the catalogue's, then the pipeline step's. */
export const FAILURE_EVENT_TYPES: readonly FailureEventType[] = [
  ...JOB_KINDS.map((kind) => {
    const { detailType, statusField, failedStatuses, failedWithReasonStatuses } = jobKind(kind) as JobKindEntry;
    return { detailType, subject: kind, statusField, failedStatuses, failedWithReasonStatuses };
  }),
  { ...PIPELINE_STEP_EVENT, subject: 'pipeline-step' },
];

/** The supported `detail-type` values, for the EventBridge rules and the Lambda. */
export const SUPPORTED_DETAIL_TYPES: readonly string[] = FAILURE_EVENT_TYPES.map((type) => type.detailType);
