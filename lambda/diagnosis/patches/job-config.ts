/**
 * `job-config` patches (docs/formats/report.md, "Patch"): a bucket policy that denies uploads
 * without a given encryption key or header (`s3:x-amz-server-side-encryption*` conditions)
 * enforces the bucket's encryption; the job can comply by naming that key in its own output
 * configuration (`OutputDataConfig.KmsKeyId`, the SageMaker Python SDK's `output_kms_key`), so
 * that is the fix, rather than an exception in the Deny.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OutputDataConfig.html
 */
import { kmsArn, parseKmsArn } from '../../arn';
import type { StatementRef } from '../../engine/types';
import type { Check } from '../checks';
import type { DraftFinding } from '../findings';
import type { Patch } from '../report';
import { layerDenies, type PatchContext } from './context';
import { decodeDocument } from './document';

const SSE = 's3:x-amz-server-side-encryption';
const SSE_KEY = 's3:x-amz-server-side-encryption-aws-kms-key-id';

/** The encryption a job's upload would send with a key named: what SageMaker sends with `KmsKeyId`. */
function withKey(check: Check, key: string): Check {
  return { ...check, context: { ...check.context, [SSE]: 'aws:kms', [SSE_KEY]: key } };
}

/** A key ARN a job can name: no pattern, no policy variable, no `Null` operator's "true". */
const isKeyArn = (value: string): boolean => !/[*?]|\$\{/.test(value) && parseKmsArn(value)?.type === 'key';

/** The denying statements of the bucket policy, as written. */
function denyingStatements(check: Check, denies: StatementRef[]): Record<string, unknown>[] {
  const document = check.resourceDocument === undefined ? undefined : decodeDocument(check.resourceDocument);
  return denies.flatMap((ref) =>
    document?.Statement[ref.statementIndex] ? [document.Statement[ref.statementIndex]] : [],
  );
}

/** Every condition value of the statements on `key` (case-insensitive), per operator. */
function conditionValues(statements: Record<string, unknown>[], key: string): { keys: boolean; values: string[] } {
  let keys = false;
  const values: string[] = [];
  for (const statement of statements) {
    const condition = statement.Condition;
    if (typeof condition !== 'object' || condition === null) continue;
    for (const entries of Object.values(condition as Record<string, unknown>)) {
      if (typeof entries !== 'object' || entries === null) continue;
      for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
        if (!name.toLowerCase().startsWith(key)) continue;
        keys = true;
        if (name.toLowerCase() === SSE_KEY) for (const v of [value].flat()) if (typeof v === 'string') values.push(v);
      }
    }
  }
  return { keys, values };
}

/** The bucket's default KMS key as a key ARN, when it names one (an alias names no key we can send). */
function bucketDefaultKey(check: Check, ctx: PatchContext): string | undefined {
  if (check.target.kind !== 's3') return undefined;
  const encryption = check.target.evidence?.encryption;
  const id = encryption?.known ? encryption.value?.KMSMasterKeyID : undefined;
  if (!id || encryption?.known !== true || !encryption.value?.SSEAlgorithm.startsWith('aws:kms')) return undefined;
  if (id.startsWith('arn:')) return parseKmsArn(id)?.type === 'key' ? id : undefined;
  if (id.startsWith('alias/')) return undefined;
  const region = check.target.evidence?.region.known ? check.target.evidence.region.value : ctx.region;
  return kmsArn(ctx.partition, region, check.resourceAccount, `key/${id}`);
}

/** The key that makes the bucket policy let the upload through, if the job can send one. */
export function keyTheJobCanSend(ctx: PatchContext, draft: DraftFinding): string | undefined {
  const verdict = draft.verdict;
  if (!verdict?.check.outputKeySetting || verdict.check.action.toLowerCase() !== 's3:putobject') return undefined;
  const denies = verdict.evaluation.layers.find((l) => l.policyType === 'resource')?.denies ?? [];
  const { keys, values } = conditionValues(denyingStatements(verdict.check, denies), SSE);
  if (!keys) return undefined;
  const candidates = [...new Set([...values.filter(isKeyArn), bucketDefaultKey(verdict.check, ctx)])];
  return candidates.find(
    (key) => key !== undefined && !layerDenies(ctx.rejudge(withKey(verdict.check, key), {}), 'resource'),
  );
}

/** The job's configuration change, in steps: which field, which key, and what the role then needs. */
export function jobConfigPatch(ctx: PatchContext, drafts: DraftFinding[], key: string): Patch {
  const check = drafts[0].verdict!.check;
  const setting = check.outputKeySetting!;
  const bucket = check.target.kind === 's3' ? check.target.bucket : check.resource;
  const denies = drafts.flatMap(
    (d) => d.verdict?.evaluation.layers.find((l) => l.policyType === 'resource')?.denies ?? [],
  );
  const sids = [...new Set(denies.map((d) => (d.statementSid ? `'${d.statementSid}'` : `#${d.statementIndex}`)))];
  return {
    kind: 'job-config',
    target: ctx.jobArn ?? ctx.jobName,
    account: ctx.jobAccount,
    steps: [
      `The bucket policy of '${bucket}' (statement ${sids.join(', ')}) refuses uploads to ${check.location ?? check.resource} that are not encrypted with KMS key ${key}: it enforces the bucket's encryption, so keep it.`,
      `Set ${setting.field} of the job to ${key} (SageMaker Python SDK: ${setting.sdkArgument}='${key}') and run it again: SageMaker then uploads its output under that key.`,
      `With that key, the role needs kms:GenerateDataKey, kms:Decrypt and kms:Encrypt on it, allowed by its own policies and by the key policy: sagemaker-access-doctor preflight checks the new request before it runs.`,
    ],
  };
}
