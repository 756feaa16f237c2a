/**
 * Patches (docs/formats/report.md, "Patch"): one inline policy per role gathering every identity fix,
 * complete new resource policies (bucket, key, repository, endpoint, trust) that keep every
 * statement they need not change, and manual steps for the rest. A patch is proposed only
 * when re-evaluating its checks with it applied lifts the layer's denial.
 */
import { accountOfArn, formatArn, s3PathOfArn } from '../../arn';
import type { PolicyType } from '../../engine/types';
import type { DraftFinding } from '../findings';
import { causeRule } from '../causes';
import type { ResourceTarget } from '../causes/cause';
import type { LayerOverrides } from '../judge';
import type { Finding, Patch } from '../report';
import * as cli from './commands';
import { accessOf, layerDenies, type PatchContext, uniqueSids, checksOf } from './context';
import { decodeDocument, emptyDocument, type PolicyObject, type Statement } from './document';
import { manualPatch } from './manual';
import { overQuota, policySize, type Quota, QUOTAS } from './quotas';
import { jobConfigPatch, keyTheJobCanSend } from './job-config';
import { isServiceLinked, rolePatch, serviceLinkedPatch } from './role';
import { statementsFor } from './statements';
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../checks/trust';

export type { PatchContext } from './context';

/** The condition that exempts the job from a Deny: its role, or, in a trust policy, SageMaker acting for the job's account. */
interface Exception {
  operator: string;
  key: string;
  value(draft: DraftFinding): string;
}

const ROLE_EXCEPTION: Exception = {
  operator: 'ArnNotEquals',
  key: 'aws:PrincipalArn',
  value: (d) => d.verdict!.check.role.arn,
};

/**
 * A service principal has no aws:PrincipalArn: in a trust policy the Deny is narrowed on the
 * SageMaker resources of the job's account instead (aws:SourceArn).
 */
const trustException = (ctx: PatchContext): Exception => ({
  operator: 'ArnNotLike',
  key: 'aws:SourceArn',
  value: () =>
    formatArn({
      partition: ctx.partition,
      service: 'sagemaker',
      region: ctx.region,
      account: ctx.jobAccount,
      resource: '*',
    }),
});

/** The Deny statements that denied, narrowed with an exception for the job. */
function narrowDenies(document: PolicyObject, drafts: DraftFinding[], layer: PolicyType, exception: Exception): void {
  for (const draft of drafts) {
    const denies = draft.verdict!.evaluation.layers.find((l) => l.policyType === layer)?.denies ?? [];
    for (const ref of denies) {
      const statement = document.Statement[ref.statementIndex];
      if (!statement) continue;
      const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const operator = (condition[exception.operator] ?? {}) as Record<string, unknown>;
      const keyName =
        Object.keys(operator).find((k) => k.toLowerCase() === exception.key.toLowerCase()) ?? exception.key;
      const current = operator[keyName];
      const values = current === undefined ? [] : Array.isArray(current) ? current.map(String) : [String(current)];
      const value = exception.value(draft);
      if (!values.includes(value)) values.push(value);
      statement.Condition = { ...condition, [exception.operator]: { ...operator, [keyName]: values } };
    }
  }
}

/** The Allow statements a resource policy needs for the accesses it did not grant. */
function grantsFor(target: ResourceTarget, drafts: DraftFinding[], ctx: PatchContext): Statement[] {
  if (target.kind === 'trust-policy') {
    return [
      {
        Sid: 'AllowSageMakerToAssumeRole',
        Effect: 'Allow',
        Principal: { Service: SAGEMAKER_SERVICE_PRINCIPAL },
        Action: 'sts:AssumeRole',
        // Confused-deputy protection: only SageMaker acting for this account.
        Condition: { StringEquals: { 'aws:SourceAccount': ctx.jobAccount } },
      },
    ];
  }
  const byRole = new Map<string, DraftFinding[]>();
  for (const d of drafts) byRole.set(d.verdict!.check.role.arn, [...(byRole.get(d.verdict!.check.role.arn) ?? []), d]);
  const out: Statement[] = [];
  for (const [roleArn, roleDrafts] of byRole) {
    const accesses = roleDrafts.map((d) => accessOf(d.verdict!.check));
    const principal = (s: Statement): Statement => {
      const { Sid, Effect, ...rest } = s;
      const statement: Statement = { Sid, Effect, Principal: { AWS: roleArn }, ...rest };
      // Key policies name the key as "*"; repository policies name no resource at all.
      if (target.kind === 'key-policy') statement.Resource = '*';
      if (target.kind === 'repository-policy') delete statement.Resource;
      return statement;
    };
    const statements = statementsFor(accesses, principal, 'AccessDoctorGrant');
    out.push(
      ...(target.kind === 'key-policy' || target.kind === 'repository-policy'
        ? mergeByActions(statements)
        : statements),
    );
  }
  return out;
}

