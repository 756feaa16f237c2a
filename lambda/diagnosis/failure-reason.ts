/**
 * Reads a SageMaker `FailureReason` (docs/formats/report.md, "failure"): its category, and the action,
 * resource and policy layer that the text itself names. Never throws: an unknown text is `other`.
 */
import { partitionOfArn, s3Arn } from '../arn';
import type { PolicyType } from '../engine/types';
import type { JobModel } from './jobs/model';
import { parseS3Uri } from './jobs/s3-uri';
import type { Failure, FailureCategory } from './report';

interface CategoryRule {
  category: FailureCategory;
  matches(text: string): boolean;
}

const containsAny =
  (...phrases: string[]) =>
  (text: string): boolean => {
    const lower = text.toLowerCase();
    return phrases.some((phrase) => lower.includes(phrase.toLowerCase()));
  };
const containsExactly =
  (...phrases: string[]) =>
  (text: string): boolean =>
    phrases.some((phrase) => text.includes(phrase));
const startsWith =
  (prefix: string) =>
  (text: string): boolean =>
    text.trimStart().startsWith(prefix);

/**
 * The categories (docs/formats/report.md, "failure"), in order: the first rule that matches wins.
 * Phrases match case-insensitively, except `KMS.` and `(403)`, which lower-cased would also match
 * host names (`kms.us-east-1.amazonaws.com`) and are written by AWS in exactly this form. A bare
 * `403` is not enough: an `AlgorithmError` quoting a metric such as `0.403` is no access failure;
 * S3 writes the status as `(403)` or `403 Forbidden`
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), and `Forbidden` covers the latter.
 */
const CATEGORY_RULES: readonly CategoryRule[] = [
  {
    category: 'trust',
    matches: containsAny('unable to assume the role', 'sts:AssumeRole on the role', 'Could not assume role'),
  },
  {
    category: 'network',
    matches: containsAny(
      'route to an S3 VPC endpoint or a NAT',
      'Unable to execute request to S3',
      'S3 VPC endpoint exists in route table',
    ),
  },
  {
    category: 'access-denied',
    matches: (text) =>
      containsExactly('KMS.', '(403)')(text) ||
      containsAny(
        'AccessDenied',
        'Access Denied',
        'Forbidden',
        'is not authorized to perform',
        'Cannot pull algorithm container',
        'does not grant',
        'has permissions to download',
        // ECR's pull refused to the role, as SageMaker reports it.
        'does not have BatchGetImage permission',
        // "... that the role has permissions to access them": SageMaker's wording for inputs it
        // could not read.
        'permissions to access them',
        // SageMaker cannot tell an empty prefix from a prefix it may not list (s3:ListBucket):
        // https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
        'No S3 objects found under S3 URL',
      )(text),
  },
  { category: 'capacity', matches: startsWith('CapacityError') },
  { category: 'internal', matches: startsWith('InternalServerError') },
  { category: 'algorithm', matches: startsWith('AlgorithmError') },
];

/**
 * The policy types of IAM's enhanced AccessDenied messages, by their wording
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 * A permissions boundary is written without "policy".
 */
const POLICY_TYPE_WORDING: readonly { wording: string; policyType: PolicyType }[] = [
  { wording: 'identity-based policy', policyType: 'identity' },
  { wording: 'resource-based policy', policyType: 'resource' },
  { wording: 'permissions boundary', policyType: 'permissions-boundary' },
  { wording: 'session policy', policyType: 'session' },
  { wording: 'service control policy', policyType: 'scp' },
  { wording: 'resource control policy', policyType: 'rcp' },
  { wording: 'VPC endpoint policy', policyType: 'vpc-endpoint' },
];

const WORDINGS = POLICY_TYPE_WORDING.map((entry) => entry.wording).join('|');
const ENHANCED_MESSAGE = new RegExp(
  String.raw`is not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*?]+)` +
    String.raw`(?: on resource: (?:"([^"]*)"|(\S+)))?` +
    String.raw`(?: because no (${WORDINGS}) allows| with an explicit deny in (?:an? )?(${WORDINGS}))?`,
  'i',
);
// KMS answers for a key it will not use with "on this resource because the resource does not exist
// in this Region, no resource-based policies allow access, or a resource-based policy explicitly
// denies access": the key policy's layer, without naming the key.
const KMS_MESSAGE =
  /is not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*?]+) on this resource because .*resource-based polic/i;

