/**
 * The one inline policy of a role that gathers every identity fix (docs/formats/report.md,
 * "Patch"): `SageMakerAccessDoctor`, the same for every job of the role, so that fixes do not
 * pile up one policy per job. `put-role-policy` replaces a policy of the same name, so the
 * document keeps what the role already holds under that name and merges the new grants into it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 */
import type { NamedPolicy } from '../../evidence/evidence';
import type { DraftFinding } from '../findings';
import type { RoleLayers } from '../layers';
import { valueOr } from '../layers';
import type { Patch } from '../report';
import * as cli from './commands';
import { accessesOf, layerDenies, type PatchContext, uniqueSids, checksOf } from './context';
import { compact, decodeDocument, type PolicyObject, type Statement } from './document';
import { formatSize, overQuota, policySize, QUOTAS } from './quotas';
import { statementsFor } from './statements';

/** The inline policy name of every role fix. */
export const ROLE_POLICY_NAME = 'SageMakerAccessDoctor';

const asList = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

const oneOrMany = (values: string[]): string | string[] => (values.length === 1 ? values[0] : values);

const actionSet = (action: unknown): string =>
  JSON.stringify(
    asList(action)
      .map((a) => a.toLowerCase())
      .sort(),
  );

/** A plain Allow of actions on resources (maybe with a condition): one we can add resources to. */
const extensible = (s: Statement): boolean =>
  s.Effect === 'Allow' &&
  s.Action !== undefined &&
  s.Resource !== undefined &&
  Object.keys(s).every((key) => ['Sid', 'Effect', 'Action', 'Resource', 'Condition'].includes(key));

/** A condition that is only `StringLike s3:prefix`: two of them on one bucket merge their prefixes. */
function prefixesOf(condition: unknown): string[] | undefined {
  if (typeof condition !== 'object' || condition === null) return undefined;
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1 || entries[0][0] !== 'StringLike') return undefined;
  const keys = Object.entries(entries[0][1] as Record<string, unknown>);
  if (keys.length !== 1 || keys[0][0] !== 's3:prefix') return undefined;
  return asList(keys[0][1]);
}

const union = (a: string[], b: string[]): string[] => [...a, ...b.filter((x) => !a.includes(x))];

/**
 * The statements of the policy with the new grants merged in: a grant of the same actions and
 * condition as a statement it holds adds its resources there (so daily jobs of a role widen one
 * statement instead of adding one each); a ListBucket of the same bucket adds its prefixes; any
 * other grant is a statement of its own, with a Sid the policy does not use yet.
 */
export function mergeGrants(kept: Statement[], added: Statement[]): Statement[] {
  const out = kept.map((s) => ({ ...s }));
  const fresh: Statement[] = [];
  for (const grant of added) {
    const candidates = out.filter((s) => extensible(s) && actionSet(s.Action) === actionSet(grant.Action));
    const sameCondition = candidates.find(
      (s) => JSON.stringify(s.Condition ?? null) === JSON.stringify(grant.Condition ?? null),
    );
    if (sameCondition) {
      sameCondition.Resource = oneOrMany(union(asList(sameCondition.Resource), asList(grant.Resource)));
      continue;
    }
    const grantPrefixes = prefixesOf(grant.Condition);
    const sameBucket = grantPrefixes
      ? candidates.find((s) => prefixesOf(s.Condition) && actionSet(s.Resource) === actionSet(grant.Resource))
      : undefined;
    if (sameBucket && grantPrefixes) {
      const prefixes = union(prefixesOf(sameBucket.Condition)!, grantPrefixes);
      sameBucket.Condition = { StringLike: { 's3:prefix': prefixes } };
      continue;
    }
    fresh.push(grant);
  }
  return [...out, ...uniqueSids(out, fresh)];
}

/** A service-linked role: AWS owns its policies, which nobody can edit or add to. */
export function isServiceLinked(role: RoleLayers): boolean {
  const path = valueOr(role.role, null)?.path;
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
  return (path ?? role.arn).includes('/aws-service-role/');
}

/** What the role holds under the policy name already: its statements, or why they are not known. */
export function earlierStatements(policy: NamedPolicy | undefined): { statements: Statement[]; unreadable?: string } {
  if (!policy) return { statements: [] };
  if (!policy.document.known) return { statements: [], unreadable: policy.document.why };
  const document = decodeDocument(policy.document.value);
  return document ? { statements: document.Statement } : { statements: [], unreadable: 'it is not a policy document' };
}

/** The size IAM counts for all the role's other inline policies, and those it cannot count. */
function otherInlineSize(policies: NamedPolicy[]): { size: number; unknown: string[] } {
  const counting = QUOTAS.roleInlinePolicies.counting;
  let size = 0;
  const unknown: string[] = [];
  for (const policy of policies) {
    const document = policy.document.known ? decodeDocument(policy.document.value) : undefined;
    if (document) size += policySize(document, counting);
    else unknown.push(policy.name);
  }
  return { size, unknown };
}

