/**
 * KMS grants (https://docs.aws.amazon.com/kms/latest/developerguide/grants.html): a grant whose grantee matches the caller, whose operations include
 * the action and whose constraints hold stands in for the key policy's and the identity
 * policies' Allow. https://docs.aws.amazon.com/kms/latest/developerguide/grants.html
 */
import { BoundedMemo } from '../memo';
import type { Caller } from './arn';
import type { NormalizedContext } from './context';
import { compilePrincipal, type PrincipalMatcher, type PrincipalMatchKind } from './principal';
import type { KmsGrant, RequestContext } from './types';

/** A grant that covers the request, and how its grantee names the caller. */
export interface GrantMatch {
  grant: KmsGrant;
  /** `account`: a grant to the caller's account, which (like a key policy naming the account) needs an IAM Allow too. */
  kind: Exclude<PrincipalMatchKind, 'none'>;
}

// Grant constraints apply only to cryptographic operations, which take an encryption context;
// not to DescribeKey, RetireGrant, nor to CreateGrant (there they bound the grants created):
// https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html
const UNCONSTRAINED_OPERATIONS = new Set(['describekey', 'retiregrant', 'creategrant']);

const CONTEXT_PREFIX = 'kms:encryptioncontext:';

/** The request's encryption context from its `kms:EncryptionContext:K` keys (K lower-cased). */
function encryptionContextKeys(context: RequestContext | undefined): Set<string> {
  const keys = new Set<string>();
  for (const key of Object.keys(context ?? {})) {
    const lower = key.toLowerCase();
    if (lower.startsWith(CONTEXT_PREFIX)) keys.add(lower.slice(CONTEXT_PREFIX.length));
  }
  return keys;
}

// In a grant constraint the encryption context key is case-insensitive and the value
// case-sensitive (GrantConstraints, KMS API Reference, link above).
function constraintsHold(grant: KmsGrant, ctx: NormalizedContext, context: RequestContext | undefined): boolean {
  const { EncryptionContextSubset: subset, EncryptionContextEquals: equals } = grant.Constraints ?? {};
  const holds = (pairs: Record<string, string>) =>
    Object.entries(pairs).every(([key, value]) => ctx.get(`kms:EncryptionContext:${key}`)?.includes(value) ?? false);
  if (subset !== undefined && !holds(subset)) return false;
  if (equals !== undefined) {
    if (!holds(equals)) return false;
    const wanted = new Set(Object.keys(equals).map((key) => key.toLowerCase()));
    for (const key of encryptionContextKeys(context)) if (!wanted.has(key)) return false;
  }
  return true;
}

// A batch names the same few grantees again and again.
const grantees = new BoundedMemo<string, PrincipalMatcher>(1024);

const compileGrantee = (grantee: string): PrincipalMatcher => compilePrincipal({ AWS: [grantee] });

function granteeMatcher(grantee: string): PrincipalMatcher {
  return grantees.get(grantee, compileGrantee);
}

/**
 * The strongest grant that covers `action` (`kms:Decrypt`) for `caller`, or undefined.
 * A grant to a role ARN covers the role's sessions.
 */
export function findGrant(
  grants: readonly KmsGrant[] | undefined,
  caller: Caller,
  action: string,
  ctx: NormalizedContext,
  context: RequestContext | undefined,
): GrantMatch | undefined {
  if (!grants || grants.length === 0) return undefined;
  const operation = action.toLowerCase().replace(/^kms:/, '');
  let best: GrantMatch | undefined;
  for (const grant of grants) {
    if (!grant.Operations.some((op) => op.toLowerCase() === operation)) continue;
    const kind = granteeMatcher(grant.GranteePrincipal).match(caller);
    if (kind === 'none') continue;
    if (!UNCONSTRAINED_OPERATIONS.has(operation) && !constraintsHold(grant, ctx, context)) continue;
    if (best === undefined || (best.kind === 'account' && kind !== 'account')) best = { grant, kind };
  }
  return best;
}