const UNABLE_TO_DOWNLOAD = /Unable to download object (s3:\/\/[^\s"')]+)/;
const MODEL_DATA_DOWNLOAD = /Failed to download model data[\s\S]*?from URL: "?((?:s3|https):\/\/[^\s"]+)"?/;
const LIST_OBJECTS = /ListObjectsV2 failed for (s3:\/\/[^\s"')]+)/;

type ActionAndResource = Pick<Failure, 'action' | 'resource' | 'policyType'>;

/**
 * Reads a FailureReason text.
 *
 * @param text the job's `FailureReason` (undefined or blank: category `none`).
 * @param job the job model: `Artifact upload failed` points at its first output.
 * @example parseFailureReason('ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied', job)
 *   // { category: 'access-denied', service: 's3', action: 's3:PutObject', resource: 'arn:aws:s3:::bucket/output/', raw: ... }
 */
export function parseFailureReason(text: string | undefined, job: JobModel): Failure {
  if (text === undefined || text.trim() === '')
    return text === undefined ? { category: 'none' } : { category: 'none', raw: text };
  const category = CATEGORY_RULES.find((rule) => rule.matches(text))?.category ?? 'other';
  const named = enhancedMessage(text) ?? s3Message(text, job);
  const failure: Failure = { category };
  if (named?.action !== undefined) {
    failure.service = named.action.slice(0, named.action.indexOf(':'));
    failure.action = named.action;
  }
  if (named?.resource !== undefined) failure.resource = named.resource;
  if (named?.policyType !== undefined) failure.policyType = named.policyType;
  failure.raw = text;
  return failure;
}

function enhancedMessage(text: string): ActionAndResource | undefined {
  const kms = KMS_MESSAGE.exec(text);
  if (kms) return { action: kms[1], policyType: 'resource' };
  const match = ENHANCED_MESSAGE.exec(text);
  if (!match) return undefined;
  const resource = match[2] ?? stripTrailingPunctuation(match[3]);
  const wording = (match[4] ?? match[5])?.toLowerCase();
  const policyType = POLICY_TYPE_WORDING.find((entry) => entry.wording.toLowerCase() === wording)?.policyType;
  return {
    action: match[1],
    ...(resource ? { resource } : {}),
    ...(policyType ? { policyType } : {}),
  };
}

function s3Message(text: string, job: JobModel): ActionAndResource | undefined {
  const partition = partitionOfArn(job.arn);
  const object = UNABLE_TO_DOWNLOAD.exec(text) ?? MODEL_DATA_DOWNLOAD.exec(text);
  const objectAddress = object ? parseS3Uri(stripTrailingPunctuation(object[1]) ?? '') : undefined;
  if (objectAddress)
    return { action: 's3:GetObject', resource: s3Arn(partition, objectAddress.bucket, objectAddress.key) };
  if (text.includes('Data download failed')) return { action: 's3:GetObject' };
  if (text.includes('Artifact upload failed')) {
    const output = job.roles.flatMap((role) => role.outputs)[0];
    return output
      ? { action: 's3:PutObject', resource: s3Arn(partition, output.bucket, output.key) }
      : { action: 's3:PutObject' };
  }
  const listed = LIST_OBJECTS.exec(text);
  const listedAddress = listed ? parseS3Uri(stripTrailingPunctuation(listed[1]) ?? '') : undefined;
  if (listedAddress) return { action: 's3:ListBucket', resource: s3Arn(partition, listedAddress.bucket) };
  return undefined;
}

// Unquoted ARNs end where the sentence goes on: drop the punctuation that closes it.
function stripTrailingPunctuation(value: string | undefined): string | undefined {
  return value?.replace(/[.,;:]+$/, '');
}

/** The request an enhanced AccessDenied message names: who asked for what on which resource. */
export interface NamedRequest {
  principal: string;
  action: string;
  resource: string;
}

const NAMED_REQUEST =
  /User: (\S+) is not authorized to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*?]+) on resource: (?:"([^"]*)"|(\S+))/;

/**
 * The request of an AWS enhanced AccessDenied message
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html), when the
 * text holds one with its principal and resource.
 */
export function namedRequest(text: string | undefined): NamedRequest | undefined {
  const match = text === undefined ? null : NAMED_REQUEST.exec(text);
  const resource = match ? (match[3] ?? stripTrailingPunctuation(match[4])) : undefined;
  return match && resource ? { principal: match[1], action: match[2], resource } : undefined;
}
