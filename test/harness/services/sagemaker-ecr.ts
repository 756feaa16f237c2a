/**
 * SageMaker and ECR on JSON 1.1 (`SageMaker.*`, `AmazonEC2ContainerRegistry_V20150921.*`).
 * SageMaker answers an unknown name with a `ValidationException`
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/CommonErrors.html); timestamps
 * travel as epoch seconds.
 */
import type { SageMakerSection } from '../../../lambda/evidence/snapshot/types';
import { AwsFault } from '../wire';
import {
  dispatch,
  documentText,
  jsonOperation,
  notInSnapshot,
  type ServiceDefinition,
  type ServiceRequest,
} from './types';

/** Each Describe: the snapshot section it answers from, the request field naming it, and AWS's "not found" (code, else ValidationException). */
const DESCRIBES: Record<string, [SageMakerSection, string, string, string?]> = {
  DescribeTrainingJob: ['trainingJobs', 'TrainingJobName', 'Requested resource not found.'],
  DescribeProcessingJob: ['processingJobs', 'ProcessingJobName', 'Could not find requested job with name'],
  DescribeTransformJob: ['transformJobs', 'TransformJobName', 'Could not find requested job with name'],
  DescribeHyperParameterTuningJob: [
    'tuningJobs',
    'HyperParameterTuningJobName',
    "Amazon SageMaker can't find a tuning job with name",
  ],
  DescribeModel: ['models', 'ModelName', 'Could not find model'],
  DescribeEndpoint: ['endpoints', 'EndpointName', 'Could not find endpoint'],
  DescribeEndpointConfig: ['endpointConfigs', 'EndpointConfigName', 'Could not find endpoint configuration'],
  DescribePipeline: ['pipelines', 'PipelineName', 'Could not find pipeline'],
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipelineDefinitionForExecution.html
  DescribePipelineDefinitionForExecution: [
    'pipelineExecutions',
    'PipelineExecutionArn',
    'Pipeline execution does not exist:',
    'ResourceNotFound',
  ],
};

const TIMESTAMP_FIELD = /(Time|Timestamp|Date)$/;
const ISO = /^\d{4}-\d{2}-\d{2}T/;

/** A description as SageMaker sends it: the snapshot's ISO timestamps become dates (epoch seconds on the wire). */
function asSent(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && TIMESTAMP_FIELD.test(key) && ISO.test(value)) return new Date(value);
  if (Array.isArray(value)) return value.map((item) => asSent(item, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, asSent(inner, name)]));
  return value;
}

const SAGEMAKER_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = Object.fromEntries(
  Object.entries(DESCRIBES).map(([operation, [section, field, notFound, code]]) => [
    operation,
    (request: ServiceRequest) => {
      const name = String(request.params[field] ?? '');
      const description = request.world.snapshot.accounts[request.account]?.sagemaker?.[section]?.[name];
      if (!description) {
        // Nothing that would make the call fail: "not found" is AWS's answer to an unknown name.
        throw new AwsFault(code ?? 'ValidationException', `${notFound} ${JSON.stringify(name)}`);
      }
      return asSent(description);
    },
  ]),
);

export const SAGEMAKER: ServiceDefinition = {
  protocol: 'json1.1',
  operation: jsonOperation,
  answer: (operation, request) => dispatch(SAGEMAKER_HANDLERS, operation, request),
};

const ECR_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  GetRepositoryPolicy: (request) => {
    const registryId = String(request.params.registryId ?? request.account);
    const name = String(request.params.repositoryName ?? '');
    const repositories = request.world.snapshot.accounts[registryId]?.ecr?.repositories;
    const repository = repositories?.[name];
    if (repositories === undefined || repository === undefined)
      throw notInSnapshot(`repository ${name}`, 'AccessDeniedException', 400);
    if (repository === null)
      throw new AwsFault(
        'RepositoryNotFoundException',
        `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
      );
    if (!('policy' in repository)) throw notInSnapshot(`policy of ${name}`, 'AccessDeniedException', 400);
    if (repository.policy === null)
      throw new AwsFault(
        'RepositoryPolicyNotFoundException',
        `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`,
      );
    return { registryId, repositoryName: name, policyText: documentText(repository.policy) };
  },
};

export const ECR: ServiceDefinition = {
  protocol: 'json1.1',
  operation: jsonOperation,
  answer: (operation, request) => dispatch(ECR_HANDLERS, operation, request),
};
