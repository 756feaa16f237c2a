/**
 * The execution role from IAM: the role with its trust policy and boundary, its tags, its inline
 * policies and its attached managed policies (documents of their default versions).
 *
 * The three listings run together; each policy document is fetched as soon as its name is
 * known. Managed policy documents are cached across invocations by ARN and version: a version
 * never changes once created (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html).
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  paginateListRoleTags,
} from '@aws-sdk/client-iam';
import { type Known, known, type NamedPolicy, type RoleEvidence, unknown } from '../evidence';
import { parseRoleOrSessionArn } from '../../arn';
import { client } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { allPages, read, type ReadOptions } from './read';
import type { RoleField } from './recorder';
import { BoundedMemo } from '../../memo';

/** A managed policy with the version its document comes from (for the snapshot). */
type ManagedPolicy = NamedPolicy & { versionId?: string };

const NO_SUCH_ENTITY = new Set(['NoSuchEntity', 'NoSuchEntityException']);

/**
 * Managed policy documents by ARN and version: a version's document never changes
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html), so
 * it is read once per container; bounded, as an organization may attach many.
 */
const policyDocuments = new BoundedMemo<string, { document: unknown }>(4096);

/** Forgets the cached managed policy documents (tests). */
export function resetPolicyCache(): void {
  policyDocuments.clear();
}

export async function readRole(context: LiveContext, arn: string): Promise<Known<RoleEvidence | null>> {
  const parsed = parseRoleOrSessionArn(arn);
  if (!parsed) return unknown(`'${arn}' is not an IAM role ARN`);
  const identity = await context.access.identity(parsed.account);
  if (!identity.ok) return unknown(identity.why);
  const iam = client('iam', context.region, identity.value);
  const RoleName = parsed.roleName;
  const options = context.read;

  const role = read('iam:GetRole', options, (abortSignal) =>
    iam.send(new GetRoleCommand({ RoleName }), { abortSignal }),
  );
  const inlineNames = read('iam:ListRolePolicies', options, (abortSignal) =>
    allPages(paginateListRolePolicies({ client: iam }, { RoleName }, { abortSignal }), (page) => page.PolicyNames),
  );
  const attachedList = read('iam:ListAttachedRolePolicies', options, (abortSignal) =>
    allPages(
      paginateListAttachedRolePolicies({ client: iam }, { RoleName }, { abortSignal }),
      (page) => page.AttachedPolicies,
    ),
  );
  // The role's tags are its sessions' aws:PrincipalTag/KEY; ListRoleTags lists them all, by pages:
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
  const tagList = read('iam:ListRoleTags', options, (abortSignal) =>
    allPages(paginateListRoleTags({ client: iam }, { RoleName }, { abortSignal }), (page) => page.Tags),
  );
  const inline = inlineNames.then(async (names) =>
    names.ok ? Promise.all(names.value.map((name) => inlinePolicy(iam, options, RoleName, name))) : names,
  );
  const attached = attachedList.then(async (list) =>
    list.ok
      ? Promise.all(list.value.map((policy) => managedPolicy(iam, options, policy.PolicyArn ?? '', policy.PolicyName)))
      : list,
  );
  const boundary = role.then(async (answer) => {
    const boundaryArn = answer.ok ? answer.value.Role?.PermissionsBoundary?.PermissionsBoundaryArn : undefined;
    return boundaryArn === undefined ? null : managedPolicy(iam, options, boundaryArn);
  });

  const [roleAnswer, inlineAnswer, attachedAnswer, boundaryAnswer, tagAnswer] = await Promise.all([
    role,
    inline,
    attached,
    boundary,
    tagList,
  ]);
  if (!roleAnswer.ok && NO_SUCH_ENTITY.has(roleAnswer.code)) {
    context.recorder.role(parsed.account, null);
    return known(null);
  }
  const details = roleAnswer.ok ? roleAnswer.value.Role : undefined;
  const roleName = details?.RoleName ?? RoleName;
  // What could not be read is stated as such, never as "none": the snapshot marks those fields
  // unreadable (docs/formats/snapshot.md), and the diagnosis here sees them as the replay will.
  // An inline policy that could not be read is unknown on its own: the others, read, still
  // count (an explicit Deny in one of them decides). A list that could not be listed is one
  // `unlisted` entry: its policies' names are not known.
  const unreadable: RoleField[] = [];
  let inlinePolicies: NamedPolicy[];
  if (Array.isArray(inlineAnswer)) inlinePolicies = inlineAnswer;
  else
    inlinePolicies = [{ name: `inline policies of ${roleName}`, document: unknown(inlineAnswer.why), unlisted: true }];
  if (inlinePolicies.some((policy) => !policy.document.known)) unreadable.push('RolePolicyList');
  let attachedPolicies: ManagedPolicy[];
  if (Array.isArray(attachedAnswer)) attachedPolicies = attachedAnswer;
  else {
    unreadable.push('AttachedManagedPolicies');
    attachedPolicies = [
      { name: `managed policies of ${roleName}`, document: unknown(attachedAnswer.why), unlisted: true },
    ];
  }
  let permissionsBoundary: ManagedPolicy | null = boundaryAnswer;
  if (!roleAnswer.ok) {
    // Without GetRole, neither the trust policy nor the boundary is known.
    unreadable.push('AssumeRolePolicyDocument', 'PermissionsBoundary');
    permissionsBoundary = { name: `permissions boundary of ${roleName}`, document: unknown(roleAnswer.why) };
  }
  const evidence: RoleEvidence = {
    arn: details?.Arn ?? arn,
    roleName,
    path: details?.Path ?? parsed.path,
    account: parsed.account,
    assumeRolePolicy: roleAnswer.ok
      ? known(decodeDocument(details?.AssumeRolePolicyDocument))
      : unknown(roleAnswer.why),
    inlinePolicies,
    attachedPolicies,
    permissionsBoundary,
    tags: tagAnswer.ok
      ? known(Object.fromEntries(tagAnswer.value.map((tag) => [tag.Key ?? '', tag.Value ?? ''])))
      : unknown(`tags of role ${roleName}: ${tagAnswer.why}`),
  };
  if (!tagAnswer.ok) unreadable.push('Tags');
  context.recorder.role(parsed.account, evidence, { roleId: details?.RoleId, unreadable });
  return known(evidence);
}

