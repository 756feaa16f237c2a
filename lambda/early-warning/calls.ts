/**
 * The SageMaker calls the early warning watches (docs/preflight.md, "Early warning"): CloudTrail
 * delivers each to EventBridge as an `AWS API Call via CloudTrail` event with the service's source
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 * Kept free of the diagnosis so that the stack (lib/early-warning.ts) can read it.
 */

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const SAGEMAKER_EVENT_SOURCE_NAME = 'sagemaker.amazonaws.com';

/** What a watched call creates: a job of a preflight kind, an endpoint, or a pipeline execution. */
export type WatchedSubject = 'training' | 'processing' | 'transform' | 'tuning' | 'endpoint' | 'pipeline-execution';

export interface WatchedCall {
  subject: WatchedSubject;
  /** The request parameter that names what is created (CloudTrail writes it in camelCase). */
  nameParameter: string;
  /** The response element that gives its ARN. */
  arnElement: string;
  /**
   * The request parameter naming the endpoint configuration the call deploys, checked in place
   * of the one the endpoint's description names (UpdateEndpoint: while the update runs, the
   * endpoint still serves, and may still be described with, the configuration it replaces).
   */
  configParameter?: string;
}

export const WATCHED_CALLS: Readonly<Record<string, WatchedCall>> = {
  CreateTrainingJob: { subject: 'training', nameParameter: 'trainingJobName', arnElement: 'trainingJobArn' },
  CreateProcessingJob: { subject: 'processing', nameParameter: 'processingJobName', arnElement: 'processingJobArn' },
  CreateTransformJob: { subject: 'transform', nameParameter: 'transformJobName', arnElement: 'transformJobArn' },
  CreateHyperParameterTuningJob: {
    subject: 'tuning',
    nameParameter: 'hyperParameterTuningJobName',
    arnElement: 'hyperParameterTuningJobArn',
  },
  // https://docs.aws.amazon.com/sagemaker/latest/dg/understanding-sagemaker-entries.html (CreateEndpoint's record)
  CreateEndpoint: { subject: 'endpoint', nameParameter: 'endpointName', arnElement: 'endpointArn' },
  // "Deploys the EndpointConfig specified in the request to a new fleet of instances":
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html (the same
  // request and response members as CreateEndpoint's)
  UpdateEndpoint: {
    subject: 'endpoint',
    nameParameter: 'endpointName',
    arnElement: 'endpointArn',
    configParameter: 'endpointConfigName',
  },
  StartPipelineExecution: {
    subject: 'pipeline-execution',
    nameParameter: 'pipelineName',
    arnElement: 'pipelineExecutionArn',
  },
};

export const WATCHED_EVENT_NAMES: readonly string[] = Object.keys(WATCHED_CALLS);
