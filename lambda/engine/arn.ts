/**
 * ARN parsing and caller identification.
 *
 * ARN format: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`; the resource part may itself hold
 * `:` and `/`. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** The five fields of an ARN after `arn:`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  /** Empty for ARNs without an account (S3 buckets and objects). */
  account: string;
  resource: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** Whether `text` is a bare 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/** Parses an ARN; undefined when `text` is not one. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const colons = [3];
  for (let i = 0; i < 4; i++) {
    const next = text.indexOf(':', colons[i] + 1);
    if (next < 0) return undefined;
    colons.push(next);
  }
  const field = (i: number) => text.slice(colons[i] + 1, colons[i + 1]);
  const partition = field(0);
  const service = field(1);
  if (partition === '' || service === '') return undefined;
  return { partition, service, region: field(2), account: field(3), resource: text.slice(colons[4] + 1) };
}

/** The account that owns the resource named by `arn`, when its ARN says. */
export function accountOfArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let colon = 3;
  for (let field = 0; field < 3; field++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon < 0) return undefined;
  }
  const end = arn.indexOf(':', colon + 1);
  return end > colon + 1 ? arn.slice(colon + 1, end) : undefined;
}

/** Kinds of caller the engine distinguishes (docs/formats/requests.md, `principal`). */
export const CALLER_KINDS = ['role', 'session', 'user', 'service', 'other'] as const;
export type CallerKind = (typeof CALLER_KINDS)[number];

/**
 * The caller of a request, resolved once per request.
 *
 * A role given by its ARN is evaluated as a session of that role that no policy names by its
 * session ARN (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
export interface Caller {
  readonly kind: CallerKind;
  /** The principal string as given. */
  arn: string;
  partition: string;
  /** undefined for service principals. */
  account?: string;
  /** For roles and sessions: the role's name (the last segment of its path). */
  roleName?: string;
  /** For sessions: the session name. */
  sessionName?: string;
  /** For users: the user's name (the last segment of its path). */
  userName?: string;
  /**
   * `aws:PrincipalArn`: a session's role ARN (`roleArn` if given, else the path-less role ARN),
   * else the caller's ARN. See
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
   */
  principalArn: string;
}

/** Whether `principal` is an AWS service principal (`sagemaker.amazonaws.com`). */
export function isServicePrincipal(principal: string): boolean {
  return !principal.startsWith('arn:') && principal.includes('.');
}

function lastSegment(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

/**
 * Resolves the caller of a request: a role, a role session
 * (`arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`), an IAM user, a service principal, or anything
 * else (federated user, root), which is matched only by its exact ARN and its account.
 */
export function resolveCaller(principal: string, roleArn?: string): Caller {
  let byRole = callers.get(principal);
  if (byRole === undefined) {
    if (callers.size >= CALLER_CACHE_LIMIT) callers.clear();
    byRole = new Map();
    callers.set(principal, byRole);
  }
  const roleKey = roleArn ?? '';
  let caller = byRole.get(roleKey);
  if (caller === undefined) {
    caller = parseCaller(principal, roleArn);
    byRole.set(roleKey, caller);
  }
  return caller;
}

// A batch asks for the same few callers again and again.
const CALLER_CACHE_LIMIT = 1024;
const callers = new Map<string, Map<string, Caller>>();

function parseCaller(principal: string, roleArn?: string): Caller {
  const arn = parseArn(principal);
  if (!arn) {
    const kind: CallerKind = isServicePrincipal(principal) ? 'service' : 'other';
    return { kind, arn: principal, partition: 'aws', principalArn: principal };
  }
  const base = { arn: principal, partition: arn.partition, account: arn.account };
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    return { ...base, kind: 'role', roleName: lastSegment(arn.resource), principalArn: principal };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    return { ...base, kind: 'user', userName: lastSegment(arn.resource), principalArn: principal };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const [, roleName = '', ...session] = arn.resource.split('/');
    const pathless = `arn:${arn.partition}:iam::${arn.account}:role/${roleName}`;
    return {
      ...base,
      kind: 'session',
      roleName,
      sessionName: session.join('/'),
      principalArn: roleArn ?? pathless,
    };
  }
  return { ...base, kind: 'other', principalArn: principal };
}
