/**
 * The role model of a SageMaker model (`DescribeModel`), which transform jobs and endpoints run as:
 * its `ExecutionRoleArn` reads every container's model data and pulls its image
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeModel.html,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html).
 */
import type { Known, Description } from '../../evidence/evidence';
import { type BuildContext, roleArnField } from './context';
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from '../../json';
import { RoleModelBuilder } from './role-builder';

/**
 * How a pipeline definition names the model of its model step, which SageMaker Pipelines names
 * only when it runs (lambda/preflight/pipeline.ts): `step:NAME` for step `NAME`.
 */
export const PIPELINE_STEP_MODEL_PREFIX = 'step:';

/**
 * How messages name a model: `model 'NAME'`; a pipeline model step's model by its step; a model
 * whose request gives no name (a model step's own request) as the new model.
 */
export function modelLabel(modelName: string | undefined): string {
  if (modelName === undefined || modelName === '') return 'the new model';
  if (modelName.startsWith(PIPELINE_STEP_MODEL_PREFIX))
    return `the model of step '${modelName.slice(PIPELINE_STEP_MODEL_PREFIX.length)}'`;
  return `model '${modelName}'`;
}

/**
 * Reads a model into a role builder, or records a gap when the evidence lacks the model or the
 * model names no execution role.
 *
 * @param modelName the model's name (for messages: modelLabel); undefined when the request names none.
 * @param usedBy for messages: `transform job 'x'`, `variant 'AllTraffic' of endpoint 'e'`.
 */
export function modelRoleBuilder(
  modelName: string | undefined,
  answer: Known<Description | null>,
  usedBy: string,
  context: BuildContext,
  origin?: string,
): RoleModelBuilder | undefined {
  const model = modelLabel(modelName);
  const what = `${model} of ${usedBy}`;
  if (!answer.known) {
    context.gaps.push({ what, why: answer.why });
    return undefined;
  }
  if (answer.value === null) {
    context.gaps.push({
      what,
      why: `${model} does not exist in account ${context.account} (deleted since?)`,
    });
    return undefined;
  }
  const description = answer.value;
  const roleArn = roleArnField(context, `ExecutionRoleArn of ${model}`, stringAt(description, 'ExecutionRoleArn'));
  if (roleArn === undefined) {
    context.gaps.push({ what, why: 'the model names no ExecutionRoleArn' });
    return undefined;
  }
  const role = new RoleModelBuilder(roleArn, context.gaps, origin);
  const primary = objectAt(description, 'PrimaryContainer');
  const containers = primary ? [primary] : arrayAt(description, 'Containers').filter(isObject);
  containers.forEach((container, index) => {
    const name =
      containers.length > 1
        ? `container '${stringAt(container, 'ContainerHostname') ?? `#${index + 1}`}' of ${model}`
        : model;
    readContainer(container, name, role);
  });
  role.vpc(objectAt(description, 'VpcConfig'));
  return role;
}

function readContainer(container: JsonObject, name: string, role: RoleModelBuilder): void {
  role.inputObject(`model data of ${name}`, stringAt(container, 'ModelDataUrl'));
  readModelDataSource(objectAt(container, 'ModelDataSource'), `model data of ${name}`, role);
  for (const additional of arrayAt(container, 'AdditionalModelDataSources').filter(isObject)) {
    const channel = stringAt(additional, 'ChannelName') ?? '?';
    readModelDataSource(additional, `additional model data '${channel}' of ${name}`, role);
  }
  role.image(stringAt(container, 'Image'));
}

// ModelDataSource.S3DataSource: `S3Object` is one object, `S3Prefix` a prefix of uncompressed files:
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html
function readModelDataSource(source: JsonObject | undefined, purpose: string, role: RoleModelBuilder): void {
  const s3 = objectAt(source, 'S3DataSource');
  const uri = stringAt(s3, 'S3Uri');
  if (stringAt(s3, 'S3DataType') === 'S3Prefix') role.inputPrefix(purpose, uri);
  else role.inputObject(purpose, uri);
}
