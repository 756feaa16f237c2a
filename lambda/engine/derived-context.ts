/**
 * The condition keys the engine derives from the request when the context lacks them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). AWS sets these global keys on every request:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { Caller } from './arn';
import { normalizeContext, type NormalizedContext } from './context';
import type { RequestContext } from './types';

/** `aws:PrincipalType` by caller kind; other callers (root, federated users) get none. */
const PRINCIPAL_TYPE: Partial<Record<Caller['kind'], string>> = {
  role: 'AssumedRole',
  session: 'AssumedRole',
  user: 'User',
};

/**
 * The derived keys of a request.
 *
 * For an IAM caller: `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:ResourceAccount` (when known), `aws:SecureTransport` = `true`,
 * `aws:PrincipalIsAWSService` = `false`. For an AWS service principal only
 * `aws:PrincipalIsAWSService` = `true`: the service's request carries no IAM identity, and the
 * trust check (docs/diagnosis.md, "Checks") names its keys itself.
 */
export function derivedKeys(caller: Caller, resourceAccount: string | undefined): RequestContext {
  if (caller.kind === 'service') return { 'aws:PrincipalIsAWSService': 'true' };
  const derived: RequestContext = { 'aws:PrincipalArn': caller.principalArn };
  if (caller.account !== undefined && caller.account !== '') derived['aws:PrincipalAccount'] = caller.account;
  const principalType = PRINCIPAL_TYPE[caller.kind];
  if (principalType !== undefined) derived['aws:PrincipalType'] = principalType;
  if (resourceAccount !== undefined) derived['aws:ResourceAccount'] = resourceAccount;
  derived['aws:SecureTransport'] = 'true';
  derived['aws:PrincipalIsAWSService'] = 'false';
  return derived;
}

// The derived keys depend on the caller and the resource account only: a batch reuses them.
const derivedByCaller = new WeakMap<Caller, Map<string, NormalizedContext>>();

function derivedContext(caller: Caller, resourceAccount: string | undefined): NormalizedContext {
  let byAccount = derivedByCaller.get(caller);
  if (byAccount === undefined) {
    byAccount = new Map();
    derivedByCaller.set(caller, byAccount);
  }
  const key = resourceAccount ?? '';
  let derived = byAccount.get(key);
  if (derived === undefined) {
    derived = normalizeContext(derivedKeys(caller, resourceAccount));
    byAccount.set(key, derived);
  }
  return derived;
}

/**
 * The request context with the derived keys where it lacks them: a key the request gives (in
 * any case, as condition keys are case-insensitive) wins.
 */
export function contextWithDerivedKeys(
  context: RequestContext | undefined,
  caller: Caller,
  resourceAccount: string | undefined,
): NormalizedContext {
  const derived = derivedContext(caller, resourceAccount);
  if (context === undefined) return derived;
  const given = normalizeContext(context);
  return { get: (key) => given.get(key) ?? derived.get(key) };
}
