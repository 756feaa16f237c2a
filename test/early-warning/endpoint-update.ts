/**
 * The endpoint of the `endpoint-model-data-not-readable` scenario during an update (UpdateEndpoint),
 * for the early warning's tests (handler and wire harness).
 */
import type { Snapshot } from '../../lambda/evidence/snapshot/types';

/**
 * Beside the scenario's configuration v12 (whose model's role cannot read its model data), a
 * configuration v11 whose model's data its role may read; the endpoint `Updating`, still serving
 * (and described with) configuration `serving`.
 */
export function updatingEndpoint(snapshot: Snapshot, account: string, serving: string): void {
  const sagemaker = snapshot.accounts[account].sagemaker as {
    endpoints: Record<string, Record<string, unknown>>;
    endpointConfigs: Record<string, Record<string, unknown>>;
    models: Record<string, Record<string, unknown>>;
  };
  const v12 = sagemaker.endpointConfigs['fraud-realtime-config-v12'] as { ProductionVariants: object[] };
  sagemaker.endpointConfigs['fraud-realtime-config-v11'] = {
    ...v12,
    EndpointConfigName: 'fraud-realtime-config-v11',
    EndpointConfigArn: `arn:aws:sagemaker:us-east-1:${account}:endpoint-config/fraud-realtime-config-v11`,
    ProductionVariants: [{ ...v12.ProductionVariants[0], ModelName: 'fraud-xgb-v11' }],
  };
  const model = sagemaker.models['fraud-xgb-v12'] as { PrimaryContainer: object };
  sagemaker.models['fraud-xgb-v11'] = {
    ...model,
    ModelName: 'fraud-xgb-v11',
    ModelArn: `arn:aws:sagemaker:us-east-1:${account}:model/fraud-xgb-v11`,
    PrimaryContainer: { ...model.PrimaryContainer, ModelDataUrl: 's3://acme-model-registry/fraud/v11/model.tar.gz' },
  };
  const endpoint = sagemaker.endpoints['fraud-realtime'];
  delete endpoint.FailureReason;
  endpoint.EndpointStatus = 'Updating';
  endpoint.EndpointConfigName = serving;
}