/** Statements that became identical once their resource was dropped or made `*`. */
function mergeByActions(statements: Statement[]): Statement[] {
  const seen = new Map<string, Statement>();
  for (const s of statements) {
    const id = JSON.stringify({ ...s, Sid: undefined });
    if (!seen.has(id)) seen.set(id, s);
  }
  return [...seen.values()];
}

function resourcePatch(ctx: PatchContext, target: ResourceTarget, drafts: DraftFinding[]): Patch | null {
  const document =
    target.document === null || target.document === undefined
      ? target.kind === 'endpoint-policy'
        ? undefined
        : emptyDocument()
      : decodeDocument(target.document);
  if (!document) return null;
  const compile = (d: PolicyObject) =>
    ctx.compile(d, {
      policyType: target.layer,
      name: `patched ${target.kind} of ${target.target}`,
      arn: target.target,
    });
  const stillDenied = (d: PolicyObject): DraftFinding[] | undefined => {
    const compiled = compile(d);
    if (!compiled) return undefined;
    const overrides: LayerOverrides =
      target.layer === 'vpc-endpoint' ? { vpcEndpointPolicy: compiled } : { resourcePolicy: compiled };
    return drafts.filter((draft) => checksOf(draft).some((c) => layerDenies(ctx.rejudge(c, overrides), target.layer)));
  };
  // First narrow the Denies; then grant what the layer still lacks (a key policy, a trust
  // policy or another account's policy must also allow, once its Deny no longer applies).
  const exception = target.kind === 'trust-policy' ? trustException(ctx) : ROLE_EXCEPTION;
  // Drafts whose layer has an applicable Deny (the *_EXPLICIT_DENY causes, and a trust policy Deny).
  const explicit = drafts.filter((d) =>
    d.verdict!.evaluation.layers.some((l) => l.policyType === target.layer && l.denies.length > 0),
  );
  narrowDenies(document, explicit, target.layer, exception);
  const missing = stillDenied(document);
  if (missing === undefined) return null;
  if (missing.length > 0) {
    document.Statement.push(...uniqueSids(document.Statement, grantsFor(target, missing, ctx)));
    if (stillDenied(document)?.length !== 0) return null;
  }
  const account = accountField(target, drafts[0], ctx);
  const size = fitsQuota(target, document, account);
  if (size) return size;
  return {
    kind: target.kind,
    target: target.target,
    ...account,
    document,
    commands: [commandFor(target, document, ctx, drafts[0])],
  };
}

