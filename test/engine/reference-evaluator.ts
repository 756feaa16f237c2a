/**
 * A deliberately naive evaluator written straight from docs/engine.md, independent of
 * lambda/engine: regular expressions built per call, no compilation, no caching, resource sets
 * checked by enumerating their members over a small alphabet. Slow on purpose; used only to diff
 * against `evaluate` on generated requests (reference.test.ts).
 *
 * Supported input (what the generator produces): object documents; conditions StringEquals,
 * StringNotEquals, StringLike, StringEqualsIfExists, Bool, Null, ArnLike,
 * ForAnyValue:StringEquals, ForAllValues:StringEquals; the policy variable ${aws:PrincipalTag/t};
 * request resource sets of the form PREFIX* whose members are PREFIX followed by letters of
 * SET_ALPHABET.
 */

/** Letters the generator uses after a set prefix, plus one letter no pattern holds. */
export const SET_ALPHABET = ['a', 'b', '/', 'z'];
const SET_SUFFIX_MAX = 5;

type Doc = { Statement?: unknown };
type Stmt = Record<string, unknown>;
type Ctx = Record<string, string | string[]>;

export interface RefRequest {
  principal: string;
  roleArn?: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Ctx;
  identityPolicies?: Doc[];
  permissionBoundaries?: Doc[];
  resourcePolicy?: Doc | null;
  scps?: Doc[][];
  rcps?: Doc[][];
  vpcEndpointPolicies?: Doc[];
  sessionPolicy?: Doc | null;
  kmsGrants?: {
    GranteePrincipal: string;
    Operations: string[];
    Constraints?: { EncryptionContextSubset?: Record<string, string> };
  }[];
}

export interface RefResult {
  decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Unknown';
  blockedBy: string[];
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const statements = (doc: Doc): Stmt[] => list0(doc.Statement);
function list0(v: unknown): Stmt[] {
  return v === undefined ? [] : Array.isArray(v) ? (v as Stmt[]) : [v as Stmt];
}

function globRegex(pattern: string, ignoreCase: boolean): RegExp {
  let source = '';
  for (const ch of pattern) source += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
}

function ctxGet(ctx: Ctx, key: string): string[] | undefined {
  for (const k of Object.keys(ctx)) if (k.toLowerCase() === key.toLowerCase()) return list(ctx[k]);
  return undefined;
}

/** Substitutes ${aws:PrincipalTag/t}; null when it has no value. */
function substitute(pattern: string, ctx: Ctx): string | null {
  const m = /\$\{([^}]+)\}/.exec(pattern);
  if (!m) return pattern;
  const value = ctxGet(ctx, m[1]);
  if (!value || value.length !== 1) return null;
  return substitute(pattern.replace(m[0], value[0]), ctx);
}

/** Every member of a set resource PREFIX* up to SET_SUFFIX_MAX letters. */
function members(prefix: string): string[] {
  let level = [''];
  const all = [''];
  for (let n = 0; n < SET_SUFFIX_MAX; n++) {
    level = level.flatMap((s) => SET_ALPHABET.map((c) => s + c));
    all.push(...level);
  }
  return all.map((s) => prefix + s);
}

function patternReaches(pattern: string, resource: string, ctx: Ctx, every: boolean): boolean {
  const text = substitute(pattern, ctx);
  if (text === null) return false;
  const re = globRegex(text, false);
  if (resource === '*' || !resource.includes('*')) return re.test(resource);
  const all = members(resource.slice(0, resource.indexOf('*')));
  return every ? all.every((r) => re.test(r)) : all.some((r) => re.test(r));
}

/**
 * Whether the statement's resource element applies; undefined when a NotResource pattern has a
 * variable without a value and no other pattern excludes the resource (docs/engine.md, "Fail-open review").
 */
