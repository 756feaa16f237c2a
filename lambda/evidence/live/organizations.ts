/**
 * The SCPs and RCPs that apply to an account: the organization's id, then every level from
 * the root down to the account (ListParents), each level's policies (ListPoliciesForTarget)
 * and their documents (DescribePolicy).
 *
 * Only the management account or a delegated administrator may read them
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html):
 * elsewhere the levels are unknown, with AWS's refusal as the reason. Each level's policies
 * are listed as soon as the level is known, while the walk goes on up to the root.
 *
 * Every answer is kept per instance for 15 minutes (the parents of a node, the policies
 * attached to it, a policy's document, the organization's id): a burst of failures from the
 * accounts of one OU reads the OU and the root once, within Organizations' request rate
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 * A policy type found not enabled is not asked about again for any other node meanwhile.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  type OrganizationsClient,
  paginateListPoliciesForTarget,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { type Known, known, type NamedPolicy, type OrganizationEvidence, unknown } from '../evidence';
import { client } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { ORGANIZATION_UNREADABLE } from '../snapshot/types';
import { InstanceCache } from './instance-cache';
import { chainOf, type OrganizationTree, readTree } from './organization-tree';
import { allPages, type Outcome, read, type ReadOptions } from './read';

/** Organizations data is kept at most this long (an SCP change shows within it). */
const ORGANIZATION_TTL_MS = 15 * 60_000;
const answers = new InstanceCache<Outcome<unknown>>(ORGANIZATION_TTL_MS);
const disabledTypes = new InstanceCache<boolean>(ORGANIZATION_TTL_MS);
const trees = new InstanceCache<Outcome<OrganizationTree>>(ORGANIZATION_TTL_MS);

/**
 * An organization of at most this many accounts is read whole, once per instance
 * (organization-tree.ts): a few dozen calls, whatever the burst. A bigger one is walked up
 * from each account that fails, which costs a few calls per account instead of hundreds for
 * the first failure (at 5 requests a second, the whole tree of thousands of accounts would
 * outlast the Lambda's timeout).
 */
const TREE_MAX_ACCOUNTS = 250;

/** Codes that are answers, kept like values: the organization is not in use, a policy type is off. */
const KEPT_CODES = new Set(['AWSOrganizationsNotInUseException', 'PolicyTypeNotEnabledException']);

