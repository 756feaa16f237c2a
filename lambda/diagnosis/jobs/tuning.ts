/**
 * Hyperparameter tuning jobs (`DescribeHyperParameterTuningJob`): one role per training job
 * definition, `TrainingJobDefinition` or each of `TrainingJobDefinitions`:
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeHyperParameterTuningJob.html
 */
import type { RoleModel } from './model';
import { type BuildContext, listField, missingField } from './context';
import { isObject, objectAt, stringAt, type JsonObject } from '../../json';
import { trainingRole } from './training';

export async function tuningJobRoles(description: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  const single = objectAt(description, 'TrainingJobDefinition');
  const several = listField(context, description, 'TrainingJobDefinitions').filter(isObject);
  if (single === undefined && several.length === 0)
    throw missingField(context, 'TrainingJobDefinition (or TrainingJobDefinitions)');
  const roles = single === undefined ? [] : [trainingRole(single, context)];
  several.forEach((definition, index) => {
    const name = stringAt(definition, 'DefinitionName') ?? `#${index + 1}`;
    const origin = `training job definition '${name}'`;
    roles.push(trainingRole(definition, context, ` of ${origin}`, origin));
  });
  return roles;
}
