/**
 * Organizations on JSON 1.1 (`AWSOrganizationsV20161128.*`): the caller's organization as the
 * snapshot gives it, a tree of root, OUs and the account with one level per SCP / RCP level
 * (root first). An organization the snapshot could not read is one the caller may not describe.
 */
import type { OrganizationPolicy, OrganizationSnapshot } from '../../../lambda/evidence/snapshot/types';
import { ORGANIZATION_UNREADABLE } from '../../../lambda/evidence/snapshot/types';
import { AwsFault } from '../wire';
import { TREE_HANDLERS } from './organization-tree';
import {
  dispatch,
  documentText,
  jsonOperation,
  notInSnapshot,
  onePage,
  type ServiceDefinition,
  type ServiceRequest,
} from './types';

const NOT_IN_USE = () =>
  new AwsFault('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');

function organizationOf(request: ServiceRequest): OrganizationSnapshot {
  const stated = request.world.snapshot.accounts[request.account]?.organization;
  if (stated === ORGANIZATION_UNREADABLE) throw notInSnapshot('the organization', 'AccessDeniedException', 400);
  if (!stated) throw NOT_IN_USE();
  return stated;
}

/**
 * The tree as each account's snapshot sees it: level 0 the root (`r-ACCOUNT`), the last level
 * the account, OUs in between (`ou-ACCOUNT-LEVEL`). The ids carry the account whose levels they
 * are, so that each account of the organization is answered from its own snapshot.
 */
function nodeOf(
  request: ServiceRequest,
  target: unknown,
): { account: string; level: number; organization: OrganizationSnapshot } {
  const caller = organizationOf(request);
  const id = String(target ?? '');
  const match = /^(?:r-(\d{12})|ou-(\d{12})-(\d+)|(\d{12}))$/.exec(id);
  const account = match?.[1] ?? match?.[2] ?? match?.[4];
  const stated = account === undefined ? undefined : request.world.snapshot.accounts[account]?.organization;
  if (!match || !stated || typeof stated !== 'object' || stated.id !== caller.id)
    throw new AwsFault(
      'TargetNotFoundException',
      "We can't find a root, OU, account, or policy with the TargetId that you specified.",
    );
  const depth = depthOf(stated);
  const level = match[1] ? 0 : match[2] ? Number(match[3]) : depth - 1;
  return { account: account as string, level, organization: stated };
}

/** An account is at least one level below the root. */
const depthOf = (organization: OrganizationSnapshot): number =>
  Math.max(organization.scps?.length ?? 0, organization.rcps?.length ?? 0, 2);

const nodeId = (account: string, level: number, depth: number): string =>
  level === 0 ? `r-${account}` : level === depth - 1 ? account : `ou-${account}-${level}`;

type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

function levelsOf(organization: OrganizationSnapshot, filter: unknown): OrganizationPolicy[][] | undefined {
  return (filter === 'SERVICE_CONTROL_POLICY' ? organization.scps : organization.rcps) as
    OrganizationPolicy[][] | undefined;
}

/** `p-scp-ACCOUNT-LEVEL-INDEX`: the policy's type, account, level and index. */
const policyId = (filter: PolicyType, account: string, level: number, index: number) =>
  `p-${filter === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'}-${account}-${level}-${index}`;

/**
 * The policies of one level. A snapshot with fewer levels than the tree (one level for the
 * root alone) repeats its last level below: the same documents at every level decide alike.
 */
const levelPolicies = (levels: OrganizationPolicy[][], level: number): OrganizationPolicy[] =>
  levels.length === 0 ? [] : (levels[Math.min(level, levels.length - 1)] ?? []);

const HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  // The organization's accounts: every account of the snapshot in the caller's organization.
  ListAccounts: (request) => {
    const organization = organizationOf(request);
    const accounts = Object.entries(request.world.snapshot.accounts)
      .filter(
        ([id, account]) =>
          id === request.account ||
          (typeof account.organization === 'object' && account.organization?.id === organization.id) ||
          account.organization === undefined,
      )
      .map(([id]) => id)
      .sort();
    const page = onePage(accounts, request.params.NextToken);
    return {
      Accounts: page.items.map((Id) => ({
        Id,
        Arn: `arn:aws:organizations::${request.account}:account/${organization.id}/${Id}`,
        Status: 'ACTIVE',
      })),
      NextToken: page.next,
    };
  },
  DescribeOrganization: (request) => {
    const organization = organizationOf(request);
    return {
      Organization: {
        Id: organization.id,
        Arn: `arn:aws:organizations::${request.account}:organization/${organization.id}`,
        FeatureSet: 'ALL',
      },
    };
  },
  ListParents: (request) => {
    const { account, level, organization } = nodeOf(request, request.params.ChildId);
    if (level === 0)
      throw new AwsFault(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    return {
      Parents: [
        {
          Id: nodeId(account, level - 1, depthOf(organization)),
          Type: level - 1 === 0 ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
        },
      ],
    };
  },
  ListPoliciesForTarget: (request) => {
    const filter = request.params.Filter as PolicyType;
    const { account, level, organization } = nodeOf(request, request.params.TargetId);
    const levels = levelsOf(organization, filter);
    if (!levels) throw notInSnapshot(`${filter} levels of account ${account}`, 'AccessDeniedException', 400);
    const policies = levelPolicies(levels, level).map((_, index) => policyId(filter, account, level, index));
    const page = onePage(policies, request.params.NextToken);
    return {
      Policies: page.items.map((Id) => ({ Id, Name: Id, Type: filter, AwsManaged: false })),
      NextToken: page.next,
    };
  },
  DescribePolicy: (request) => {
    organizationOf(request);
    const match = /^p-(scp|rcp)-(\d{12})-(\d+)-(\d+)$/.exec(String(request.params.PolicyId ?? ''));
    const stated = match ? request.world.snapshot.accounts[match[2]]?.organization : undefined;
    if (!match || !stated || typeof stated !== 'object')
      throw new AwsFault('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    const [, kind, , level, index] = match;
    const levels = levelsOf(stated, kind === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY');
    const policy = (levels ? levelPolicies(levels, Number(level)) : [])[Number(index)] as unknown;
    const wrapped = policy !== null && typeof policy === 'object' && 'Content' in policy;
    const content = wrapped ? (policy as OrganizationPolicy).Content : policy;
    // Bare documents get the name the snapshot loader gives them.
    const fallback = `${kind.toUpperCase()} at level ${Number(level) + 1} #${Number(index) + 1}`;
    const name = wrapped ? ((policy as OrganizationPolicy).Name ?? fallback) : fallback;
    const arn = wrapped ? (policy as OrganizationPolicy).Arn : undefined;
    return {
      Policy: { PolicySummary: { Id: request.params.PolicyId, Name: name, Arn: arn }, Content: documentText(content) },
    };
  },
};

export const ORGANIZATIONS: ServiceDefinition = {
  protocol: 'json1.1',
  operation: jsonOperation,
  // An explicit tree (the burst benchmark's) answers instead of the snapshot's accounts.
  answer: (operation, request) =>
    dispatch(request.world.organizationTree ? TREE_HANDLERS : HANDLERS, operation, request),
};
