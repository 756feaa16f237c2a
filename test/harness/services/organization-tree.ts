/**
 * Organizations answered from an explicit tree (one root, OUs, accounts, policies attached
 * to nodes) rather than from each account's snapshot: the burst benchmark's organization,
 * where the accounts of an OU share its node and its policies, as they do in AWS.
 * Only the management account may read it, as in AWS
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html).
 */
import { AwsFault } from '../wire';
import { documentText, onePage, type ServiceRequest } from './types';

type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface OrganizationTree {
  id: string;
  /** The management account: the caller of the reads. */
  management: string;
  rootId: string;
  /** The parent (the root's or an OU's id) of every OU and account. */
  parents: Record<string, string>;
  policies: Record<string, { type: PolicyType; name: string; content: unknown; targets: string[] }>;
}

function treeOf(request: ServiceRequest): OrganizationTree {
  const tree = request.world.organizationTree as OrganizationTree;
  const member = request.account === tree.management || request.account in tree.parents;
  if (!member)
    throw new AwsFault('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  if (request.account !== tree.management)
    throw new AwsFault('AccessDeniedException', 'You don’t have permissions to access this resource.');
  return tree;
}

const TARGET_NOT_FOUND = () =>
  new AwsFault(
    'TargetNotFoundException',
    "We can't find a root, OU, account, or policy with the TargetId that you specified.",
  );

/** A policy type is enabled when the tree has a policy of it (AWS enables it at the root). */
const enabledTypes = (tree: OrganizationTree): PolicyType[] => [
  ...new Set(Object.values(tree.policies).map((policy) => policy.type)),
];

/** The OUs or the accounts directly under `parent`. */
const childrenOf = (tree: OrganizationTree, parent: string, accounts: boolean): string[] =>
  [
    ...(accounts && parent === tree.rootId ? [tree.management] : []),
    ...Object.entries(tree.parents)
      .filter(([child, of]) => of === parent && /^\d{12}$/.test(child) === accounts)
      .map(([child]) => child),
  ].sort();

function parentOf(tree: OrganizationTree, request: ServiceRequest): string {
  const parent = String(request.params.ParentId ?? '');
  if (parent !== tree.rootId && !(parent in tree.parents))
    throw new AwsFault('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
  return parent;
}

export const TREE_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  ListRoots: (request) => {
    const tree = treeOf(request);
    return {
      Roots: [
        {
          Id: tree.rootId,
          Arn: `arn:aws:organizations::${tree.management}:root/${tree.id}/${tree.rootId}`,
          Name: 'Root',
          PolicyTypes: enabledTypes(tree).map((Type) => ({ Type, Status: 'ENABLED' })),
        },
      ],
    };
  },
  ListOrganizationalUnitsForParent: (request) => {
    const tree = treeOf(request);
    const page = onePage(childrenOf(tree, parentOf(tree, request), false), request.params.NextToken);
    return {
      OrganizationalUnits: page.items.map((Id) => ({
        Id,
        Arn: `arn:aws:organizations::${tree.management}:ou/${tree.id}/${Id}`,
        Name: Id,
      })),
      NextToken: page.next,
    };
  },
  ListAccountsForParent: (request) => {
    const tree = treeOf(request);
    const page = onePage(childrenOf(tree, parentOf(tree, request), true), request.params.NextToken);
    return {
      Accounts: page.items.map((Id) => ({
        Id,
        Arn: `arn:aws:organizations::${tree.management}:account/${tree.id}/${Id}`,
        Status: 'ACTIVE',
      })),
      NextToken: page.next,
    };
  },
  ListPolicies: (request) => {
    const tree = treeOf(request);
    const filter = request.params.Filter as PolicyType;
    const ids = Object.keys(tree.policies).filter((id) => tree.policies[id].type === filter);
    const page = onePage(ids, request.params.NextToken);
    return {
      Policies: page.items.map((Id) => ({ Id, Name: tree.policies[Id].name, Type: filter, AwsManaged: false })),
      NextToken: page.next,
    };
  },
  ListTargetsForPolicy: (request) => {
    const tree = treeOf(request);
    const policy = tree.policies[String(request.params.PolicyId ?? '')];
    if (!policy)
      throw new AwsFault('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    const page = onePage(policy.targets, request.params.NextToken);
    return {
      Targets: page.items.map((TargetId) => ({
        TargetId,
        Type: TargetId === tree.rootId ? 'ROOT' : /^\d{12}$/.test(TargetId) ? 'ACCOUNT' : 'ORGANIZATIONAL_UNIT',
        Name: TargetId,
      })),
      NextToken: page.next,
    };
  },
  ListAccounts: (request) => {
    const tree = treeOf(request);
    const accounts = [tree.management, ...Object.keys(tree.parents).filter((id) => /^\d{12}$/.test(id))].sort();
    const page = onePage(accounts, request.params.NextToken);
    return {
      Accounts: page.items.map((Id) => ({
        Id,
        Arn: `arn:aws:organizations::${tree.management}:account/${tree.id}/${Id}`,
        Status: 'ACTIVE',
      })),
      NextToken: page.next,
    };
  },
  DescribeOrganization: (request) => {
    const tree = treeOf(request);
    return {
      Organization: {
        Id: tree.id,
        Arn: `arn:aws:organizations::${tree.management}:organization/${tree.id}`,
        MasterAccountId: tree.management,
        FeatureSet: 'ALL',
      },
    };
  },
  ListParents: (request) => {
    const tree = treeOf(request);
    const child = String(request.params.ChildId ?? '');
    const parent = child === tree.management ? tree.rootId : tree.parents[child];
    if (parent === undefined)
      throw new AwsFault(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    return { Parents: [{ Id: parent, Type: parent === tree.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  },
  ListPoliciesForTarget: (request) => {
    const tree = treeOf(request);
    const target = String(request.params.TargetId ?? '');
    const filter = request.params.Filter as PolicyType;
    if (target !== tree.rootId && target !== tree.management && !(target in tree.parents)) throw TARGET_NOT_FOUND();
    const ofType = Object.entries(tree.policies).filter(([, policy]) => policy.type === filter);
    if (ofType.length === 0)
      throw new AwsFault(
        'PolicyTypeNotEnabledException',
        'This operation can be performed only for enabled policy types.',
      );
    const attached = ofType.filter(([, policy]) => policy.targets.includes(target));
    const page = onePage(attached, request.params.NextToken);
    return {
      Policies: page.items.map(([Id, policy]) => ({ Id, Name: policy.name, Type: filter, AwsManaged: false })),
      NextToken: page.next,
    };
  },
  DescribePolicy: (request) => {
    const tree = treeOf(request);
    const id = String(request.params.PolicyId ?? '');
    const policy = tree.policies[id];
    if (!policy)
      throw new AwsFault('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    return {
      Policy: {
        PolicySummary: {
          Id: id,
          Name: policy.name,
          Arn: `arn:aws:organizations::${tree.management}:policy/${tree.id}/${policy.type.toLowerCase()}/${id}`,
        },
        Content: documentText(policy.content),
      },
    };
  },
};
