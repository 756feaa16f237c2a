/**
 * Training jobs (`DescribeTrainingJob`), and the training job definitions of tuning jobs, which
 * have the same fields: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html
 */
import type { RoleModel } from './model';
import { type BuildContext, listField, missingField, roleArnField } from './context';
import { objectAt, stringAt, type JsonObject } from '../../json';
import { RoleModelBuilder } from './role-builder';

// Manifest channels name one object, the manifest, which lists the data:
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3DataSource.html
const MANIFEST_TYPES = new Set(['ManifestFile', 'AugmentedManifestFile']);

/**
 * The role model of a training job, or of one training job definition of a tuning job.
 *
 * @param scope appended to every purpose when a tuning job has several definitions
 *   (` of training job definition 'd1'`).
 * @throws InputError when the description lacks `RoleArn` or `OutputDataConfig`, which the API requires.
 */
export function trainingRole(definition: JsonObject, context: BuildContext, scope = '', origin?: string): RoleModel {
  const roleArn = roleArnField(context, `RoleArn${scope}`, stringAt(definition, 'RoleArn'));
  if (roleArn === undefined) throw missingField(context, `RoleArn${scope}`);
  const outputConfig = objectAt(definition, 'OutputDataConfig');
  if (outputConfig === undefined) throw missingField(context, `OutputDataConfig${scope}`);
  const role = new RoleModelBuilder(roleArn, context.gaps, origin);

  for (const channel of listField(context, definition, 'InputDataConfig', `InputDataConfig${scope}`)) {
    const name = stringAt(channel, 'ChannelName') ?? '?';
    const source = objectAt(objectAt(channel, 'DataSource'), 'S3DataSource');
    const uri = stringAt(source, 'S3Uri');
    if (MANIFEST_TYPES.has(stringAt(source, 'S3DataType') ?? ''))
      role.inputObject(`manifest of channel '${name}'${scope}`, uri);
    else role.inputPrefix(`input channel '${name}'${scope}`, uri);
  }

  // The output first: "Artifact upload failed" points at the job's first output.
  role.output(`output${scope}`, stringAt(outputConfig, 'S3OutputPath'), stringAt(outputConfig, 'KmsKeyId'), {
    field: `OutputDataConfig.KmsKeyId${scope}`,
    sdkArgument: 'output_kms_key (Estimator)',
  });

  // Checkpoints are synced both ways, so they are read (listed) and written:
  // https://docs.aws.amazon.com/sagemaker/latest/dg/model-checkpoints.html
  const checkpoint = stringAt(objectAt(definition, 'CheckpointConfig'), 'S3Uri');
  role.inputPrefix(`checkpoint${scope}`, checkpoint).output(`checkpoint${scope}`, checkpoint);

  role.output(`debugger output${scope}`, stringAt(objectAt(definition, 'DebugHookConfig'), 'S3OutputPath'));
  for (const rule of listField(context, definition, 'DebugRuleConfigurations', `DebugRuleConfigurations${scope}`)) {
    role.output(
      `debugger rule '${stringAt(rule, 'RuleConfigurationName') ?? '?'}' output${scope}`,
      stringAt(rule, 'S3OutputPath'),
    );
  }
  role.output(`profiler output${scope}`, stringAt(objectAt(definition, 'ProfilerConfig'), 'S3OutputPath'));
  for (const rule of listField(
    context,
    definition,
    'ProfilerRuleConfigurations',
    `ProfilerRuleConfigurations${scope}`,
  )) {
    role.output(
      `profiler rule '${stringAt(rule, 'RuleConfigurationName') ?? '?'}' output${scope}`,
      stringAt(rule, 'S3OutputPath'),
    );
  }
  role.output(`TensorBoard output${scope}`, stringAt(objectAt(definition, 'TensorBoardOutputConfig'), 'S3OutputPath'));

  role.volumeKey(`storage volume${scope}`, stringAt(objectAt(definition, 'ResourceConfig'), 'VolumeKmsKeyId'));
  // An `AlgorithmName` (a SageMaker or Marketplace algorithm) names no image the role pulls.
  role.image(stringAt(objectAt(definition, 'AlgorithmSpecification'), 'TrainingImage'));
  role.vpc(objectAt(definition, 'VpcConfig'));
  return role.build();
}

/** A training job has one role. */
export async function trainingJobRoles(description: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  return [trainingRole(description, context)];
}
