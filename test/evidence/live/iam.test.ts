import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { OWN, awsError, liveEvidence, resetLiveCaches } from './helpers';

const iam = mockClient(IAMClient);
const ROLE_ARN = `arn:aws:iam::${OWN}:role/service/SageMakerExecutionRole`;
const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};
const doc = (sid: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
});
const BOUNDARY_ARN = `arn:aws:iam::${OWN}:policy/Boundary`;
const MANAGED_ARN = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';

function givenRole() {
  iam.on(GetRoleCommand).resolves({
    Role: {
      Path: '/service/',
      RoleName: 'SageMakerExecutionRole',
      RoleId: 'AROAEXAMPLE',
      Arn: ROLE_ARN,
      CreateDate: new Date(0),
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST)),
      PermissionsBoundary: {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: BOUNDARY_ARN,
      },
    },
  });
  // Two pages of tags (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html).
  iam
    .on(ListRoleTagsCommand, { RoleName: 'SageMakerExecutionRole' })
    .resolves({ Tags: [{ Key: 'team', Value: 'ml' }], IsTruncated: true, Marker: 't1' })
    .on(ListRoleTagsCommand, { RoleName: 'SageMakerExecutionRole', Marker: 't1' })
    .resolves({ Tags: [{ Key: 'AmazonDataZoneProjectBucket', Value: 'dzd-bucket' }], IsTruncated: false });
  // Two pages of inline policy names.
  iam
    .on(ListRolePoliciesCommand, { RoleName: 'SageMakerExecutionRole' })
    .resolves({ PolicyNames: ['first'], IsTruncated: true, Marker: 'm1' })
    .on(ListRolePoliciesCommand, { RoleName: 'SageMakerExecutionRole', Marker: 'm1' })
    .resolves({ PolicyNames: ['second'], IsTruncated: false });
  iam.on(GetRolePolicyCommand, { PolicyName: 'first' }).resolves({
    RoleName: 'SageMakerExecutionRole',
    PolicyName: 'first',
    PolicyDocument: encodeURIComponent(JSON.stringify(doc('First'))),
  });
  iam.on(GetRolePolicyCommand, { PolicyName: 'second' }).resolves({
    RoleName: 'SageMakerExecutionRole',
    PolicyName: 'second',
    PolicyDocument: encodeURIComponent(JSON.stringify(doc('Second'))),
  });
  iam.on(ListAttachedRolePoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyName: 'AmazonSageMakerFullAccess', PolicyArn: MANAGED_ARN }],
    IsTruncated: false,
  });
  iam
    .on(GetPolicyCommand, { PolicyArn: MANAGED_ARN })
    .resolves({ Policy: { PolicyName: 'AmazonSageMakerFullAccess', Arn: MANAGED_ARN, DefaultVersionId: 'v7' } });
  iam
    .on(GetPolicyCommand, { PolicyArn: BOUNDARY_ARN })
    .resolves({ Policy: { PolicyName: 'Boundary', Arn: BOUNDARY_ARN, DefaultVersionId: 'v2' } });
  iam
    .on(GetPolicyVersionCommand, { PolicyArn: MANAGED_ARN, VersionId: 'v7' })
    .resolves({ PolicyVersion: { VersionId: 'v7', Document: encodeURIComponent(JSON.stringify(doc('Managed'))) } });
  iam
    .on(GetPolicyVersionCommand, { PolicyArn: BOUNDARY_ARN, VersionId: 'v2' })
    .resolves({ PolicyVersion: { VersionId: 'v2', Document: encodeURIComponent(JSON.stringify(doc('Boundary'))) } });
}

