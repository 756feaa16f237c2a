/**
 * The report (docs/formats/report.md) and its parts: the stable, external format.
 */
import type { PolicyType } from '../engine/types';
import type { JobType } from './jobs/model';

export const FAILURE_CATEGORIES = [
  'none',
  'trust',
  'network',
  'access-denied',
  'capacity',
  'internal',
  'algorithm',
  'other',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/** What the FailureReason text itself says (docs/formats/report.md, "failure"). */
export interface Failure {
  category: FailureCategory;
  service?: string;
  action?: string;
  resource?: string;
  policyType?: PolicyType;
  raw?: string;
}

/** The version of the report format (docs/formats/report.md). */
export const REPORT_VERSION = 2;

/** The listed objects a merged check or finding stands for: how many, and the first keys. */
export interface ListedObjects {
  count: number;
  examples: string[];
}

export type CheckDecision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Unknown';

export interface CheckResult {
  purpose: string;
  principal: string;
  action: string;
  resource: string;
  decision: CheckDecision;
  blockedBy: PolicyType[];
  /** For the checks of an input prefix's listed objects, merged: which objects. */
  objects?: ListedObjects;
}

export const PATCH_KINDS = [
  'role-inline-policy',
  'bucket-policy',
  'key-policy',
  'trust-policy',
  'repository-policy',
  'endpoint-policy',
  'job-config',
  'statement-for-owner',
  'manual',
] as const;
export type PatchKind = (typeof PATCH_KINDS)[number];

export interface Patch {
  kind: PatchKind;
  /** ARN of the role / bucket / key / repository / job, or the VPC endpoint id. */
  target: string;
  /**
   * The account whose credentials must run the commands (for `manual` and `job-config`: where
   * the change is made; for `statement-for-owner`: the owner). Absent only when the evidence
   * does not say whose the resource is (a bucket that no account of the evidence holds).
   */
  account?: string;
  policyName?: string;
  document?: Record<string, unknown>;
  steps?: string[];
  commands?: string[];
}

export interface EvidenceRef {
  policyType: PolicyType;
  policyArn?: string;
  policyName?: string;
  statementSid?: string;
  statementIndex?: number;
}

export interface Finding {
  cause: string;
  action?: string;
  resource?: string;
  location?: string;
  purpose?: string;
  explanation: string;
  evidence: EvidenceRef[];
  /** The role (ARN with its path) whose check it is; in preflight, the caller for the caller's checks. */
  principal?: string;
  /** For the findings of an input prefix's listed objects, merged: which objects. */
  objects?: ListedObjects;
  patch: Patch | null;
}

export interface IncompleteEntry {
  what: string;
  why: string;
}

export interface Report {
  reportVersion: typeof REPORT_VERSION;
  job: {
    type: JobType;
    name: string;
    arn: string;
    account: string;
    region: string;
    roleArn: string;
    status?: string;
    failureReason?: string;
  };
  failure: Failure;
  findings: Finding[];
  checks: CheckResult[];
  incomplete: IncompleteEntry[];
}
