/**
 * Transform jobs (`DescribeTransformJob`): they run as their model's `ExecutionRoleArn`
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms),
 * which reads the model data, the input and writes the output:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTransformJob.html
 */
import type { RoleModel } from './model';
import { type BuildContext, missingField } from './context';
import { modelRoleBuilder } from './model-role';
import { objectAt, stringAt, type JsonObject } from '../../json';

const MANIFEST_TYPES = new Set(['ManifestFile', 'AugmentedManifestFile']);

export async function transformJobRoles(description: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  const modelName = stringAt(description, 'ModelName');
  if (modelName === undefined) throw missingField(context, 'ModelName');
  const input = objectAt(objectAt(objectAt(description, 'TransformInput'), 'DataSource'), 'S3DataSource');
  if (input === undefined) throw missingField(context, 'TransformInput.DataSource.S3DataSource');
  const output = objectAt(description, 'TransformOutput');
  if (output === undefined) throw missingField(context, 'TransformOutput');

  // A pipeline's transform step names no job: SageMaker Pipelines names it when it runs.
  const jobName = stringAt(description, 'TransformJobName');
  const answer = await context.evidence.describeModel(context.account, modelName);
  const usedBy = jobName === undefined ? 'the transform job' : `transform job '${jobName}'`;
  const role = modelRoleBuilder(modelName, answer, usedBy, context);
  if (!role) return [];
  const uri = stringAt(input, 'S3Uri');
  if (MANIFEST_TYPES.has(stringAt(input, 'S3DataType') ?? '')) role.inputObject('manifest of transform input', uri);
  else role.inputPrefix('transform input', uri);
  role.output('transform output', stringAt(output, 'S3OutputPath'), stringAt(output, 'KmsKeyId'), {
    field: 'TransformOutput.KmsKeyId',
    sdkArgument: 'output_kms_key (Transformer)',
  });
  role.volumeKey('storage volume', stringAt(objectAt(description, 'TransformResources'), 'VolumeKmsKeyId'));
  return [role.build()];
}
