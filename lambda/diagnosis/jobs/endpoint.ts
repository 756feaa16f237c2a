/**
 * Endpoints (`DescribeEndpoint` → `DescribeEndpointConfig` → each variant's `DescribeModel`): one
 * role per model, its `ExecutionRoleArn`
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeEndpointConfig.html).
 * Shadow variants are deployed with the endpoint too, so their models count as well.
 */
import type { RoleModel } from './model';
import { type BuildContext, missingField } from './context';
import { modelLabel, modelRoleBuilder } from './model-role';
import { arrayAt, stringAt, type JsonObject } from '../../json';

export async function endpointRoles(description: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  const configName = stringAt(description, 'EndpointConfigName');
  if (configName === undefined) throw missingField(context, 'EndpointConfigName');
  const endpointName = stringAt(description, 'EndpointName');
  const endpoint = endpointName === undefined ? 'the endpoint' : `endpoint '${endpointName}'`;
  const answer = await context.evidence.describeEndpointConfig(context.account, configName);
  const what = `endpoint configuration '${configName}' of ${endpoint}`;
  if (!answer.known) {
    context.gaps.push({ what, why: answer.why });
    return [];
  }
  if (answer.value === null) {
    context.gaps.push({ what, why: `it does not exist in account ${context.account} (deleted since?)` });
    return [];
  }
  const variants = [
    ...arrayAt(answer.value, 'ProductionVariants'),
    ...arrayAt(answer.value, 'ShadowProductionVariants'),
  ];
  const roles: RoleModel[] = [];
  const seen = new Set<string>();
  for (const variant of variants) {
    const variantName = stringAt(variant, 'VariantName') ?? '?';
    const modelName = stringAt(variant, 'ModelName');
    if (modelName === undefined) {
      // Variants of endpoints built from inference components name no model.
      context.gaps.push({
        what: `model of variant '${variantName}' of ${endpoint}`,
        why: 'the variant names no ModelName',
      });
      continue;
    }
    if (seen.has(modelName)) continue;
    seen.add(modelName);
    const model = await context.evidence.describeModel(context.account, modelName);
    const usedBy = `variant '${variantName}' of ${endpoint}`;
    const role = modelRoleBuilder(modelName, model, usedBy, context, `${modelLabel(modelName)} of ${usedBy}`);
    if (role) roles.push(role.build());
  }
  return roles;
}
