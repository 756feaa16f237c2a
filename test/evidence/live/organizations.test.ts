import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { OWN, awsError, liveEvidence, resetLiveCaches } from './helpers';

const organizations = mockClient(OrganizationsClient);
const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const DENY_REGIONS = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Regions', Effect: 'Deny', Action: '*', Resource: '*' }],
};
const RCP = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Perimeter', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }],
};

function givenTree() {
  organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-exampleorgid' } });
  organizations
    .on(ListParentsCommand, { ChildId: OWN })
    .resolves({ Parents: [{ Id: 'ou-ml', Type: 'ORGANIZATIONAL_UNIT' }] });
  organizations.on(ListParentsCommand, { ChildId: 'ou-ml' }).resolves({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
  const scps: Record<string, string[]> = { 'r-root': ['p-full'], 'ou-ml': ['p-full', 'p-regions'], [OWN]: ['p-full'] };
  for (const [target, ids] of Object.entries(scps)) {
    organizations
      .on(ListPoliciesForTargetCommand, { TargetId: target, Filter: 'SERVICE_CONTROL_POLICY' })
      .resolves({ Policies: ids.map((Id) => ({ Id, Name: Id })) });
    organizations
      .on(ListPoliciesForTargetCommand, { TargetId: target, Filter: 'RESOURCE_CONTROL_POLICY' })
      .resolves({ Policies: target === 'r-root' ? [{ Id: 'p-rcp', Name: 'Perimeter' }] : [] });
  }
  const documents: Record<string, [string, unknown]> = {
    'p-full': ['FullAWSAccess', FULL],
    'p-regions': ['DenyRegions', DENY_REGIONS],
    'p-rcp': ['Perimeter', RCP],
  };
  for (const [PolicyId, [Name, content]] of Object.entries(documents)) {
    organizations.on(DescribePolicyCommand, { PolicyId }).resolves({
      Policy: {
        PolicySummary: { Id: PolicyId, Name, Arn: `arn:aws:organizations::${OWN}:policy/o-exampleorgid/${PolicyId}` },
        Content: JSON.stringify(content),
      },
    });
  }
}

describe('the organization policies read from AWS Organizations', () => {
  beforeEach(() => {
    organizations.reset();
    resetLiveCaches();
  });

  it('give every SCP and RCP level from the root down to the account', async () => {
    // Given an account in an OU under the root
    givenTree();
    const { evidence } = await liveEvidence();
    // When its organization is read
    const organization = await evidence.organization(OWN);
    // Then the levels are root first, each policy named and decoded, each document read once
    expect(organization.known).toBe(true);
    const value = organization.known ? organization.value : null;
    expect(value?.id).toBe('o-exampleorgid');
    const names = (levels: { known: boolean; value?: { name: string }[][] } | undefined) =>
      levels?.value?.map((level) => level.map((policy) => policy.name));
    expect(names(value?.scps as never)).toEqual([
      ['FullAWSAccess'],
      ['FullAWSAccess', 'DenyRegions'],
      ['FullAWSAccess'],
    ]);
    expect(names(value?.rcps as never)).toEqual([['Perimeter'], [], []]);
    expect(value?.scps.known && value.scps.value[1][1].document).toEqual({ known: true, value: DENY_REGIONS });
    expect(organizations.commandCalls(DescribePolicyCommand, { PolicyId: 'p-full' })).toHaveLength(1);
  });

  it('are known absent when the account is in no organization', async () => {
    organizations
      .on(DescribeOrganizationCommand)
      .rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    organizations
      .on(ListParentsCommand)
      .rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
    const { evidence } = await liveEvidence();
    await expect(evidence.organization(OWN)).resolves.toEqual({ known: true, value: null });
  });

  it('are unknown outside the management account, saying who may read them', async () => {
    // Given a member account: ListParents is denied
    organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-exampleorgid' } });
    organizations
      .on(ListParentsCommand)
      .rejects(awsError('AccessDeniedException', 'You don’t have permissions to access this resource.'));
    organizations
      .on(ListPoliciesForTargetCommand)
      .rejects(awsError('AccessDeniedException', 'You don’t have permissions to access this resource.'));
    const { evidence } = await liveEvidence();
    // Then the id is known and both policy kinds are unknown with the reason
    const why =
      'organizations:ListParents was denied: You don’t have permissions to access this resource. (only the management account or a delegated administrator may read the organization policies)';
    await expect(evidence.organization(OWN)).resolves.toEqual({
      known: true,
      value: { id: 'o-exampleorgid', scps: { known: false, why }, rcps: { known: false, why } },
    });
  });

  it('give no RCP levels when RCPs are not enabled', async () => {
    givenTree();
    organizations
      .on(ListPoliciesForTargetCommand, { Filter: 'RESOURCE_CONTROL_POLICY' })
      .rejects(awsError('PolicyTypeNotEnabledException', 'not enabled'));
    const { evidence } = await liveEvidence();
    const organization = await evidence.organization(OWN);
    expect(organization.known && organization.value?.rcps).toEqual({ known: true, value: [] });
  });

  it('of another account is unknown unless the walk proves it is in the same organization', async () => {
    // Given an account that is not in the caller's organization
    givenTree();
    organizations
      .on(ListParentsCommand, { ChildId: '222222222222' })
      .rejects(
        awsError(
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        ),
      );
    const { evidence } = await liveEvidence();
    // Then its organization is unknown, not the caller's
    await expect(evidence.organization('222222222222')).resolves.toEqual({
      known: false,
      why: "organization of account 222222222222: organizations:ListParents failed (ChildNotFoundException): We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    });
  });

  describe('kept per instance for 15 minutes', () => {
    const SIBLING = '333333333333';
    afterEach(() => jest.restoreAllMocks());
    const calls = () => organizations.calls().length;

    it('so that a second account of the same OU reads only its own node', async () => {
      // Given two accounts of one OU, the first one's organization read
      givenTree();
      organizations
        .on(ListParentsCommand, { ChildId: SIBLING })
        .resolves({ Parents: [{ Id: 'ou-ml', Type: 'ORGANIZATIONAL_UNIT' }] });
      for (const Filter of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const)
        organizations
          .on(ListPoliciesForTargetCommand, { TargetId: SIBLING, Filter })
          .resolves({ Policies: Filter === 'SERVICE_CONTROL_POLICY' ? [{ Id: 'p-full', Name: 'p-full' }] : [] });
      await (await liveEvidence()).evidence.organization(OWN);
      organizations.resetHistory();
      // When another diagnosis of the instance reads the sibling's
      const sibling = await (await liveEvidence()).evidence.organization(SIBLING);
      // Then only the sibling's parents and policies are read: the OU, the root, the documents are kept
      expect(sibling.known && sibling.value?.scps.known).toBe(true);
      expect(
        organizations
          .calls()
          .map((call) => {
            const input = call.args[0].input as { ChildId?: string; TargetId?: string };
            return `${call.args[0].constructor.name} ${input.ChildId ?? input.TargetId ?? ''}`;
          })
          .sort(),
      ).toEqual([
        `ListParentsCommand ${SIBLING}`,
        `ListPoliciesForTargetCommand ${SIBLING}`,
        `ListPoliciesForTargetCommand ${SIBLING}`,
      ]);
    });

    it('and read again after them', async () => {
      givenTree();
      await (await liveEvidence()).evidence.organization(OWN);
      const first = calls();
      const start = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(start + 14 * 60_000);
      await (await liveEvidence()).evidence.organization(OWN);
      expect(calls()).toBe(first);
      jest.spyOn(Date, 'now').mockReturnValue(start + 16 * 60_000);
      await (await liveEvidence()).evidence.organization(OWN);
      expect(calls()).toBe(2 * first);
    });

    it('a policy type found not enabled is not asked about for other nodes', async () => {
      // Given RCPs are not enabled, found so by the first account's walk
      givenTree();
      organizations
        .on(ListParentsCommand, { ChildId: SIBLING })
        .resolves({ Parents: [{ Id: 'ou-ml', Type: 'ORGANIZATIONAL_UNIT' }] });
      organizations
        .on(ListPoliciesForTargetCommand, { TargetId: SIBLING, Filter: 'SERVICE_CONTROL_POLICY' })
        .resolves({ Policies: [{ Id: 'p-full', Name: 'p-full' }] });
      organizations
        .on(ListPoliciesForTargetCommand, { Filter: 'RESOURCE_CONTROL_POLICY' })
        .rejects(awsError('PolicyTypeNotEnabledException', 'not enabled'));
      await (await liveEvidence()).evidence.organization(OWN);
      organizations.resetHistory();
      // When another account's organization is read
      const sibling = await (await liveEvidence()).evidence.organization(SIBLING);
      // Then its RCPs are none, and not asked about
      expect(sibling.known && sibling.value?.rcps).toEqual({ known: true, value: [] });
      expect(
        organizations
          .commandCalls(ListPoliciesForTargetCommand)
          .filter((call) => call.args[0].input.Filter === 'RESOURCE_CONTROL_POLICY'),
      ).toEqual([]);
    });

    it('but a refused read is asked again', async () => {
      organizations.on(DescribeOrganizationCommand).rejects(awsError('AccessDeniedException', 'denied'));
      organizations.on(ListParentsCommand).rejects(awsError('AccessDeniedException', 'denied'));
      organizations.on(ListPoliciesForTargetCommand).rejects(awsError('AccessDeniedException', 'denied'));
      await (await liveEvidence()).evidence.organization(OWN);
      await (await liveEvidence()).evidence.organization(OWN);
      expect(organizations.commandCalls(DescribeOrganizationCommand)).toHaveLength(2);
      expect(organizations.commandCalls(ListParentsCommand)).toHaveLength(2);
    });
  });
});
