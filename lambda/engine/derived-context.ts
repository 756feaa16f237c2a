/**
 * The condition keys the engine derives from the request when the context lacks them
 * (contract 2.3). AWS sets these global keys on every request:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { Caller } from './arn';
import type { RequestContext } from './types';

/** `aws:PrincipalType` by caller kind; other callers (root, federated users) get none. */
const PRINCIPAL_TYPE: Partial<Record<Caller['kind'], string>> = {
  role: 'AssumedRole',
  session: 'AssumedRole',
  user: 'User',
};

/**
 * The request context with the derived keys added where absent (keys compared
 * case-insensitively by normalizeContext, as condition keys are).
 *
 * For an IAM caller: `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`,
 * `aws:ResourceAccount` (when known), `aws:SecureTransport` = `true`,
 * `aws:PrincipalIsAWSService` = `false`. For an AWS service principal only
 * `aws:PrincipalIsAWSService` = `true`: the service's request carries no IAM identity, and the
 * trust check of contract 6 names its keys itself.
 */
export function deriveContext(
  context: RequestContext | undefined,
  caller: Caller,
  resourceAccount: string | undefined,
): RequestContext {
  const derived: RequestContext = {};
  if (caller.kind === 'service') {
    derived['aws:PrincipalIsAWSService'] = 'true';
  } else {
    derived['aws:PrincipalArn'] = caller.principalArn;
    if (caller.account !== undefined && caller.account !== '') derived['aws:PrincipalAccount'] = caller.account;
    const principalType = PRINCIPAL_TYPE[caller.kind];
    if (principalType !== undefined) derived['aws:PrincipalType'] = principalType;
    if (resourceAccount !== undefined) derived['aws:ResourceAccount'] = resourceAccount;
    derived['aws:SecureTransport'] = 'true';
    derived['aws:PrincipalIsAWSService'] = 'false';
  }
  // Keys given in the request win; a key differing only by case comes later and wins in
  // normalizeContext, which reads keys case-insensitively.
  return context === undefined ? derived : Object.assign(derived, context);
}
