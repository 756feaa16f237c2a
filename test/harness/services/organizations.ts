/**
 * Organizations on JSON 1.1 (`AWSOrganizationsV20161128.*`): the caller's organization as the
 * snapshot gives it, a tree of root, OUs and the account with one level per SCP / RCP level
 * (root first). An organization the snapshot could not read is one the caller may not describe.
 */
import type { OrganizationPolicy, OrganizationSnapshot } from '../../../lambda/evidence/snapshot/types';
import { ORGANIZATION_UNREADABLE } from '../../../lambda/evidence/snapshot/types';
import { AwsFault } from '../wire';
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

/** Level 0 is the root, the last level the account itself, OUs in between. */
function tree(request: ServiceRequest) {
  const organization = organizationOf(request);
  // An account is at least one level below the root.
  const depth = Math.max(organization.scps?.length ?? 0, organization.rcps?.length ?? 0, 2);
  const targetOf = (level: number) =>
    level === 0 ? 'r-root' : level === depth - 1 ? request.account : `ou-root-${level}`;
  const levelOf = (target: unknown) => [...Array(depth).keys()].find((level) => targetOf(level) === target);
  return { organization, depth, targetOf, levelOf };
}

type PolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

function levelsOf(organization: OrganizationSnapshot, filter: unknown): OrganizationPolicy[][] | undefined {
  return (filter === 'SERVICE_CONTROL_POLICY' ? organization.scps : organization.rcps) as
    OrganizationPolicy[][] | undefined;
}

/** `SERVICE_CONTROL_POLICY-1-0`: the policy's type, level and index. */
const policyId = (filter: PolicyType, level: number, index: number) =>
  `p-${filter === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp'}-${level}-${index}`;

/**
 * The policies of one level. A snapshot with fewer levels than the tree (one level for the
 * root alone) repeats its last level below: the same documents at every level decide alike.
 */
const levelPolicies = (levels: OrganizationPolicy[][], level: number): OrganizationPolicy[] =>
  levels.length === 0 ? [] : (levels[Math.min(level, levels.length - 1)] ?? []);

const HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
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
    const { levelOf, targetOf } = tree(request);
    const level = levelOf(request.params.ChildId);
    if (level === undefined || level === 0)
      throw new AwsFault(
        'ChildNotFoundException',
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
      );
    return { Parents: [{ Id: targetOf(level - 1), Type: level - 1 === 0 ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  },
  ListPoliciesForTarget: (request) => {
    const { organization, levelOf } = tree(request);
    const filter = request.params.Filter as PolicyType;
    const levels = levelsOf(organization, filter);
    if (!levels) throw notInSnapshot(`${filter} levels`, 'AccessDeniedException', 400);
    const level = levelOf(request.params.TargetId);
    if (level === undefined)
      throw new AwsFault(
        'TargetNotFoundException',
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
      );
    const policies = levelPolicies(levels, level).map((_, index) => policyId(filter, level, index));
    const page = onePage(policies, request.params.NextToken);
    return {
      Policies: page.items.map((Id) => ({ Id, Name: Id, Type: filter, AwsManaged: false })),
      NextToken: page.next,
    };
  },
  DescribePolicy: (request) => {
    const { organization } = tree(request);
    const match = /^p-(scp|rcp)-(\d+)-(\d+)$/.exec(String(request.params.PolicyId ?? ''));
    if (!match)
      throw new AwsFault('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    const [, kind, level, index] = match;
    const levels = levelsOf(organization, kind === 'scp' ? 'SERVICE_CONTROL_POLICY' : 'RESOURCE_CONTROL_POLICY');
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
  answer: (operation, request) => dispatch(HANDLERS, operation, request),
};
