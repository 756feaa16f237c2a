import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
} from '@aws-sdk/client-kms';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { OTHER, OWN, awsError, liveEvidence, resetLiveCaches } from './helpers';

const kms = mockClient(KMSClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const KEY_ARN = `arn:aws:kms:us-east-1:${OWN}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OWN}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

function givenKey(arn = KEY_ARN) {
  kms
    .on(DescribeKeyCommand)
    .resolves({ KeyMetadata: { KeyId: arn.split('/')[1], Arn: arn, KeyManager: 'CUSTOMER', KeyState: 'Enabled' } });
  kms.on(GetKeyPolicyCommand).resolves({ Policy: JSON.stringify(KEY_POLICY), PolicyName: 'default' });
  kms
    .on(ListGrantsCommand, { KeyId: arn })
    .resolves({
      Grants: [{ GrantId: 'g1', GranteePrincipal: 'arn:aws:iam::111111111111:role/R', Operations: ['Decrypt'] }],
      Truncated: true,
      NextMarker: 'n1',
    })
    .on(ListGrantsCommand, { KeyId: arn, Marker: 'n1' })
    .resolves({
      Grants: [
        {
          GrantId: 'g2',
          GranteePrincipal: 'sagemaker.amazonaws.com',
          Operations: ['CreateGrant'],
          Constraints: { EncryptionContextSubset: { a: 'b' } },
        },
      ],
      Truncated: false,
    });
  kms
    .on(ListAliasesCommand)
    .resolves({ Aliases: [{ AliasName: 'alias/ml-data', TargetKeyId: arn.split('/')[1] }], Truncated: false });
}

describe('a KMS key read from KMS', () => {
  beforeEach(() => {
    kms.reset();
    sts.reset();
    organizations.reset();
    resetLiveCaches();
  });

  it('by ARN holds its manager, state, aliases, policy and every grant (all pages), read in one round', async () => {
    // Given a customer managed key with two pages of grants
    givenKey();
    const { evidence } = await liveEvidence();
    // When it is read by ARN
    const key = await evidence.key(KEY_ARN, OWN);
    // Then everything is known
    expect(key).toEqual({
      known: true,
      value: {
        arn: KEY_ARN,
        account: OWN,
        keyManager: { known: true, value: 'CUSTOMER' },
        keyState: { known: true, value: 'Enabled' },
        aliases: ['alias/ml-data'],
        policy: { known: true, value: KEY_POLICY },
        grants: {
          known: true,
          value: [
            { GrantId: 'g1', GranteePrincipal: 'arn:aws:iam::111111111111:role/R', Operations: ['Decrypt'] },
            {
              GrantId: 'g2',
              GranteePrincipal: 'sagemaker.amazonaws.com',
              Operations: ['CreateGrant'],
              Constraints: { EncryptionContextSubset: { a: 'b' } },
            },
          ],
        },
      },
    });
    // And the policy was asked for by the key ARN itself (no wait for DescribeKey)
    expect(kms.commandCalls(GetKeyPolicyCommand)[0].args[0].input).toEqual({ KeyId: KEY_ARN, PolicyName: 'default' });
  });

  it('by alias is resolved to its key ARN first', async () => {
    // Given an alias name
    givenKey();
    const { evidence } = await liveEvidence();
    // When the key is read by alias
    const key = await evidence.key('alias/ml-data', OWN);
    // Then DescribeKey resolved it and the other reads used the key ARN
    expect(key.known && key.value?.arn).toBe(KEY_ARN);
    expect(kms.commandCalls(DescribeKeyCommand)[0].args[0].input).toEqual({ KeyId: 'alias/ml-data' });
    expect(kms.commandCalls(GetKeyPolicyCommand)[0].args[0].input.KeyId).toBe(KEY_ARN);
  });

  it('is known not to exist when KMS answers NotFoundException', async () => {
    kms
      .on(DescribeKeyCommand)
      .rejects(awsError('NotFoundException', 'Alias arn:aws:kms:us-east-1:111111111111:alias/none is not found.'));
    const { evidence } = await liveEvidence();
    await expect(evidence.key('alias/none', OWN)).resolves.toEqual({ known: true, value: null });
  });

  it('keeps a key policy it may not read unknown, with the reason', async () => {
    givenKey();
    kms
      .on(GetKeyPolicyCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: kms:GetKeyPolicy', 400));
    const { evidence } = await liveEvidence();
    const key = await evidence.key(KEY_ARN, OWN);
    expect(key.known && key.value?.policy).toEqual({
      known: false,
      why: 'kms:GetKeyPolicy was denied: User is not authorized to perform: kms:GetKeyPolicy',
    });
  });

  it('of another account without a cross-account role: metadata and grants are read, the policy is unknown', async () => {
    // Given a key of another account and no cross-account role
    const arn = `arn:aws:kms:us-east-1:${OTHER}:key/abcd`;
    givenKey(arn);
    const { evidence } = await liveEvidence();
    const key = await evidence.key(arn, OWN);
    // Then GetKeyPolicy (which works only in the key's own account) is not called
    expect(kms.commandCalls(GetKeyPolicyCommand)).toHaveLength(0);
    expect(key).toMatchObject({
      known: true,
      value: {
        account: OTHER,
        keyState: { known: true, value: 'Enabled' },
        policy: {
          known: false,
          why: `account ${OTHER} is not the caller's account ${OWN} and no cross-account role name is configured to read it`,
        },
        grants: { known: true },
      },
    });
  });

  it('of another account is read with the role assumed there', async () => {
    // Given a key of another account of the organization and a cross-account role
    const arn = `arn:aws:kms:us-east-1:${OTHER}:key/abcd`;
    givenKey(arn);
    organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: OWN }, { Id: OTHER }] });
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAOTHER',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(Date.now() + 900_000),
      },
    });
    const { evidence } = await liveEvidence({ crossAccountRoleName: 'AccessDoctorRead' });
    const key = await evidence.key(arn, OWN);
    // Then the policy is known, read with the assumed role's credentials
    expect(key.known && key.value?.policy).toEqual({ known: true, value: KEY_POLICY });
    const signer = await (kms.commandCalls(GetKeyPolicyCommand)[0].thisValue as KMSClient).config.credentials();
    expect(signer.accessKeyId).toBe('ASIAOTHER');
  });

  it('named by alias in another account is unknown without a cross-account role: an alias resolves only in its own account', async () => {
    givenKey();
    const { evidence } = await liveEvidence();
    await expect(evidence.key('alias/ml-data', OTHER)).resolves.toEqual({
      known: false,
      why: `account ${OTHER} is not the caller's account ${OWN} and no cross-account role name is configured to read it`,
    });
    expect(kms.calls()).toHaveLength(0);
  });
});
