/**
 * The whole organization read top down, once per instance and 15 minutes: its root and the
 * policy types enabled there (ListRoots), the OUs and accounts under every parent
 * (ListOrganizationalUnitsForParent, ListAccountsForParent), every policy of an enabled type
 * (ListPolicies) with the nodes it is attached to (ListTargetsForPolicy) and its document
 * (DescribePolicy). That is about 2 x OUs + 2 x policies calls (and a call per 20 items beyond)
 * for the whole organization, however many of its accounts fail at once: a burst from a
 * hundred accounts costs what one failure costs, within Organizations' request rate. Walking
 * up from each account (organizations.ts) costs a parent and a listing per node instead.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html
 */
import {
  DescribePolicyCommand,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { known, type NamedPolicy } from '../evidence';
import { decodeDocument } from './documents';
import { allPages, type Outcome, type ReadOptions } from './read';

/** The two policy types the diagnosis evaluates. */
const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;
type EvaluatedType = (typeof POLICY_TYPES)[number];

export interface OrganizationTree {
  rootId: string;
  /** The parent of every OU and account. */
  parents: Map<string, string>;
  /** The policies attached to each node, for each enabled type (a type absent: not enabled). */
  attached: Partial<Record<EvaluatedType, Map<string, NamedPolicy[]>>>;
}

/** Organizations allows seven levels: the root, five of OUs, the account. */
const MAX_DEPTH = 7;

export interface TreeReader {
  client: OrganizationsClient;
  options: ReadOptions;
  /** One read, kept per instance (organizations.ts). */
  kept<T>(key: string, action: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<Outcome<T>>;
}

export async function readTree(reader: TreeReader): Promise<Outcome<OrganizationTree>> {
  const { client } = reader;
  const roots = await reader.kept('', 'organizations:ListRoots', (abortSignal) =>
    allPages(paginateListRoots({ client }, {}, { abortSignal }), (page) => page.Roots),
  );
  if (!roots.ok) return roots;
  const root = roots.value[0];
  if (!root?.Id) return { ok: false, code: 'NoRoot', why: 'organizations:ListRoots gave no root' };
  const parents = new Map<string, string>();
  let level = [root.Id];
  for (let depth = 1; depth < MAX_DEPTH && level.length > 0; depth += 1) {
    const children = await Promise.all(level.map((parent) => childrenOf(reader, parent)));
    const failed = children.find((outcome) => !outcome.ok);
    if (failed && !failed.ok) return failed;
    const next: string[] = [];
    children.forEach((outcome, index) => {
      if (!outcome.ok) return;
      for (const account of outcome.value.accounts) parents.set(account, level[index]);
      for (const unit of outcome.value.units) {
        parents.set(unit, level[index]);
        next.push(unit);
      }
    });
    level = next;
  }
  const enabled = POLICY_TYPES.filter((type) =>
    (root.PolicyTypes ?? []).some((policyType) => policyType.Type === type && policyType.Status === 'ENABLED'),
  );
  const attached: OrganizationTree['attached'] = {};
  for (const type of enabled) {
    const byNode = await attachments(reader, type);
    if (!byNode.ok) return byNode;
    attached[type] = byNode.value;
  }
  return { ok: true, value: { rootId: root.Id, parents, attached } };
}

async function childrenOf(
  reader: TreeReader,
  ParentId: string,
): Promise<Outcome<{ units: string[]; accounts: string[] }>> {
  const { client } = reader;
  const [units, accounts] = await Promise.all([
    reader.kept(ParentId, 'organizations:ListOrganizationalUnitsForParent', (abortSignal) =>
      allPages(
        paginateListOrganizationalUnitsForParent({ client }, { ParentId }, { abortSignal }),
        (page) => page.OrganizationalUnits,
      ),
    ),
    reader.kept(ParentId, 'organizations:ListAccountsForParent', (abortSignal) =>
      allPages(paginateListAccountsForParent({ client }, { ParentId }, { abortSignal }), (page) => page.Accounts),
    ),
  ]);
  if (!units.ok) return units;
  if (!accounts.ok) return accounts;
  const ids = (items: { Id?: string }[]) => items.flatMap((item) => (item.Id ? [item.Id] : []));
  return { ok: true, value: { units: ids(units.value), accounts: ids(accounts.value) } };
}

/** The policies of `type` attached to each node. */
async function attachments(reader: TreeReader, Filter: PolicyType): Promise<Outcome<Map<string, NamedPolicy[]>>> {
  const { client } = reader;
  const policies = await reader.kept(Filter, 'organizations:ListPolicies', (abortSignal) =>
    allPages(paginateListPolicies({ client }, { Filter }, { abortSignal }), (page) => page.Policies),
  );
  if (!policies.ok) return policies;
  const read = await Promise.all(
    policies.value.map(async (summary) => {
      const PolicyId = summary.Id ?? '';
      const [targets, described] = await Promise.all([
        reader.kept(PolicyId, 'organizations:ListTargetsForPolicy', (abortSignal) =>
          allPages(paginateListTargetsForPolicy({ client }, { PolicyId }, { abortSignal }), (page) => page.Targets),
        ),
        reader.kept(PolicyId, 'organizations:DescribePolicy', (abortSignal) =>
          client.send(new DescribePolicyCommand({ PolicyId }), { abortSignal }),
        ),
      ]);
      if (!targets.ok) return targets;
      if (!described.ok) return described;
      const policy: NamedPolicy = {
        name: described.value.Policy?.PolicySummary?.Name ?? summary.Name ?? PolicyId,
        arn: described.value.Policy?.PolicySummary?.Arn ?? summary.Arn,
        document: known(decodeDocument(described.value.Policy?.Content)),
      };
      return {
        ok: true as const,
        value: { policy, targets: targets.value.flatMap((t) => (t.TargetId ? [t.TargetId] : [])) },
      };
    }),
  );
  const byNode = new Map<string, NamedPolicy[]>();
  for (const outcome of read) {
    if (!outcome.ok) return outcome;
    for (const target of outcome.value.targets)
      byNode.set(target, [...(byNode.get(target) ?? []), outcome.value.policy]);
  }
  return { ok: true, value: byNode };
}

/** The chain from the root down to `account`, or undefined when the tree does not hold it. */
export function chainOf(tree: OrganizationTree, account: string): string[] | undefined {
  const chain = [account];
  let node = account;
  while (node !== tree.rootId) {
    const parent = tree.parents.get(node);
    if (parent === undefined || chain.length >= MAX_DEPTH) return undefined;
    chain.push(parent);
    node = parent;
  }
  return chain.reverse();
}