function resourceMatches(s: Stmt, resource: string, ctx: Ctx): boolean | undefined {
  const allow = s.Effect === 'Allow';
  if ('Resource' in s && !list(s.Resource).some((p) => patternReaches(p, resource, ctx, allow))) return false;
  if ('NotResource' in s) {
    const patterns = list(s.NotResource);
    if (patterns.some((p) => patternReaches(p, resource, ctx, !allow))) return false;
    if (patterns.some((p) => substitute(p, ctx) === null)) return undefined;
  }
  return true;
}

function conditionHolds(cond: unknown, ctx: Ctx): boolean {
  if (cond === undefined) return true;
  for (const [op, block] of Object.entries(cond as Record<string, Record<string, unknown>>)) {
    for (const [key, raw] of Object.entries(block)) {
      const wanted = list(raw);
      const have = ctxGet(ctx, key);
      let ok: boolean;
      switch (op) {
        case 'StringEquals':
          ok = have !== undefined && have.some((h) => wanted.includes(h));
          break;
        case 'StringNotEquals':
          ok = have === undefined || !have.some((h) => wanted.includes(h));
          break;
        case 'StringLike':
          ok = have !== undefined && have.some((h) => wanted.some((w) => globRegex(w, false).test(h)));
          break;
        case 'StringEqualsIfExists':
          ok = have === undefined || have.some((h) => wanted.includes(h));
          break;
        case 'Bool':
          ok = have !== undefined && have.some((h) => wanted.some((w) => w.toLowerCase() === h.toLowerCase()));
          break;
        case 'Null':
          ok = wanted.some((w) => (w === 'true' ? have === undefined : have !== undefined));
          break;
        case 'ArnLike':
          ok = have !== undefined && have.some((h) => wanted.some((w) => globRegex(w, false).test(h)));
          break;
        case 'ForAnyValue:StringEquals':
          ok = have !== undefined && have.some((h) => wanted.includes(h));
          break;
        case 'ForAllValues:StringEquals':
          ok = have === undefined || have.every((h) => wanted.includes(h));
          break;
        default:
          throw new Error(`reference evaluator: unsupported operator ${op}`);
      }
      if (!ok) return false;
    }
  }
  return true;
}

interface Who {
  arn: string;
  service: boolean;
  account: string;
  /** arn:aws:iam::A:role/NAME without path, for roles and sessions. */
  roleName?: string;
}

function who(principal: string): Who {
  if (!principal.startsWith('arn:')) return { arn: principal, service: true, account: '' };
  const account = principal.split(':')[4];
  const res = principal.split(':').slice(5).join(':');
  if (res.startsWith('assumed-role/')) return { arn: principal, service: false, account, roleName: res.split('/')[1] };
  if (res.startsWith('role/')) return { arn: principal, service: false, account, roleName: res.split('/').pop() };
  return { arn: principal, service: false, account };
}

/** 'none' | 'account' | 'direct' | 'session' : how one principal string names the caller. */
function names(p: string, key: string, caller: Who): 'none' | 'account' | 'direct' | 'session' {
  if (key === 'Service') return caller.service && caller.arn === p ? 'session' : 'none';
  if (key !== 'AWS') return caller.arn === p ? 'session' : 'none';
  if (p === '*') return 'direct';
  if (caller.service) return 'none';
  if (p === caller.account || p === `arn:aws:iam::${caller.account}:root`) return 'account';
  const roleMatch = /^arn:aws:iam::(\d+):role\/(?:.*\/)?([^/]+)$/.exec(p);
  if (roleMatch)
    return caller.roleName !== undefined && roleMatch[1] === caller.account && roleMatch[2] === caller.roleName
      ? 'direct'
      : 'none';
  const isRoleCaller = /:role\//.test(caller.arn);
  return p === caller.arn && !isRoleCaller ? 'session' : 'none';
}

const RANK = { none: 0, account: 1, direct: 2, session: 3 } as const;

