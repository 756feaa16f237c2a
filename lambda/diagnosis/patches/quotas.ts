/**
 * AWS's size quotas for the documents a patch puts, counted the way each service counts them,
 * so that a printed command is never refused for its size (docs/formats/report.md, "Patch").
 * A fix that cannot fit becomes a `manual` patch naming its quota.
 */
import { compact } from './document';

/** How a service measures a document against its quota. */
export type Counting = 'non-whitespace characters' | 'characters' | 'bytes';

export interface Quota {
  /** What the quota limits, for a person: "a role's inline policies together". */
  name: string;
  limit: number;
  counting: Counting;
  /** AWS's page that states it. */
  source: string;
}

const IAM_QUOTAS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';

/**
 * IAM counts characters without white space ("IAM does not count white space when calculating
 * the size of a policy against these quotas"); the other services state a size of the document
 * as sent, which the commands send as compact JSON: those are counted with the white space left
 * inside its strings, in bytes for S3's and KMS's kilobyte quotas.
 */
export const QUOTAS = {
  /** All the inline policies of a role together (not adjustable). */
  roleInlinePolicies: {
    name: "a role's inline policies together",
    limit: 10_240,
    counting: 'non-whitespace characters',
    source: IAM_QUOTAS,
  },
  /** One customer managed policy (not adjustable): where grants go when the inline quota is full. */
  managedPolicy: {
    name: 'a managed policy',
    limit: 6_144,
    counting: 'non-whitespace characters',
    source: IAM_QUOTAS,
  },
  /** The default "Role trust policy length" (adjustable up to 4,096). */
  trustPolicy: {
    name: "a role's trust policy (default quota)",
    limit: 2_048,
    counting: 'non-whitespace characters',
    source: IAM_QUOTAS,
  },
  /** "Bucket policies are limited to 20 KB in size." */
  bucketPolicy: {
    name: 'a bucket policy (20 KB)',
    limit: 20 * 1024,
    counting: 'bytes',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html',
  },
  /** "Up to 32 kilobytes (32,768 bytes)." */
  keyPolicy: {
    name: 'a key policy (32 KB)',
    limit: 32 * 1024,
    counting: 'bytes',
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html#key-policy-format',
  },
  /** SetRepositoryPolicy's `policyText`: "Maximum length of 10240". */
  repositoryPolicy: {
    name: 'a repository policy',
    limit: 10_240,
    counting: 'characters',
    source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_SetRepositoryPolicy.html',
  },
  /** "Characters per VPC endpoint policy: 20,480 ... including white space" (not adjustable). */
  endpointPolicy: {
    name: 'a VPC endpoint policy',
    limit: 20_480,
    counting: 'characters',
    source: 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html',
  },
} as const satisfies Record<string, Quota>;

/** The size of a document as `counting` measures it; a string is measured as written. */
export function policySize(document: unknown, counting: Counting): number {
  const text = typeof document === 'string' ? document : compact(document);
  switch (counting) {
    case 'non-whitespace characters':
      return text.replace(/\s/g, '').length;
    case 'characters':
      return text.length;
    case 'bytes':
      return Buffer.byteLength(text, 'utf8');
  }
}

/** "20,480 bytes" */
export const formatSize = (size: number, counting: Counting): string => `${size.toLocaleString('en-US')} ${counting}`;

/** The sentence a `manual` patch gives when a fix cannot fit: the size, the quota, its page. */
export const overQuota = (what: string, size: number, quota: Quota): string =>
  `${what} would be ${formatSize(size, quota.counting)}, over AWS's quota of ${formatSize(quota.limit, quota.counting)} for ${quota.name} (${quota.source}).`;
