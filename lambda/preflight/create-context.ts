/**
 * The condition keys of a `Create*` request, as SageMaker sets them from the request's fields:
 * the tags (`aws:RequestTag/KEY`, `aws:TagKeys`) and SageMaker's own keys for instance types,
 * KMS keys, VPC, network isolation, traffic encryption and run time. A key is set only when
 * its field is in the request. Keys not listed here are absent, as in a request without them.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html#amazonsagemaker-policy-keys
 * https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html
 */
import type { RequestContext } from '../engine/types';
import { arrayAt, isObject, objectAt, stringAt, stringsAt, type JsonObject } from '../json';
import type { PreflightKind } from './kinds';

type Setter = (context: RequestContext, key: string, value: unknown) => void;

const set: Setter = (context, key, value) => {
  if (typeof value === 'string' && value !== '') context[key] = value;
  else if (typeof value === 'number' || typeof value === 'boolean') context[key] = String(value);
  else if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string' && v !== '');
    if (strings.length > 0) context[key] = strings;
  }
};

/**
 * The tag keys of a request (`aws:RequestTag/KEY`, `aws:TagKeys`): a request that has them also
 * needs `sagemaker:AddTags` (lambda/preflight/caller.ts).
 */
export function tagContext(request: JsonObject): RequestContext {
  const context: RequestContext = {};
  tags(context, request);
  return context;
}

function tags(context: RequestContext, request: JsonObject): void {
  const keys: string[] = [];
  for (const tag of arrayAt(request, 'Tags').filter(isObject)) {
    const key = stringAt(tag, 'Key');
    if (key === undefined) continue;
    keys.push(key);
    context[`aws:RequestTag/${key}`] = typeof tag.Value === 'string' ? tag.Value : '';
  }
  if (keys.length > 0) context['aws:TagKeys'] = keys;
}

function vpc(context: RequestContext, config: JsonObject | undefined): void {
  if (!config) return;
  set(context, 'sagemaker:VpcSubnets', stringsAt(config, 'Subnets'));
  set(context, 'sagemaker:VpcSecurityGroupIds', stringsAt(config, 'SecurityGroupIds'));
}

const FIELDS: Record<PreflightKind, (context: RequestContext, request: JsonObject) => void> = {
  training(context, r) {
    const resources = objectAt(r, 'ResourceConfig');
    const types = [
      stringAt(resources, 'InstanceType'),
      ...arrayAt(resources, 'InstanceGroups').map((g) => stringAt(g, 'InstanceType')),
    ];
    set(context, 'sagemaker:InstanceTypes', types);
    set(context, 'sagemaker:VolumeKmsKey', stringAt(resources, 'VolumeKmsKeyId'));
    set(context, 'sagemaker:OutputKmsKey', stringAt(objectAt(r, 'OutputDataConfig'), 'KmsKeyId'));
    vpc(context, objectAt(r, 'VpcConfig'));
    set(context, 'sagemaker:NetworkIsolation', r.EnableNetworkIsolation);
    set(context, 'sagemaker:InterContainerTrafficEncryption', r.EnableInterContainerTrafficEncryption);
    set(context, 'sagemaker:MaxRuntimeInSeconds', objectAt(r, 'StoppingCondition')?.MaxRuntimeInSeconds);
  },
  processing(context, r) {
    const cluster = objectAt(objectAt(r, 'ProcessingResources'), 'ClusterConfig');
    set(context, 'sagemaker:InstanceTypes', [stringAt(cluster, 'InstanceType')]);
    set(context, 'sagemaker:VolumeKmsKey', stringAt(cluster, 'VolumeKmsKeyId'));
    set(context, 'sagemaker:OutputKmsKey', stringAt(objectAt(r, 'ProcessingOutputConfig'), 'KmsKeyId'));
    const network = objectAt(r, 'NetworkConfig');
    vpc(context, objectAt(network, 'VpcConfig'));
    set(context, 'sagemaker:NetworkIsolation', network?.EnableNetworkIsolation);
    set(context, 'sagemaker:InterContainerTrafficEncryption', network?.EnableInterContainerTrafficEncryption);
    set(context, 'sagemaker:MaxRuntimeInSeconds', objectAt(r, 'StoppingCondition')?.MaxRuntimeInSeconds);
  },
  transform(context, r) {
    const resources = objectAt(r, 'TransformResources');
    set(context, 'sagemaker:InstanceTypes', [stringAt(resources, 'InstanceType')]);
    set(context, 'sagemaker:VolumeKmsKey', stringAt(resources, 'VolumeKmsKeyId'));
    set(context, 'sagemaker:OutputKmsKey', stringAt(objectAt(r, 'TransformOutput'), 'KmsKeyId'));
  },
  tuning() {
    // The definitions' keys are not modelled: only the tags.
  },
  model(context, r) {
    vpc(context, objectAt(r, 'VpcConfig'));
    set(context, 'sagemaker:NetworkIsolation', r.EnableNetworkIsolation);
  },
  endpoint() {
    // CreateEndpoint sets no SageMaker key of its own: only the tags.
  },
};

export function createContext(kind: PreflightKind, request: JsonObject): RequestContext {
  const context: RequestContext = {};
  tags(context, request);
  FIELDS[kind](context, request);
  return context;
}