/** One Organizations read, kept per instance and caller (`scope`) for 15 minutes. */
function kept<T>(
  scope: string,
  key: string,
  action: string,
  options: ReadOptions,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<Outcome<T>> {
  return answers.get(
    `${scope}\u0000${action}\u0000${key}`,
    () => read(action, options, send),
    (outcome) => outcome.ok || KEPT_CODES.has(outcome.code),
  ) as Promise<Outcome<T>>;
}

const WHO_MAY_READ = 'only the management account or a delegated administrator may read the organization policies';

export async function readOrganization(
  context: LiveContext,
  account: string,
): Promise<Known<OrganizationEvidence | null>> {
  const identity = await context.access.identity(context.access.ownAccount);
  if (!identity.ok) {
    context.recorder.organization(account, ORGANIZATION_UNREADABLE);
    return unknown(identity.why);
  }
  // Organizations is a global service served from one region per partition; the SDK resolves it.
  const organizations: Reader = {
    client: client('organizations', context.region, identity.value),
    options: context.read,
    scope: identity.value.key,
  };

  // The organization's size (ListAccounts, kept per instance) tells whether to read it whole.
  await context.access.loadOrganization();
  const walk = levelsFor(organizations, context.access.organizationSize(), account);
  const description = await kept(
    organizations.scope,
    '',
    'organizations:DescribeOrganization',
    organizations.options,
    (abortSignal) => organizations.client.send(new DescribeOrganizationCommand({}), { abortSignal }),
  );
  if (!description.ok) {
    if (description.code === 'AWSOrganizationsNotInUseException' && account === context.access.ownAccount) {
      context.recorder.organization(account, null);
      return known(null);
    }
    // Not "in no organization": the replay must not take the SCPs and RCPs for none.
    context.recorder.organization(account, ORGANIZATION_UNREADABLE);
    return unknown(description.why);
  }
  const id = description.value.Organization?.Id ?? '';
  const walked = await walk;
  // Another account shares the caller's organization (and its id) only if the walk reached it.
  if (!walked.ok && account !== context.access.ownAccount) {
    context.recorder.organization(account, ORGANIZATION_UNREADABLE);
    return unknown(`organization of account ${account}: ${explain(walked.why)}`);
  }
  const evidence: OrganizationEvidence = {
    id,
    scps: walked.ok ? levelsOf(walked.value, 'SERVICE_CONTROL_POLICY') : unknown(explain(walked.why)),
    rcps: walked.ok ? levelsOf(walked.value, 'RESOURCE_CONTROL_POLICY') : unknown(explain(walked.why)),
  };
  context.recorder.organization(account, evidence);
  return known(evidence);
}

const explain = (why: string): string => (why.includes('was denied') ? `${why} (${WHO_MAY_READ})` : why);

/** The client, time bound and cache scope of one diagnosis's Organizations reads. */
interface Reader {
  client: OrganizationsClient;
  options: ReadOptions;
  scope: string;
}

type LevelPolicies = Record<'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', Outcome<NamedPolicy[]>>;

function levelsOf(levels: LevelPolicies[], type: keyof LevelPolicies): Known<NamedPolicy[][]> {
  const result: NamedPolicy[][] = [];
  for (const level of levels) {
    const policies = level[type];
    if (!policies.ok) return unknown(explain(policies.why));
    result.push(policies.value);
  }
  // A policy type that is not enabled applies at no level.
  return known(result.every((level) => level.length === 0) ? [] : result);
}

/**
 * The policies of every level above `account`, root first: from the whole tree when the
 * organization is small enough (and the tree could be read), else walked up from the account.
 */
async function levelsFor(
  organizations: Reader,
  size: number | undefined,
  account: string,
): Promise<Outcome<LevelPolicies[]>> {
  if (size !== undefined && size <= TREE_MAX_ACCOUNTS) {
    const { scope, options, client } = organizations;
    const tree = await trees.get(
      scope,
      () => readTree({ client, options, kept: (key, action, send) => kept(scope, key, action, options, send) }),
      // A refusal (a delegated administrator without the tree's reads) is kept: the walk answers meanwhile.
      (outcome) => outcome.ok || !outcome.transient,
    );
    if (tree.ok) return treeLevels(tree.value, account);
  }
  return levels(organizations, account);
}

function treeLevels(tree: OrganizationTree, account: string): Outcome<LevelPolicies[]> {
  const chain = chainOf(tree, account);
  if (chain === undefined)
    return {
      ok: false,
      code: 'ChildNotFoundException',
      why: `account ${account} is under no root or OU of the organization (organizations:ListAccountsForParent)`,
    };
  const policies = (node: string, type: keyof LevelPolicies): Outcome<NamedPolicy[]> => ({
    ok: true,
    value: tree.attached[type]?.get(node) ?? [],
  });
  return {
    ok: true,
    value: chain.map((node) => ({
      SERVICE_CONTROL_POLICY: policies(node, 'SERVICE_CONTROL_POLICY'),
      RESOURCE_CONTROL_POLICY: policies(node, 'RESOURCE_CONTROL_POLICY'),
    })),
  };
}

/** The policies of every level, root first; the walk up the tree and the listings overlap. */
async function levels(organizations: Reader, account: string): Promise<Outcome<LevelPolicies[]>> {
  const pending: Promise<LevelPolicies>[] = [];
  let target = account;
  for (let depth = 0; depth < 7; depth += 1) {
    pending.push(levelPolicies(organizations, target));
    const ChildId = target;
    const parents = await kept(
      organizations.scope,
      ChildId,
      'organizations:ListParents',
      organizations.options,
      (abortSignal) => organizations.client.send(new ListParentsCommand({ ChildId }), { abortSignal }),
    );
    if (!parents.ok) return parents;
    const parent = parents.value.Parents?.[0];
    if (!parent?.Id)
      return { ok: false, code: 'NoParent', why: `organizations:ListParents gave no parent for ${target}` };
    if (parent.Type === 'ROOT') {
      pending.push(levelPolicies(organizations, parent.Id));
      return { ok: true, value: (await Promise.all(pending)).reverse() };
    }
    target = parent.Id;
  }
  return {
    ok: false,
    code: 'TooDeep',
    why: `the organization tree above account ${account} is deeper than AWS allows`,
  };
}

async function levelPolicies(organizations: Reader, TargetId: string): Promise<LevelPolicies> {
  const [scps, rcps] = await Promise.all(
    (['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const).map((Filter) =>
      targetPolicies(organizations, TargetId, Filter),
    ),
  );
  return { SERVICE_CONTROL_POLICY: scps, RESOURCE_CONTROL_POLICY: rcps };
}

async function targetPolicies(
  organizations: Reader,
  TargetId: string,
  Filter: PolicyType,
): Promise<Outcome<NamedPolicy[]>> {
  const { scope, options } = organizations;
  // A policy type that is not enabled in the organization applies to nothing.
  if (await disabledTypes.peek(`${scope}\u0000${Filter}`)) return { ok: true, value: [] };
  const listing = await kept(
    scope,
    `${TargetId}\u0000${Filter}`,
    'organizations:ListPoliciesForTarget',
    options,
    (abortSignal) =>
      allPages(
        paginateListPoliciesForTarget({ client: organizations.client }, { TargetId, Filter }, { abortSignal }),
        (page) => page.Policies,
      ),
  );
  if (!listing.ok) {
    if (listing.code !== 'PolicyTypeNotEnabledException') return listing;
    disabledTypes.set(`${scope}\u0000${Filter}`, true);
    return { ok: true, value: [] };
  }
  const policies = await Promise.all(
    listing.value.map(async (summary): Promise<Outcome<NamedPolicy>> => {
      const PolicyId = summary.Id ?? '';
      const answer = await kept(scope, PolicyId, 'organizations:DescribePolicy', options, (abortSignal) =>
        organizations.client.send(new DescribePolicyCommand({ PolicyId }), { abortSignal }),
      );
      if (!answer.ok) return answer;
      return {
        ok: true,
        value: {
          name: answer.value.Policy?.PolicySummary?.Name ?? summary.Name ?? PolicyId,
          arn: answer.value.Policy?.PolicySummary?.Arn ?? summary.Arn,
          document: known(decodeDocument(answer.value.Policy?.Content)),
        },
      };
    }),
  );
  const failed = policies.find((policy) => !policy.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, value: policies.flatMap((policy) => (policy.ok ? [policy.value] : [])) };
}