/** The manual patch of a role fix that IAM would refuse: the quota, and where the grants can go. */
function overInlineQuota(role: RoleLayers, grants: PolicyObject, total: number): Patch {
  const managed = QUOTAS.managedPolicy;
  const grantsSize = policySize(grants, managed.counting);
  const name = `${ROLE_POLICY_NAME}-${role.roleName}`.slice(0, 128);
  const steps = [
    overQuota(
      `All inline policies of role '${role.roleName}' together, with these grants in '${ROLE_POLICY_NAME}',`,
      total,
      QUOTAS.roleInlinePolicies,
    ),
    grantsSize <= managed.limit
      ? `Put the grants of this patch (its document, ${formatSize(grantsSize, managed.counting)}) in a customer managed policy, whose quota is ${formatSize(managed.limit, managed.counting)} (${managed.source}), and attach it to the role: aws iam create-policy --policy-name ${name} --policy-document file://grants.json, then aws iam attach-role-policy --role-name ${role.roleName} --policy-arn arn:aws:iam::${role.account}:policy/${name}.`
      : `The grants alone are ${formatSize(grantsSize, managed.counting)}, over the ${formatSize(managed.limit, managed.counting)} of a managed policy (${managed.source}): split them over several customer managed policies attached to the role, or remove inline statements the role no longer needs.`,
  ];
  return { kind: 'manual', target: role.arn, account: role.account, document: grants, steps };
}

/** The inline policy that grants every identity fix of one role, or null when it would not lift them. */
export function rolePatch(ctx: PatchContext, drafts: DraftFinding[]): Patch | null {
  const role = checksOf(drafts[0])[0].role;
  const inline = valueOr(role.role, null)?.inlinePolicies ?? [];
  const earlier = earlierStatements(inline.find((p) => p.name === ROLE_POLICY_NAME));
  const added = statementsFor(accessesOf(drafts));
  const document: PolicyObject = { Version: '2012-10-17', Statement: mergeGrants(earlier.statements, added) };
  const compiled = ctx.compile(document, { policyType: 'identity', name: ROLE_POLICY_NAME });
  if (!compiled) return null;
  const overrides = { extraIdentityPolicy: compiled };
  const fixed = drafts.every((d) => checksOf(d).every((c) => !layerDenies(ctx.rejudge(c, overrides), 'identity')));
  if (!fixed) return null;

  const quota = QUOTAS.roleInlinePolicies;
  const others = otherInlineSize(inline.filter((p) => p.name !== ROLE_POLICY_NAME));
  const total = others.size + policySize(document, quota.counting);
  if (total > quota.limit) return overInlineQuota(role, { Version: '2012-10-17', Statement: added }, total);
  const steps: string[] = [];
  if (earlier.unreadable !== undefined)
    steps.push(
      `The inline policy '${ROLE_POLICY_NAME}' that role '${role.roleName}' already holds could not be read (${earlier.unreadable}), so this document does not keep its statements and putting it replaces them: first add them from aws iam get-role-policy --role-name ${role.roleName} --policy-name ${ROLE_POLICY_NAME}.`,
    );
  if (others.unknown.length > 0)
    steps.push(
      `The size of inline ${others.unknown.length === 1 ? 'policy' : 'policies'} ${others.unknown.map((n) => `'${n}'`).join(', ')} could not be read: IAM refuses the policy if all inline policies of the role together exceed ${formatSize(quota.limit, quota.counting)} (${quota.source}).`,
    );
  return {
    kind: 'role-inline-policy',
    target: role.arn,
    account: role.account,
    policyName: ROLE_POLICY_NAME,
    document,
    ...(steps.length > 0 && { steps }),
    commands: [cli.putRolePolicy(role.roleName, ROLE_POLICY_NAME, document)],
  };
}

/**
 * Every fix of a service-linked role is manual: its policies and trust policy are AWS's own. The
 * job needs an execution role of its own, granted what the checks found missing.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
export function serviceLinkedPatch(role: RoleLayers, drafts: DraftFinding[]): Patch {
  // Its trust policy's fix is the new role's trust policy, named below.
  const grants = statementsFor(accessesOf(drafts.filter((d) => d.verdict?.check.target.kind !== 'trust')));
  const needs = grants.map(
    (s) =>
      `${asList(s.Action).join(', ')} on ${asList(s.Resource).join(', ')}${s.Condition ? ` (${compact(s.Condition)})` : ''}`,
  );
  return {
    kind: 'manual',
    target: role.arn,
    account: role.account,
    steps: [
      `Role '${role.roleName}' is a service-linked role (path /aws-service-role/): AWS defines its permissions and trust policy, which cannot be edited or added to (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html). It is not meant to be a job's execution role.`,
      `Create an execution role that sagemaker.amazonaws.com may assume (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html), ${needs.length > 0 ? `allow it what this job needs: ${needs.join('; ')}; ` : ''}and run the job again with that role.`,
    ],
  };
}