function principalKind(s: Stmt, caller: Who, hasBoundary: boolean): keyof typeof RANK {
  const element = s.Principal ?? undefined;
  // A Deny's NotPrincipal never excludes a principal with a permissions boundary:
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  const not = hasBoundary && s.Effect === 'Deny' ? undefined : (s.NotPrincipal ?? undefined);
  const kindOf = (el: unknown): keyof typeof RANK => {
    if (el === '*') return 'direct';
    let best: keyof typeof RANK = 'none';
    for (const [key, values] of Object.entries(el as Record<string, unknown>)) {
      for (const v of list(values)) {
        const k = names(v, key, caller);
        if (RANK[k] > RANK[best]) best = k;
      }
    }
    return best;
  };
  // A resource-attached statement must name principals: without one an Allow grants no one and a
  // Deny applies to everyone (docs/engine.md, "Fail-open review").
  if (element === undefined && s.NotPrincipal === undefined) return s.Effect === 'Allow' ? 'none' : 'direct';
  let kind: keyof typeof RANK = element === undefined ? 'direct' : kindOf(element);
  if (not !== undefined) {
    if (kindOf(not) !== 'none') return 'none';
    if (element === undefined) kind = 'direct';
  }
  return kind;
}

interface Found {
  allows: number;
  denies: number;
  best: keyof typeof RANK;
}

/** The world a statement that cannot be decided is judged in: permissive (Allows apply, Denies do not) or the reverse. */
let permissiveWorld = true;
let undecidedSeen = false;

function scan(docs: Doc[], req: RefRequest, ctx: Ctx, caller: Who, withPrincipal: boolean): Found {
  const found: Found = { allows: 0, denies: 0, best: 'none' };
  for (const doc of docs) {
    for (const s of statements(doc)) {
      const actionOk =
        (!('Action' in s) || list(s.Action).some((a) => globRegex(a, true).test(req.action))) &&
        (!('NotAction' in s) || !list(s.NotAction).some((a) => globRegex(a, true).test(req.action)));
      if (!actionOk) continue;
      const reaches = resourceMatches(s, req.resource, ctx);
      if (reaches === false) continue;
      if (reaches === undefined) {
        undecidedSeen = true;
        if (permissiveWorld !== (s.Effect === 'Allow')) continue;
      }
      const hasBoundary = !caller.service && (req.permissionBoundaries ?? []).length > 0;
      const kind = withPrincipal ? principalKind(s, caller, hasBoundary) : 'direct';
      if (kind === 'none' || !conditionHolds(s.Condition, ctx)) continue;
      if (s.Effect === 'Deny') found.denies++;
      else {
        found.allows++;
        if (RANK[kind] > RANK[found.best]) found.best = kind;
      }
    }
  }
  return found;
}

/**
 * Evaluates one request by AWS's policy evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), naively;
 * a request with a statement that cannot be decided in both worlds, `Unknown` when they differ.
 */
export function referenceEvaluate(req: RefRequest): RefResult {
  permissiveWorld = true;
  undecidedSeen = false;
  const permissive = evaluateInWorld(req);
  if (!undecidedSeen) return permissive;
  permissiveWorld = false;
  const restrictive = evaluateInWorld(req);
  return restrictive.decision === permissive.decision ? permissive : { ...permissive, decision: 'Unknown' };
}

