/**
 * Job descriptions from SageMaker (`Describe*`), stripped of their secret fields (hyperparameters,
 * environment, container arguments; lambda/redaction.ts) before anything else sees them.
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Description, Known } from '../evidence';
import { jobKind, jobKindOfArnType, type JobKind } from '../../job-kinds';
import { known, unknown } from '../evidence';
import type { SageMakerSection } from '../snapshot/types';
import { accountsOfArnsIn, parseArn } from '../../arn';
import { client } from './clients';
import type { LiveContext } from './context';
import type { Secrets } from '../../redaction';
import { read } from './read';
import { EvidenceUnavailableError } from '../../errors';

type Send = (sagemaker: SageMakerClient, name: string, abortSignal: AbortSignal) => Promise<unknown>;

interface Describer {
  action: string;
  section: SageMakerSection;
  send: Send;
}

/** Each job kind's SDK call; its action and snapshot section are the catalogue's (lambda/job-kinds.ts). */
const DESCRIBE_CALLS: Readonly<Record<JobKind, Send>> = {
  training: (sagemaker, TrainingJobName, abortSignal) =>
    sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName }), { abortSignal }),
  processing: (sagemaker, ProcessingJobName, abortSignal) =>
    sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName }), { abortSignal }),
  transform: (sagemaker, TransformJobName, abortSignal) =>
    sagemaker.send(new DescribeTransformJobCommand({ TransformJobName }), { abortSignal }),
  tuning: (sagemaker, HyperParameterTuningJobName, abortSignal) =>
    sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName }), { abortSignal }),
  endpoint: (sagemaker, EndpointName, abortSignal) =>
    sagemaker.send(new DescribeEndpointCommand({ EndpointName }), { abortSignal }),
};

const jobDescriber = (kind: JobKind): Describer => ({
  action: jobKind(kind).describeAction,
  section: jobKind(kind).section,
  send: DESCRIBE_CALLS[kind],
});

const MODEL: Describer = {
  action: 'sagemaker:DescribeModel',
  section: 'models',
  send: (sagemaker, ModelName, abortSignal) => sagemaker.send(new DescribeModelCommand({ ModelName }), { abortSignal }),
};

const ENDPOINT_CONFIG: Describer = {
  action: 'sagemaker:DescribeEndpointConfig',
  section: 'endpointConfigs',
  send: (sagemaker, EndpointConfigName, abortSignal) =>
    sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName }), { abortSignal }),
};

const PIPELINE: Describer = {
  action: 'sagemaker:DescribePipeline',
  section: 'pipelines',
  send: (sagemaker, PipelineName, abortSignal) =>
    sagemaker.send(new DescribePipelineCommand({ PipelineName }), { abortSignal }),
};

/** The definition an execution runs; the "name" it is asked by is the execution's ARN. */
const PIPELINE_EXECUTION: Describer = {
  action: 'sagemaker:DescribePipelineDefinitionForExecution',
  section: 'pipelineExecutions',
  send: (sagemaker, PipelineExecutionArn, abortSignal) =>
    sagemaker.send(new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn }), { abortSignal }),
};

/**
 * SageMaker answers an unknown name with `ResourceNotFound` or a `ValidationException` saying
 * "Could not find ..." (https://docs.aws.amazon.com/sagemaker/latest/APIReference/CommonErrors.html).
 */
const isNotFound = (code: string, why: string): boolean =>
  code === 'ResourceNotFound' ||
  (code === 'ValidationException' && /could not find|not found|does not exist/i.test(why));

/**
 * The 12-digit accounts that ARNs of a description name. Not the registry hosts of its images:
 * AWS's own algorithm registries (`683313688378.dkr.ecr...`) are no account of the caller's.
 */
function accountsNamed(description: Description): string[] {
  return accountsOfArnsIn(JSON.stringify(description));
}

async function describe(
  context: LiveContext,
  secrets: Secrets,
  describer: Describer,
  account: string,
  name: string,
): Promise<Known<Description | null>> {
  const identity = await context.access.identity(account);
  if (!identity.ok) return unknown(identity.why);
  const sagemaker = client('sagemaker', context.region, identity.value);
  const answer = await read(describer.action, context.read, (abortSignal) =>
    describer.send(sagemaker, name, abortSignal),
  );
  if (!answer.ok) {
    if (!isNotFound(answer.code, answer.why)) return unknown(answer.why);
    context.recorder.description(account, describer.section, name, null);
    return known(null);
  }
  const description = secrets.strip(answer.value);
  for (const named of accountsNamed(description)) context.candidateAccounts.add(named);
  context.recorder.description(account, describer.section, name, description);
  return known(description);
}

/**
 * A job's description. A Describe that AWS refused (denied, throttled, failed, timed out) is
 * thrown as EvidenceUnavailableError: it is no gap in the evidence but the job itself that could not be
 * asked about, which is neither "no job of that name" nor bad input (README.md, exit codes).
 */
export async function describeJob(
  context: LiveContext,
  secrets: Secrets,
  account: string,
  kind: JobKind,
  name: string,
): Promise<Known<Description | null>> {
  const answer = await describe(context, secrets, jobDescriber(kind), account, name);
  if (!answer.known) throw new EvidenceUnavailableError(answer.why);
  return answer;
}

export const describeModel = (context: LiveContext, secrets: Secrets, account: string, name: string) =>
  describe(context, secrets, MODEL, account, name);

export const describeEndpointConfig = (context: LiveContext, secrets: Secrets, account: string, name: string) =>
  describe(context, secrets, ENDPOINT_CONFIG, account, name);

export const describePipeline = (context: LiveContext, secrets: Secrets, account: string, name: string) =>
  describe(context, secrets, PIPELINE, account, name);

/** https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipelineDefinitionForExecution.html */
export const describePipelineExecution = (
  context: LiveContext,
  secrets: Secrets,
  account: string,
  executionArn: string,
) => describe(context, secrets, PIPELINE_EXECUTION, account, executionArn);

/**
 * The job an ARN names: its kind from the resource type, its name from the rest. A refused
 * Describe is unknown here, with AWS's reason: the pipeline step's caller says what it means.
 */
export async function describeJobByArn(
  context: LiveContext,
  secrets: Secrets,
  arn: string,
): Promise<Known<{ kind: JobKind; description: Description } | null>> {
  const parsed = parseArn(arn);
  const [type, ...rest] = (parsed?.resource ?? '').split('/');
  const kind = jobKindOfArnType(type);
  if (!parsed || !kind || rest.length === 0) return unknown(`'${arn}' is not the ARN of a SageMaker job or endpoint`);
  const answer = await describe(context, secrets, jobDescriber(kind), parsed.account, rest.join('/'));
  if (!answer.known) return answer;
  return known(answer.value === null ? null : { kind, description: answer.value });
}