async function inlinePolicy(
  iam: IAMClient,
  options: ReadOptions,
  RoleName: string,
  PolicyName: string,
): Promise<NamedPolicy> {
  const answer = await read('iam:GetRolePolicy', options, (abortSignal) =>
    iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }), { abortSignal }),
  );
  return {
    name: PolicyName,
    document: answer.ok
      ? known(decodeDocument(answer.value.PolicyDocument))
      : unknown(`inline policy '${PolicyName}': ${answer.why}`),
  };
}

/** A managed policy's default version document. */
async function managedPolicy(iam: IAMClient, options: ReadOptions, arn: string, name?: string): Promise<ManagedPolicy> {
  const fallbackName = name ?? arn.slice(arn.lastIndexOf('/') + 1);
  const policy = await read('iam:GetPolicy', options, (abortSignal) =>
    iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal }),
  );
  if (!policy.ok) return { name: fallbackName, arn, document: unknown(`managed policy ${arn}: ${policy.why}`) };
  const versionId = policy.value.Policy?.DefaultVersionId ?? 'v1';
  const policyName = policy.value.Policy?.PolicyName ?? fallbackName;
  const cacheKey = `${arn}\u0000${versionId}`;
  const kept = policyDocuments.peek(cacheKey);
  if (kept !== undefined) return { name: policyName, arn, versionId, document: known(kept.document) };
  const version = await read('iam:GetPolicyVersion', options, (abortSignal) =>
    iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }), { abortSignal }),
  );
  if (!version.ok)
    return { name: policyName, arn, versionId, document: unknown(`managed policy ${arn}: ${version.why}`) };
  const document = decodeDocument(version.value.PolicyVersion?.Document);
  policyDocuments.set(cacheKey, { document });
  return { name: policyName, arn, versionId, document: known(document) };
}