/** The quota of each resource policy, what it is called, and how to make room when it is full. */
const RESOURCE_QUOTAS: Record<ResourceTarget['kind'], { quota: Quota; label: string; room: string }> = {
  'bucket-policy': {
    quota: QUOTAS.bucketPolicy,
    label: 'bucket policy',
    room: 'Make room in it (statements that differ only in their resources can be one), or grant this access in an S3 access point policy instead (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html).',
  },
  'key-policy': {
    quota: QUOTAS.keyPolicy,
    label: 'key policy',
    room: 'Make room in it, or give the role a KMS grant for these operations instead of a key policy statement (aws kms create-grant; https://docs.aws.amazon.com/kms/latest/developerguide/grants.html).',
  },
  'trust-policy': {
    quota: QUOTAS.trustPolicy,
    label: 'trust policy',
    room: "Make room in it, or raise the account's 'Role trust policy length' quota (up to 4,096 characters) in Service Quotas.",
  },
  'repository-policy': {
    quota: QUOTAS.repositoryPolicy,
    label: 'repository policy',
    room: 'Make room in it (statements that differ only in their principals can be one).',
  },
  'endpoint-policy': {
    quota: QUOTAS.endpointPolicy,
    label: 'VPC endpoint policy',
    room: 'Make room in it (statements that differ only in their resources can be one).',
  },
  'statement-for-owner': {
    quota: QUOTAS.bucketPolicy,
    label: 'policy',
    room: '',
  },
};

/**
 * A manual patch naming the quota when the document would not fit it, else undefined. The
 * statements for an owner are measured alone (the owner's policy is not known): they fit if
 * the policy holds nothing else.
 */
function fitsQuota(target: ResourceTarget, document: PolicyObject, account: { account?: string }): Patch | undefined {
  const { quota, label, room } = RESOURCE_QUOTAS[target.kind];
  const size = policySize(document, quota.counting);
  if (size <= quota.limit) return undefined;
  const what = `The new ${label} of ${target.target}`;
  return { kind: 'manual', target: target.target, ...account, steps: [overQuota(what, size, quota), room] };
}

/**
 * Whose credentials a resource policy's patch needs: the role's for its trust policy, the job's
 * account for its VPC endpoint (endpoints are read there), else the resource's owner. A bucket
 * that no account of the evidence holds has no known owner: no `account` then.
 */
function accountField(target: ResourceTarget, draft: DraftFinding, ctx: PatchContext): { account?: string } {
  const check = draft.verdict!.check;
  switch (target.kind) {
    case 'trust-policy':
      return { account: check.role.account };
    case 'endpoint-policy':
      return { account: ctx.jobAccount };
    case 'key-policy':
    case 'repository-policy':
      return { account: accountOfArn(target.target) ?? check.resourceAccount };
    default:
      return check.target.kind === 's3' && check.target.evidence === undefined
        ? {}
        : { account: check.resourceAccount };
  }
}

function commandFor(target: ResourceTarget, document: PolicyObject, ctx: PatchContext, draft: DraftFinding): string {
  switch (target.kind) {
    case 'bucket-policy':
      return cli.putBucketPolicy(s3PathOfArn(target.target), document);
    case 'key-policy':
      return cli.putKeyPolicy(target.target, document);
    case 'repository-policy':
      return cli.setRepositoryPolicy(target.target, document);
    case 'trust-policy':
      return cli.updateAssumeRolePolicy(draft.verdict!.check.role.roleName, document);
    case 'endpoint-policy':
      return cli.modifyVpcEndpoint(target.target, ctx.region, document);
    case 'statement-for-owner':
      // Never a resource patch of ours: the owner adds these statements (ownerPatch).
      throw new Error('a statement for the owner has no command of ours');
  }
}

const strip = (draft: DraftFinding, patch: Patch | null): Finding => {
  const { verdict: _verdict, merged: _merged, layer: _layer, ...finding } = draft;
  return { ...finding, patch };
};

