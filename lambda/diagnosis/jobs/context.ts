/**
 * What every job-type module gets while it turns a description into role models.
 */
import { InputError } from '../../errors';
import { parseRoleArn } from '../../arn';
import type { Evidence } from '../../evidence/evidence';
import { has, isObject } from '../../json';
import type { Gap } from './role-builder';

export interface BuildContext {
  evidence: Evidence;
  /** The account that holds the job (its models and endpoint configs are looked up there). */
  account: string;
  /** Where the description came from, for messages: `the snapshot's description of training job 'x'`. */
  origin: string;
  /** How the user can supply a complete description, for messages. */
  fix: string;
  gaps: Gap[];
}

/** The one-line error for a description that lacks an essential field. */
export function missingField(context: BuildContext, field: string): InputError {
  return new InputError(
    `${context.origin}: ${field} is missing, so the job's accesses cannot be known: ${context.fix}`,
  );
}

// A role name is 1-64 of [A-Za-z0-9+=,.@_-]:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Whether `text` is the ARN of an IAM role (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME). */
export function isRoleArn(text: string): boolean {
  const role = parseRoleArn(text);
  return role !== undefined && ROLE_NAME.test(role.roleName);
}

/**
 * The role ARN a description names in `field`, as given; undefined when it names none.
 * @throws InputError when it is not a role ARN: no account or role could be told from it.
 */
export function roleArnField(context: BuildContext, field: string, value: string | undefined): string | undefined {
  if (value === undefined || isRoleArn(value)) return value;
  throw new InputError(
    `${context.origin}: ${field} ${JSON.stringify(value)} is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME): ${context.fix}`,
  );
}

/**
 * The list at `key` of `value` ([] when absent or null), as the Describe* and Create* APIs give it.
 * `field` names it in messages (`InputDataConfig of training job definition 'd1'`).
 * @throws InputError when it is present but not a list (one channel written as an object): read
 *   leniently, the job's accesses in it would be silently left out.
 */
export function listField(context: BuildContext, value: unknown, key: string, field = key): unknown[] {
  if (!isObject(value) || !has(value, key)) return [];
  const child = value[key];
  if (Array.isArray(child)) return child;
  if (child === null) return [];
  const found = isObject(child) ? 'an object' : `${typeof child} ${JSON.stringify(child)}`;
  throw new InputError(
    `${context.origin}: ${field} is ${found}, not a list: write it as a list of its entries ([{...}]); ${context.fix}`,
  );
}
