/**
 * Caller identification: who a request's principal is. ARNs are read by the project's one ARN
 * module (lambda/arn.ts, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
import { DEFAULT_PARTITION, parseArn, roleArn as pathlessRoleArn } from '../arn';
import { BoundedMemo } from '../memo';

/** Kinds of caller the engine distinguishes (docs/formats/requests.md, `principal`). */
type CallerKind = 'role' | 'session' | 'user' | 'service' | 'other';

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
function isServicePrincipal(principal: string): boolean {
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
  const byRole = callers.get(principal, newCallerMap);
  const roleKey = roleArn ?? '';
  let caller = byRole.get(roleKey);
  if (caller === undefined) {
    caller = parseCaller(principal, roleArn);
    byRole.set(roleKey, caller);
  }
  return caller;
}

// A batch asks for the same few callers again and again: by principal, then by role ARN.
const callers = new BoundedMemo<string, Map<string, Caller>>(1024);

const newCallerMap = (): Map<string, Caller> => new Map();

function parseCaller(principal: string, roleArn?: string): Caller {
  const arn = parseArn(principal);
  if (!arn) {
    const kind: CallerKind = isServicePrincipal(principal) ? 'service' : 'other';
    return { kind, arn: principal, partition: DEFAULT_PARTITION, principalArn: principal };
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
    const pathless = pathlessRoleArn(arn.partition, arn.account, roleName);
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