describe('the execution role read from IAM', () => {
  beforeEach(() => {
    iam.reset();
    resetLiveCaches();
  });

  it('holds the trust policy, its tags and every inline policy (all pages), the attached policies and the boundary, decoded', async () => {
    // Given a role with two pages of inline policies, an attached managed policy and a boundary
    givenRole();
    const { evidence } = await liveEvidence();
    // When the role is read
    const role = await evidence.role(ROLE_ARN);
    // Then every document is known and decoded from IAM's URL encoding
    expect(role).toEqual({
      known: true,
      value: {
        arn: ROLE_ARN,
        roleName: 'SageMakerExecutionRole',
        path: '/service/',
        account: OWN,
        assumeRolePolicy: { known: true, value: TRUST },
        inlinePolicies: [
          { name: 'first', document: { known: true, value: doc('First') } },
          { name: 'second', document: { known: true, value: doc('Second') } },
        ],
        attachedPolicies: [
          {
            name: 'AmazonSageMakerFullAccess',
            arn: MANAGED_ARN,
            versionId: 'v7',
            document: { known: true, value: doc('Managed') },
          },
        ],
        permissionsBoundary: {
          name: 'Boundary',
          arn: BOUNDARY_ARN,
          versionId: 'v2',
          document: { known: true, value: doc('Boundary') },
        },
        tags: { known: true, value: { team: 'ml', AmazonDataZoneProjectBucket: 'dzd-bucket' } },
      },
    });
  });

  it('records the tags it read, and marks them unreadable with the reason when ListRoleTags is denied', async () => {
    // Given a first diagnosis reads the tags, and a second one may not
    givenRole();
    const read = await liveEvidence();
    await read.evidence.role(ROLE_ARN);
    // Then the recording holds them as GetAccountAuthorizationDetails lists them
    expect(read.snapshot().accounts[OWN].iam?.RoleDetailList?.[0].Tags).toEqual([
      { Key: 'team', Value: 'ml' },
      { Key: 'AmazonDataZoneProjectBucket', Value: 'dzd-bucket' },
    ]);
    iam.on(ListRoleTagsCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    const refused = await liveEvidence();
    // When the role is read without ListRoleTags
    const role = await refused.evidence.role(ROLE_ARN);
    // Then the tags are unknown (not "none"), and the recording says so, with AWS's reason
    const why = 'tags of role SageMakerExecutionRole: iam:ListRoleTags was denied: not authorized';
    expect(role.known && role.value?.tags).toEqual({ known: false, why });
    const recorded = refused.snapshot();
    expect(recorded.accounts[OWN].iam?.RoleDetailList?.[0].unreadable).toEqual(['Tags']);
    expect(recorded.accounts[OWN].iam?.RoleDetailList?.[0]).not.toHaveProperty('Tags');
    expect(recorded.accounts[OWN].unreadableReasons).toEqual({
      'iam/RoleDetailList/SageMakerExecutionRole/Tags': why,
    });
  });

  it('is known not to exist when IAM answers NoSuchEntity', async () => {
    // Given IAM does not know the role
    iam.on(GetRoleCommand).rejects(awsError('NoSuchEntity', 'The role with name X cannot be found.', 404));
    iam.on(ListRolePoliciesCommand).rejects(awsError('NoSuchEntity', 'The role with name X cannot be found.', 404));
    iam
      .on(ListAttachedRolePoliciesCommand)
      .rejects(awsError('NoSuchEntity', 'The role with name X cannot be found.', 404));
    const { evidence } = await liveEvidence();
    // Then the role is known null
    await expect(evidence.role(ROLE_ARN)).resolves.toEqual({ known: true, value: null });
  });

  it('keeps only the inline policy that may not be read unknown, with the exact reason, and records it so', async () => {
    // Given GetRolePolicy is denied for one policy
    givenRole();
    const why =
      "inline policy 'second': iam:GetRolePolicy was denied: User: arn:aws:sts::111111111111:assumed-role/doctor/x is not authorized to perform: iam:GetRolePolicy";
    iam
      .on(GetRolePolicyCommand, { PolicyName: 'second' })
      .rejects(
        awsError(
          'AccessDenied',
          'User: arn:aws:sts::111111111111:assumed-role/doctor/x is not authorized to perform: iam:GetRolePolicy',
          403,
        ),
      );
    const live = await liveEvidence();
    // When the role is read
    const role = await live.evidence.role(ROLE_ARN);
    // Then the policy read is known and the other unknown, saying which call was denied
    expect(role.known && role.value?.inlinePolicies).toEqual([
      { name: 'first', document: { known: true, value: doc('First') } },
      { name: 'second', document: { known: false, why } },
    ]);
    // And the recording marks the list unreadable (never all there is), keeps the policy read and
    // names the other with its reason
    const snapshot = live.snapshot();
    const recorded = snapshot.accounts[OWN].iam?.RoleDetailList?.[0];
    expect(recorded?.unreadable).toEqual(['RolePolicyList']);
    expect(recorded?.RolePolicyList).toEqual([{ PolicyName: 'first', PolicyDocument: doc('First') }]);
    expect(snapshot.accounts[OWN].unreadableReasons).toEqual({
      'iam/RoleDetailList/SageMakerExecutionRole/RolePolicyList/second': why,
    });
  });

  it('keeps the role, its inline policies unknown, when they cannot be listed', async () => {
    // Given ListRolePolicies is denied
    givenRole();
    iam.on(ListRolePoliciesCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    const live = await liveEvidence();
    const role = await live.evidence.role(ROLE_ARN);
    // Then the inline policies are unknown (a missing inline policy could decide any check), the rest is read
    expect(role.known && role.value?.inlinePolicies).toEqual([
      {
        name: 'inline policies of SageMakerExecutionRole',
        document: { known: false, why: 'iam:ListRolePolicies was denied: not authorized' },
        unlisted: true,
      },
    ]);
    expect(role.known && role.value?.assumeRolePolicy).toEqual({ known: true, value: TRUST });
    const snapshot = live.snapshot();
    expect(snapshot.accounts[OWN].iam?.RoleDetailList?.[0].unreadable).toEqual(['RolePolicyList']);
    expect(snapshot.accounts[OWN].iam?.RoleDetailList?.[0]).not.toHaveProperty('RolePolicyList');
    expect(snapshot.accounts[OWN].unreadableReasons).toEqual({
      'iam/RoleDetailList/SageMakerExecutionRole/RolePolicyList': 'iam:ListRolePolicies was denied: not authorized',
    });
  });

  it('keeps the trust policy and boundary unknown when GetRole is throttled beyond the retries', async () => {
    // Given GetRole keeps being throttled
    givenRole();
    iam.on(GetRoleCommand).rejects(awsError('Throttling', 'Rate exceeded', 400));
    const live = await liveEvidence();
    const role = await live.evidence.role(ROLE_ARN);
    // Then the reason says so, for the trust policy and the boundary that GetRole alone tells
    const why = 'iam:GetRole was throttled (Throttling) after 3 attempts: Rate exceeded';
    expect(role.known && role.value?.assumeRolePolicy).toEqual({ known: false, why });
    expect(role.known && role.value?.permissionsBoundary).toEqual({
      name: 'permissions boundary of SageMakerExecutionRole',
      document: { known: false, why },
    });
    // And the recording says they could not be read (not: no boundary, no trust policy)
    const recorded = live.snapshot().accounts[OWN].iam?.RoleDetailList?.[0];
    expect(recorded?.unreadable).toEqual(['AssumeRolePolicyDocument', 'PermissionsBoundary']);
    expect(recorded).not.toHaveProperty('PermissionsBoundary');
  });

  it('reads a managed policy version once per container: later invocations use the cache', async () => {
    // Given the role is read in two invocations
    givenRole();
    await (await liveEvidence()).evidence.role(ROLE_ARN);
    await (await liveEvidence()).evidence.role(ROLE_ARN);
    // Then each policy version document was fetched once (GetPolicy still tells the current version)
    expect(iam.commandCalls(GetPolicyVersionCommand, { PolicyArn: MANAGED_ARN })).toHaveLength(1);
    expect(iam.commandCalls(GetPolicyCommand, { PolicyArn: MANAGED_ARN })).toHaveLength(2);
  });

  it('is unknown for a role of another account without a cross-account role', async () => {
    // Given a role ARN in another account
    const { evidence } = await liveEvidence();
    // Then no call is made and the reason names the accounts
    await expect(evidence.role('arn:aws:iam::222222222222:role/R')).resolves.toEqual({
      known: false,
      why: "account 222222222222 is not the caller's account 111111111111 and no cross-account role name is configured to read it",
    });
    expect(iam.calls()).toHaveLength(0);
  });
});
