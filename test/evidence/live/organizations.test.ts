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
});