export function attachPatches(ctx: PatchContext, drafts: DraftFinding[]): Finding[] {
  const patches = new Map<DraftFinding, Patch | null>();
  // One inline policy per role, for all its identity fixes.
  const byRole = new Map<string, DraftFinding[]>();
  // One patch per resource policy, for all its fixes.
  const byResource = new Map<string, { target: ResourceTarget; drafts: DraftFinding[] }>();
  // One set of statements per other account's resource whose policy could not be read.
  const byOwner = new Map<string, { target: ResourceTarget; drafts: DraftFinding[] }>();
  // One manual patch per service-linked role, for every fix of its own policies.
  const byServiceLinkedRole = new Map<string, DraftFinding[]>();
  // One job-config patch per output and key the bucket policy demands.
  const byJobConfig = new Map<string, { key: string; drafts: DraftFinding[] }>();
  for (const d of drafts) {
    if (!d.verdict) continue;
    const patch = causeRule(d.cause)?.patch;
    if (!patch || patch.kind === 'none') continue;
    const role = d.verdict.check.role;
    const key = patch.kind === 'bucket-policy' ? keyTheJobCanSend(ctx, d) : undefined;
    if (key !== undefined) {
      const id = `${d.verdict.check.location}\u0000${key}`;
      const group = byJobConfig.get(id) ?? { key, drafts: [] };
      group.drafts.push(d);
      byJobConfig.set(id, group);
    } else if ((patch.kind === 'role-inline-policy' || patch.kind === 'trust-policy') && isServiceLinked(role)) {
      byServiceLinkedRole.set(role.arn, [...(byServiceLinkedRole.get(role.arn) ?? []), d]);
    } else if (patch.kind === 'role-inline-policy') {
      const id = d.verdict.check.role.arn;
      byRole.set(id, [...(byRole.get(id) ?? []), d]);
    } else if (patch.kind === 'manual') {
      patches.set(d, manualPatch(d, patch));
    } else {
      const target = patch.target(d.verdict.check);
      if (!target) continue;
      if (patch.kind === 'statement-for-owner') {
        const id = target.target;
        const group = byOwner.get(id) ?? { target, drafts: [] };
        group.drafts.push(d);
        byOwner.set(id, group);
        continue;
      }
      const id = `${target.kind}\u0000${target.target}`;
      const group = byResource.get(id) ?? { target, drafts: [] };
      group.drafts.push(d);
      byResource.set(id, group);
    }
  }
  for (const { key, drafts: group } of byJobConfig.values()) {
    const patch = jobConfigPatch(ctx, group, key);
    group.forEach((d) => patches.set(d, patch));
  }
  for (const group of byServiceLinkedRole.values()) {
    const patch = serviceLinkedPatch(group[0].verdict!.check.role, group);
    group.forEach((d) => patches.set(d, patch));
  }
  for (const group of byRole.values()) {
    const patch = rolePatch(ctx, group);
    group.forEach((d) => patches.set(d, patch));
  }
  for (const { target, drafts: group } of byResource.values()) {
    const patch = resourcePatch(ctx, target, group);
    group.forEach((d) => patches.set(d, patch));
  }
  for (const { target, drafts: group } of byOwner.values()) {
    const patch = ownerPatch(ctx, target, group);
    group.forEach((d) => patches.set(d, patch));
  }
  return drafts.map((d) => strip(d, patches.get(d) ?? null));
}

/**
 * The statements another account must add to its bucket, key or repository policy (kept as a
 * policy document to send it; no command: it runs with the owner's credentials, on a policy we
 * could not read). Proposed only if, as that policy, they grant every check of the group.
 */
function ownerPatch(ctx: PatchContext, target: ResourceTarget, drafts: DraftFinding[]): Patch | null {
  const document: PolicyObject = { Version: '2012-10-17', Statement: grantsFor(target, drafts, ctx) };
  const compiled = ctx.compile(document, {
    policyType: 'resource',
    name: `statements for ${target.target}`,
    arn: target.target,
  });
  if (!compiled) return null;
  const overrides = { resourcePolicy: compiled };
  const grants = drafts.every((d) =>
    checksOf(d).every((c) => {
      const layer = ctx.rejudge(c, overrides).evaluation.layers.find((l) => l.policyType === 'resource');
      return layer !== undefined && !layer.denied && layer.allows.length > 0;
    }),
  );
  if (!grants) return null;
  const account = accountField(target, drafts[0], ctx);
  const owner = RESOURCE_QUOTAS[target.kind];
  const size = policySize(document, owner.quota.counting);
  if (size > owner.quota.limit)
    return {
      kind: 'manual',
      target: target.target,
      ...account,
      steps: [overQuota(`The statements the owner of ${target.target} must add`, size, owner.quota)],
    };
  return { kind: 'statement-for-owner', target: target.target, ...account, document };
}
