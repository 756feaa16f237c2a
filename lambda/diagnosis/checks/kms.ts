/**
 * KMS checks: `kms:Decrypt` for SSE-KMS inputs, `kms:GenerateDataKey` / `kms:Decrypt` /
 * `kms:Encrypt` for an output `KmsKeyId`, `kms:CreateGrant` for a volume key (docs/diagnosis.md). The key policy is the resource policy; grants may stand in for it.
 */
import { accountOfArn, kmsArn } from '../../arn';
import type { CompiledPolicy, KmsGrant, RequestContext } from '../../engine/types';
import { known, type KeyEvidence, type Known } from '../../evidence/evidence';
import { NO_LEVELS, NONE } from '../layers';
import type { Check } from './types';
import { raise, type RaisedCause } from '../causes/cause';
import { KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT } from '../causes/kms-aws-managed-key';
import { KMS_KEY_NOT_USABLE } from '../causes/kms-key-not-usable';
import { rcpsOf, type CheckContext, type RoleScope } from './context';

export interface ResolvedKey {
  /** The key ARN; an alias ARN only when the key itself is not known. */
  arn: string;
  account: string;
  /** null: no such key. */
  evidence: Known<KeyEvidence | null>;
  /** The key is an AWS managed key (known from its metadata or from the `aws/` alias). */
  awsManaged: boolean;
  /** The key is the AWS managed key of S3, `aws/s3`. */
  awsS3: boolean;
}

const AWS_MANAGED_S3_ALIAS = 'alias/aws/s3';

/** The ARN a key reference stands for when the evidence does not know the key. */
function arnOfRef(ref: string, account: string, ctx: CheckContext): string {
  if (ref.startsWith('arn:')) return ref;
  const { partition, region } = ctx.evidence;
  return kmsArn(partition, region, account, ref.startsWith('alias/') ? ref : `key/${ref}`);
}

/** Resolves a key named by id, ARN, alias or alias ARN (a bare id or alias in `account`). */
export async function resolveKey(ctx: CheckContext, ref: string, account: string): Promise<ResolvedKey> {
  const answer = await ctx.evidence.key(ref, account);
  const refAccount = ref.startsWith('arn:') ? (accountOfArn(ref) ?? account) : account;
  const namesAwsAlias = /(^|:)alias\/aws\//.test(ref);
  const namesS3Alias = ref === AWS_MANAGED_S3_ALIAS || ref.endsWith(`:${AWS_MANAGED_S3_ALIAS}`);
  const unresolved = {
    arn: arnOfRef(ref, refAccount, ctx),
    account: refAccount,
    awsManaged: namesAwsAlias,
    awsS3: namesS3Alias,
  };
  if (!answer.known) {
    ctx.incomplete.note(`KMS key ${ref}`, answer.why);
    return { ...unresolved, evidence: answer };
  }
  const key = answer.value;
  if (key === null) return { ...unresolved, evidence: answer };
  const awsAlias = namesAwsAlias || key.aliases.some((a) => a.startsWith('alias/aws/'));
  const managed = key.keyManager.known ? key.keyManager.value === 'AWS' : awsAlias;
  const awsS3 = managed && (namesS3Alias || key.aliases.includes(AWS_MANAGED_S3_ALIAS));
  return { arn: key.arn, account: key.account, evidence: answer, awsManaged: managed, awsS3 };
}

/** The key of a bucket's default `aws:kms` encryption without a key id: the bucket account's `aws/s3`. */
export const bucketDefaultKeyRef = (keyId: string | undefined): string => keyId ?? AWS_MANAGED_S3_ALIAS;

/**
 * The key policy AWS gives every AWS managed `aws/s3` key: any principal of the key's account,
 * through S3 only. AWS sets it and nobody can change it, so it is known even when the
 * evidence lacks it. https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key
 */
function awsManagedS3KeyPolicy(account: string, region: string): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Allow access through S3 for all principals in the account that are authorized to use S3',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': `s3.${region}.amazonaws.com` } },
      },
    ],
  };
}

const NO_GRANTS: Known<KmsGrant[]> = known([]);

/** The usable states; every other state makes KMS refuse the request. */
const USABLE_STATES = new Set(['Enabled']);

export async function kmsChecks(
  ctx: CheckContext,
  scope: RoleScope,
  key: ResolvedKey,
  actions: string[],
  options: { purpose: string; context?: RequestContext; viaS3Region?: string },
): Promise<Check[]> {
  const role = scope.layers;
  const context: RequestContext = { 'kms:CallerAccount': role.account, ...options.context };
  if (options.viaS3Region) context['kms:ViaService'] = `s3.${options.viaS3Region}.amazonaws.com`;

  // undefined: the key is not known; null: it does not exist.
  const found = key.evidence.known ? key.evidence.value : undefined;
  let keyPolicy: Known<CompiledPolicy | null> = !key.evidence.known
    ? key.evidence
    : found
      ? ctx.layers.compileKnown(
          found.policy,
          { policyType: 'resource', name: `key policy of ${key.arn}`, arn: key.arn },
          `key policy of ${key.arn}`,
        )
      : NONE;
  if (!keyPolicy.known && key.awsS3 && options.viaS3Region) {
    keyPolicy = ctx.layers.compile(
      awsManagedS3KeyPolicy(key.account, options.viaS3Region),
      { policyType: 'resource', name: 'key policy of the AWS managed key aws/s3', arn: key.arn },
      `key policy of ${key.arn}`,
    );
  }

  const grants: Known<KmsGrant[]> = !key.evidence.known ? key.evidence : found ? found.grants : NO_GRANTS;
  if (found && !found.grants.known) ctx.incomplete.note(`grants of KMS key ${key.arn}`, found.grants.why);

  const extraCauses: RaisedCause[] = [];
  if (key.awsManaged && key.account !== role.account)
    extraCauses.push(raise(KMS_AWS_MANAGED_KEY_CROSS_ACCOUNT, { key, role }));
  if (found === null) extraCauses.push(raise(KMS_KEY_NOT_USABLE, { key, missing: true }));
  else if (found?.keyState.known && !USABLE_STATES.has(found.keyState.value))
    extraCauses.push(raise(KMS_KEY_NOT_USABLE, { key, missing: false, state: found.keyState.value }));

  // RCPs do not apply to AWS managed keys (docs/engine.md).
  const rcps = key.awsManaged ? NO_LEVELS : await rcpsOf(ctx, 'kms', key.account);

  return actions.map((action): Check => ({
    purpose: options.purpose,
    role,
    action,
    resource: key.arn,
    resourceAccount: key.account,
    location: key.arn,
    context,
    target: { kind: 'kms', keyArn: key.arn, evidence: found ?? undefined, grants },
    resourcePolicy: keyPolicy,
    resourceDocument: found?.policy.known ? found.policy.value : undefined,
    rcps,
    vpcEndpoint: NONE,
    extraCauses,
  }));
}
