/**
 * The SCPs and RCPs that apply to an account: the organization's id, then every level from
 * the root down to the account (ListParents), each level's policies (ListPoliciesForTarget)
 * and their documents (DescribePolicy).
 *
 * Only the management account or a delegated administrator may read them
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html):
 * elsewhere the levels are unknown, with AWS's refusal as the reason. Each level's policies
 * are listed as soon as the level is known, while the walk goes on up to the root.
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
import { allPages, type Outcome, read, type ReadOptions } from './read';

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
  const organizations = client('organizations', context.region, identity.value);
  const options = context.read;

  const walk = levels(organizations, options, account);
  const description = await read('organizations:DescribeOrganization', options, (abortSignal) =>
    organizations.send(new DescribeOrganizationCommand({}), { abortSignal }),
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

/** The policies of every level, root first; the walk up the tree and the listings overlap. */
async function levels(
  organizations: OrganizationsClient,
  options: ReadOptions,
  account: string,
): Promise<Outcome<LevelPolicies[]>> {
  const documents = new Map<string, Promise<Outcome<NamedPolicy>>>();
  const pending: Promise<LevelPolicies>[] = [];
  let target = account;
  for (let depth = 0; depth < 7; depth += 1) {
    pending.push(levelPolicies(organizations, options, target, documents));
    const parents = await read('organizations:ListParents', options, (abortSignal) =>
      organizations.send(new ListParentsCommand({ ChildId: target }), { abortSignal }),
    );
    if (!parents.ok) return parents;
    const parent = parents.value.Parents?.[0];
    if (!parent?.Id)
      return { ok: false, code: 'NoParent', why: `organizations:ListParents gave no parent for ${target}` };
    if (parent.Type === 'ROOT') {
      pending.push(levelPolicies(organizations, options, parent.Id, documents));
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

async function levelPolicies(
  organizations: OrganizationsClient,
  options: ReadOptions,
  TargetId: string,
  documents: Map<string, Promise<Outcome<NamedPolicy>>>,
): Promise<LevelPolicies> {
  const [scps, rcps] = await Promise.all(
    (['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const).map((Filter) =>
      targetPolicies(organizations, options, TargetId, Filter, documents),
    ),
  );
  return { SERVICE_CONTROL_POLICY: scps, RESOURCE_CONTROL_POLICY: rcps };
}

async function targetPolicies(
  organizations: OrganizationsClient,
  options: ReadOptions,
  TargetId: string,
  Filter: PolicyType,
  documents: Map<string, Promise<Outcome<NamedPolicy>>>,
): Promise<Outcome<NamedPolicy[]>> {
  const listing = await read('organizations:ListPoliciesForTarget', options, (abortSignal) =>
    allPages(
      paginateListPoliciesForTarget({ client: organizations }, { TargetId, Filter }, { abortSignal }),
      (page) => page.Policies,
    ),
  );
  if (!listing.ok) {
    // A policy type that is not enabled in the organization applies to nothing.
    return listing.code === 'PolicyTypeNotEnabledException' ? { ok: true, value: [] } : listing;
  }
  const policies = await Promise.all(
    listing.value.map((summary) => {
      const PolicyId = summary.Id ?? '';
      let document = documents.get(PolicyId);
      if (!document) {
        document = read('organizations:DescribePolicy', options, (abortSignal) =>
          organizations.send(new DescribePolicyCommand({ PolicyId }), { abortSignal }),
        ).then((answer) =>
          answer.ok
            ? {
                ok: true as const,
                value: {
                  name: answer.value.Policy?.PolicySummary?.Name ?? summary.Name ?? PolicyId,
                  arn: answer.value.Policy?.PolicySummary?.Arn ?? summary.Arn,
                  document: known(decodeDocument(answer.value.Policy?.Content)),
                },
              }
            : answer,
        );
        documents.set(PolicyId, document);
      }
      return document;
    }),
  );
  const failed = policies.find((policy) => !policy.ok);
  if (failed && !failed.ok) return failed;
  return { ok: true, value: policies.flatMap((policy) => (policy.ok ? [policy.value] : [])) };
}
