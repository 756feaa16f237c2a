/**
 * Matching of a resource policy's `Principal` / `NotPrincipal` element against the caller.
 *
 * Rules (docs/engine.md, "The model", IAM User Guide "AWS JSON policy elements: Principal",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 * a role ARN matches the role's sessions; a session ARN that session; an account
 * (`arn:aws:iam::ACCT:root` or the bare 12-digit id) every principal of that account; `*` and
 * `{"AWS": "*"}` everyone; `{"Service": ...}` that service. IAM stores a role principal as the
 * role's ARN with its path, while a session ARN carries only the role's name: sessions are
 * matched to roles by account and role name.
 */
import { isAccountId, parseArn } from '../arn';
import type { Caller } from './arn';

/**
 * How a principal element names the caller, from weakest to strongest:
 * - `none`: it does not;
 * - `account`: through the caller's account (this only delegates to the account's IAM policies);
 * - `role`: through the caller's role ARN, or `*` (a grant that the boundary and the session
 *   policy still limit);
 * - `exact`: the session ARN, the user ARN, the service, or the caller's exact ARN.
 */
export type PrincipalMatchKind = 'none' | 'account' | 'role' | 'exact';

const RANK: Record<PrincipalMatchKind, number> = { none: 0, account: 1, role: 2, exact: 3 };

/** The stronger of two match kinds. */
export function strongerMatch(a: PrincipalMatchKind, b: PrincipalMatchKind): PrincipalMatchKind {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A compiled `Principal` element. */
export interface PrincipalMatcher {
  match(caller: Caller): PrincipalMatchKind;
}

type Entry =
  | { kind: 'everyone' }
  | { kind: 'account'; account: string }
  | { kind: 'role'; partition: string; account: string; roleName: string }
  | { kind: 'user'; partition: string; account: string; userName: string }
  | { kind: 'session'; partition: string; account: string; roleName: string; sessionName: string }
  | { kind: 'service'; service: string }
  | { kind: 'anyService' }
  | { kind: 'exact'; text: string };

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function compileAwsEntry(text: string): Entry {
  if (text === '*') return { kind: 'everyone' };
  if (isAccountId(text)) return { kind: 'account', account: text };
  const arn = parseArn(text);
  if (!arn) return { kind: 'exact', text };
  const { partition, account, resource } = arn;
  if (arn.service === 'iam' && resource === 'root') return { kind: 'account', account };
  if (arn.service === 'iam' && resource.startsWith('role/')) {
    return { kind: 'role', partition, account, roleName: lastSegment(resource) };
  }
  if (arn.service === 'iam' && resource.startsWith('user/')) {
    return { kind: 'user', partition, account, userName: lastSegment(resource) };
  }
  if (arn.service === 'sts' && resource.startsWith('assumed-role/')) {
    const [, roleName = '', ...session] = resource.split('/');
    return { kind: 'session', partition, account, roleName, sessionName: session.join('/') };
  }
  return { kind: 'exact', text };
}

function compileEntry(key: string, text: string): Entry {
  if (key === 'AWS') return compileAwsEntry(text);
  if (key === 'Service')
    return text === '*' ? { kind: 'anyService' } : { kind: 'service', service: text.toLowerCase() };
  return { kind: 'exact', text };
}

function matchEntry(entry: Entry, caller: Caller): PrincipalMatchKind {
  switch (entry.kind) {
    case 'everyone':
      return 'role';
    case 'account':
      return caller.kind !== 'service' && caller.account === entry.account ? 'account' : 'none';
    case 'role':
      return (caller.kind === 'role' || caller.kind === 'session') &&
        caller.partition === entry.partition &&
        caller.account === entry.account &&
        caller.roleName === entry.roleName
        ? 'role'
        : 'none';
    case 'user':
      return caller.kind === 'user' &&
        caller.partition === entry.partition &&
        caller.account === entry.account &&
        caller.userName === entry.userName
        ? 'exact'
        : 'none';
    case 'session':
      return caller.kind === 'session' &&
        caller.partition === entry.partition &&
        caller.account === entry.account &&
        caller.roleName === entry.roleName &&
        caller.sessionName === entry.sessionName
        ? 'exact'
        : 'none';
    case 'service':
      return caller.kind === 'service' && caller.arn.toLowerCase() === entry.service ? 'exact' : 'none';
    case 'anyService':
      return caller.kind === 'service' ? 'exact' : 'none';
    case 'exact':
      return caller.arn === entry.text ? 'exact' : 'none';
  }
}

/**
 * Compiles a `Principal` element normalised to `'*'` or a map of principal type (`AWS`,
 * `Service`, `Federated`, `CanonicalUser`) to a list of principals.
 */
export function compilePrincipal(element: Record<string, string[]> | '*'): PrincipalMatcher {
  const entries: Entry[] = [];
  if (element === '*') entries.push({ kind: 'everyone' });
  else {
    for (const key in element) {
      if (Object.hasOwn(element, key)) for (const value of element[key]) entries.push(compileEntry(key, value));
    }
  }
  return {
    match(caller) {
      let best: PrincipalMatchKind = 'none';
      for (const entry of entries) {
        best = strongerMatch(best, matchEntry(entry, caller));
        if (best === 'exact') break;
      }
      return best;
    },
  };
}

/**
 * Compiles a `NotPrincipal` element: the statement applies to every caller that the element does
 * not name. Such a statement names no one in particular, so an Allow through it counts like `*`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function compileNotPrincipal(element: Record<string, string[]> | '*'): PrincipalMatcher {
  const named = compilePrincipal(element);
  return { match: (caller) => (named.match(caller) === 'none' ? 'role' : 'none') };
}
