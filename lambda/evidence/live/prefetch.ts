/**
 * Starts the reads a job will need as soon as its description arrives, instead of waiting for
 * the diagnosis to ask for them one stage after another: the role, the buckets and their
 * default keys, the keys the job names, the model and endpoint configuration, the VPC and the
 * organization. Each read is memoized, so the diagnosis's own question later gets the answer
 * (or the read in flight). This keeps the critical path after the event at a few rounds of
 * calls whatever the stages of the diagnosis.
 */
import type { Description, Evidence } from '../evidence';
import { parseArn } from '../../arn';

const ROLE_FIELDS = new Set(['RoleArn', 'ExecutionRoleArn']);
const KEY_FIELDS = new Set(['KmsKeyId', 'VolumeKmsKeyId']);
const S3_URI = /^s3:\/\/([^/]+)/;

/** What a description names, found wherever it sits in the description. */
export interface Named {
  roles: Set<string>;
  buckets: Set<string>;
  keys: Set<string>;
  models: Set<string>;
  endpointConfigs: Set<string>;
  vpc: boolean;
}

export function namedIn(description: Description): Named {
  const named: Named = {
    roles: new Set(),
    buckets: new Set(),
    keys: new Set(),
    models: new Set(),
    endpointConfigs: new Set(),
    vpc: false,
  };
  const walk = (value: unknown, field?: string): void => {
    if (typeof value === 'string') {
      if (field && ROLE_FIELDS.has(field)) named.roles.add(value);
      else if (field && KEY_FIELDS.has(field) && value) named.keys.add(value);
      else if (field === 'ModelName') named.models.add(value);
      else if (field === 'EndpointConfigName') named.endpointConfigs.add(value);
      else {
        const bucket = S3_URI.exec(value)?.[1];
        if (bucket) named.buckets.add(bucket);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, field);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        if (key === 'VpcConfig') named.vpc = true;
        walk(inner, key);
      }
    }
  };
  walk(description);
  return named;
}

/**
 * Fires the reads of everything `description` names (answers land in the evidence's memo).
 * `seen` holds what was already fetched: a model's description names the model itself.
 */
export function prefetch(
  evidence: Evidence,
  account: string,
  description: Description,
  seen: Set<string> = new Set(),
): void {
  const named = namedIn(description);
  const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);
  for (const role of named.roles) {
    quietly(evidence.role(role));
    const roleAccount = parseArn(role)?.account;
    if (roleAccount) quietly(evidence.organization(roleAccount));
  }
  for (const key of named.keys) quietly(evidence.key(key, account));
  for (const bucket of named.buckets) {
    quietly(
      evidence.bucket(bucket, []).then((answer) => {
        const encryption = answer.known && answer.value?.encryption.known ? answer.value.encryption.value : null;
        if (answer.known && answer.value && encryption?.SSEAlgorithm === 'aws:kms') {
          return evidence.key(encryption.KMSMasterKeyID ?? 'alias/aws/s3', answer.value.account);
        }
        return undefined;
      }),
    );
  }
  for (const model of named.models) {
    if (seen.has(`model:${model}`)) continue;
    seen.add(`model:${model}`);
    quietly(
      evidence
        .describeModel(account, model)
        .then((answer) => answer.known && answer.value && prefetch(evidence, account, answer.value, seen)),
    );
  }
  for (const config of named.endpointConfigs) {
    if (seen.has(`config:${config}`)) continue;
    seen.add(`config:${config}`);
    quietly(
      evidence
        .describeEndpointConfig(account, config)
        .then((answer) => answer.known && answer.value && prefetch(evidence, account, answer.value, seen)),
    );
  }
  if (named.vpc) {
    quietly(evidence.subnets(account));
    quietly(evidence.vpcEndpoints(account));
  }
}