function evaluateInWorld(req: RefRequest): RefResult {
  const caller = who(req.principal);
  const resourceAccount =
    req.resourceAccount ?? (req.resource.startsWith('arn:') ? req.resource.split(':')[4] || undefined : undefined);
  const given = req.context ?? {};
  const ctx: Ctx = { ...given };
  const setIfAbsent = (k: string, v: string) => {
    if (ctxGet(given, k) === undefined) ctx[k] = v;
  };
  if (caller.service) {
    setIfAbsent('aws:PrincipalIsAWSService', 'true');
  } else {
    const principalArn = req.principal.includes(':assumed-role/')
      ? (req.roleArn ?? `arn:aws:iam::${caller.account}:role/${caller.roleName}`)
      : req.principal;
    setIfAbsent('aws:PrincipalArn', principalArn);
    setIfAbsent('aws:PrincipalAccount', caller.account);
    if (caller.roleName !== undefined) setIfAbsent('aws:PrincipalType', 'AssumedRole');
    else if (req.principal.includes(':user/')) setIfAbsent('aws:PrincipalType', 'User');
    if (resourceAccount !== undefined) setIfAbsent('aws:ResourceAccount', resourceAccount);
    setIfAbsent('aws:SecureTransport', 'true');
    setIfAbsent('aws:PrincipalIsAWSService', 'false');
  }

  // An alias ARN is not a key: https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
  const kms =
    req.action.toLowerCase().startsWith('kms:') &&
    req.resource.startsWith('arn:aws:kms:') &&
    !(req.resource.split(':')[5] ?? '').startsWith('alias/');
  const trust = req.action.toLowerCase().startsWith('sts:assumerole') && /^arn:aws:iam::\d*:role\//.test(req.resource);
  const cross = !caller.service && resourceAccount !== undefined && resourceAccount !== caller.account;
  const needsResourceAllow = caller.service || cross || kms || trust;

  let grant: 'none' | 'account' | 'principal' = 'none';
  if (kms) {
    for (const g of req.kmsGrants ?? []) {
      const op = req.action.slice(4).toLowerCase();
      if (!g.Operations.some((o) => o.toLowerCase() === op)) continue;
      const subset = g.Constraints?.EncryptionContextSubset ?? {};
      if (!Object.entries(subset).every(([k, v]) => (ctxGet(ctx, `kms:EncryptionContext:${k}`) ?? []).includes(v)))
        continue;
      const k = names(g.GranteePrincipal, 'AWS', caller);
      if (k === 'account' && grant === 'none') grant = 'account';
      if (k === 'direct' || k === 'session') grant = 'principal';
    }
  }

  const blocked: string[] = [];
  let explicit = false;
  const res = scan(req.resourcePolicy ? [req.resourcePolicy] : [], req, ctx, caller, true);
  const direct = !cross && (res.best === 'direct' || res.best === 'session');
  const directToSession = direct && res.best === 'session';
  const resourceDenies = res.denies > 0 || (needsResourceAllow && res.allows === 0 && grant === 'none');
  explicit ||= res.denies > 0;

  if (!caller.service) {
    const id = scan(req.identityPolicies ?? [], req, ctx, caller, false);
    explicit ||= id.denies > 0;
    if (id.denies > 0 || (id.allows === 0 && !direct && grant !== 'principal')) blocked.push('identity');
    for (const [layer, docs] of [['permissions-boundary', req.permissionBoundaries ?? []]] as const) {
      if (docs.length === 0) continue;
      const b = scan(docs, req, ctx, caller, false);
      explicit ||= b.denies > 0;
      if (b.denies > 0 || (b.allows === 0 && !directToSession)) blocked.push(layer);
    }
  }
  if (resourceDenies) blocked.push('resource');
  if (!caller.service) {
    const levels = req.scps ?? [];
    const scpFound = levels.map((docs) => scan(docs, req, ctx, caller, false));
    explicit ||= scpFound.some((f) => f.denies > 0);
    if (scpFound.some((f) => f.denies > 0 || f.allows === 0)) blocked.push('scp');
    const rcpFound = (req.rcps ?? []).map((docs) => scan(docs, req, ctx, caller, true));
    explicit ||= rcpFound.some((f) => f.denies > 0);
    if (rcpFound.some((f) => f.denies > 0)) blocked.push('rcp');
  }
  const endpoints = (req.vpcEndpointPolicies ?? []).map((doc) => scan([doc], req, ctx, caller, true));
  explicit ||= endpoints.some((f) => f.denies > 0);
  if (endpoints.some((f) => f.denies > 0 || f.allows === 0)) blocked.push('vpc-endpoint');
  if (!caller.service && req.sessionPolicy) {
    const s = scan([req.sessionPolicy], req, ctx, caller, false);
    explicit ||= s.denies > 0;
    if (s.denies > 0 || (s.allows === 0 && !directToSession)) blocked.push('session');
  }
  return {
    decision: explicit ? 'ExplicitlyDenied' : blocked.length > 0 ? 'ImplicitlyDenied' : 'Allowed',
    blockedBy: blocked,
  };
}
