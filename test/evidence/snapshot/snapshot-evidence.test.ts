import { known, unknown, type Known } from '../../../lambda/evidence/evidence';
import { parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../../lambda/evidence/snapshot/snapshot-evidence';
import { fixture, setAt } from './helpers';

const ACCOUNT = '111111111111';
const PARTNER = '222222222222';
const EMPTY = '333333333333';
const HOLLOW = '444444444444';
const ABSENT = '999999999999';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/service-role/MlTrainingRole';
const DATA_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1111aaaa-0000-0000-0000-000000000001';
const AWS_KEY_ID = '2222bbbb-0000-0000-0000-000000000002';
const EU_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/3333cccc-0000-0000-0000-000000000003';

/** Evidence over the multi-account fixture, optionally changed first. */
function evidence(change: (json: unknown) => void = () => undefined): SnapshotEvidence {
  const json = fixture('multi-account.json');
  change(json);
  return new SnapshotEvidence(parseSnapshot(json, 'snap.json'));
}

/** The value of a known answer (fails the test on an unknown one). */
function valueOf<T>(answer: Known<T>): T {
  if (!answer.known) throw new Error(`expected a known answer, got unknown: ${answer.why}`);
  return answer.value;
}

/** A policy document as the fixture writes it: one Allow statement. */
const doc = (sid: string, action: string, resource: string): object => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Action: action, Resource: resource }],
});

describe('SnapshotEvidence: the snapshot as a whole', () => {
  it('gives the snapshot partition and region', () => {
    // Given the fixture / When the evidence is built / Then it speaks for the snapshot's partition and region
    const source = evidence();
    expect(source.partition).toBe('aws');
    expect(source.region).toBe('us-east-1');
  });

  it.each([
    [ACCOUNT, true],
    [EMPTY, true],
    [ABSENT, false],
    ['constructor', false],
  ])('holdsAccount(%s) is %s', (account, holds) => {
    // Given the fixture / When asked about an account / Then it holds exactly the accounts listed
    expect(evidence().holdsAccount(account)).toBe(holds);
  });
});

describe('SnapshotEvidence.role', () => {
  it('finds a role by its full ARN with every policy resolved', async () => {
    // Given a role with inline, attached (AWS and customer managed) policies and a boundary
    // When it is asked for by its ARN with path
    const role = valueOf(await evidence().role(ROLE_ARN));

    // Then the role and its policies come back, documents as written
    expect(role).toMatchObject({ arn: ROLE_ARN, roleName: 'MlTrainingRole', path: '/service-role/', account: ACCOUNT });
    expect(valueOf(role?.assumeRolePolicy ?? unknown('no role'))).toMatch(/^%7B%22Version%22/);
    expect(role?.inlinePolicies.map((policy) => [policy.name, typeof valueOf(policy.document)])).toEqual([
      ['read-object', 'object'],
      ['list-json', 'string'],
      ['write-urlencoded', 'string'],
    ]);
    expect(role?.attachedPolicies).toEqual([
      {
        name: 'AmazonSageMakerFullAccess',
        arn: 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess',
        document: known(JSON.stringify(doc('Current', 'sagemaker:*', '*'))),
      },
      {
        name: 'ml-extra',
        arn: 'arn:aws:iam::111111111111:policy/ml-extra',
        document: known(doc('Extra', 'kms:Decrypt', '*')),
      },
      {
        name: 'not-listed',
        arn: 'arn:aws:iam::111111111111:policy/not-listed',
        document: unknown(
          'the managed policy arn:aws:iam::111111111111:policy/not-listed is not in the Policies of account 111111111111 in the snapshot',
        ),
      },
      {
        name: 'AmazonS3ReadOnlyAccess',
        arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        document: known(doc('S3Read', 's3:Get*', '*')),
      },
    ]);
    expect(role?.permissionsBoundary).toEqual({
      name: 'ml-boundary',
      arn: 'arn:aws:iam::111111111111:policy/ml-boundary',
      document: known(doc('Boundary', 's3:*', '*')),
    });
  });

  it.each([
    ['without its path', 'arn:aws:iam::111111111111:role/MlTrainingRole'],
    ['with its name in another case', 'arn:aws:iam::111111111111:role/mltrainingrole'],
  ])('finds a role by an ARN %s, answering with the ARN with path', async (_case, arn) => {
    // Given a role with path /service-role/ / When it is asked for by another spelling / Then the role's own ARN comes back
    expect(valueOf(await evidence().role(arn))?.arn).toBe(ROLE_ARN);
  });

  it('finds an AWS managed policy in the Policies of another account of the snapshot', async () => {
    // Given the role's account lists no Policies at all
    const source = evidence((json) => setAt(json, ['accounts', ACCOUNT, 'iam', 'Policies'], undefined, true));

    // When the role is read
    const role = valueOf(await source.role(ROLE_ARN));

    // Then the AWS managed policy comes from account 222222222222, the customer managed ones are unknown
    const byName = Object.fromEntries((role?.attachedPolicies ?? []).map((policy) => [policy.name, policy.document]));
    expect(byName.AmazonS3ReadOnlyAccess).toEqual(known(doc('S3Read', 's3:Get*', '*')));
    expect(byName['ml-extra']).toEqual(
      unknown(
        'the snapshot has no IAM Policies list of account 111111111111, so the document of arn:aws:iam::111111111111:policy/ml-extra is not known',
      ),
    );
    expect(role?.permissionsBoundary?.document.known).toBe(false);
  });

  it('knows a policy document is unknown when the managed policy has no versions or no default version', async () => {
    // Given a role whose attached policies lack PolicyVersionList / a default version
    // When it is read
    const role = valueOf(await evidence().role('arn:aws:iam::111111111111:role/NoPoliciesRole'));

    // Then each document is unknown with its reason; no inline policies; no boundary
    expect(role?.attachedPolicies.map((policy) => policy.document)).toEqual([
      unknown(
        'the snapshot lists the managed policy arn:aws:iam::111111111111:policy/no-versions without its PolicyVersionList',
      ),
      unknown(
        'the snapshot has no document of the default version of the managed policy arn:aws:iam::111111111111:policy/no-default',
      ),
    ]);
    expect(role?.inlinePolicies).toEqual([]);
    expect(role?.permissionsBoundary).toBeNull();
    expect(role?.path).toBe('/');
  });

  it('answers unknown for every list a sparse role does not give', async () => {
    // Given a role with only its name and ARN
    // When it is read
    const role = valueOf(await evidence().role('arn:aws:iam::111111111111:role/SparseRole'));

    // Then its trust policy and policy lists are unknown, its path comes from the ARN, and it has no boundary
    expect(role).toEqual({
      arn: 'arn:aws:iam::111111111111:role/SparseRole',
      roleName: 'SparseRole',
      path: '/',
      account: ACCOUNT,
      assumeRolePolicy: unknown(
        "the snapshot has no trust policy of role 'SparseRole' (key 'AssumeRolePolicyDocument' absent)",
      ),
      inlinePolicies: [
        {
          name: 'inline policies of SparseRole',
          document: unknown("the snapshot lists no inline policies of role 'SparseRole' (key 'RolePolicyList' absent)"),
          unlisted: true,
        },
      ],
      attachedPolicies: [
        {
          name: 'managed policies of SparseRole',
          document: unknown(
            "the snapshot lists no managed policies of role 'SparseRole' (key 'AttachedManagedPolicies' absent)",
          ),
          unlisted: true,
        },
      ],
      permissionsBoundary: null,
    });
  });

  it('reads a null PermissionsBoundary as no boundary', async () => {
    // Given the partner role with "PermissionsBoundary": null / When it is read / Then it has no boundary
    const role = valueOf(await evidence().role('arn:aws:iam::222222222222:role/PartnerRole'));
    expect(role?.permissionsBoundary).toBeNull();
    expect(role?.attachedPolicies[0].document).toEqual(known(doc('S3Read', 's3:Get*', '*')));
  });

  it('derives a nested path from the ARN when the role gives none', async () => {
    // Given a role listed without Path whose ARN has one
    const source = evidence((json) => {
      setAt(json, ['accounts', ACCOUNT, 'iam', 'RoleDetailList', 0, 'Path'], undefined, true);
      setAt(
        json,
        ['accounts', ACCOUNT, 'iam', 'RoleDetailList', 0, 'Arn'],
        'arn:aws:iam::111111111111:role/a/b/MlTrainingRole',
      );
    });

    // When it is read / Then the path is that of the ARN
    expect(valueOf(await source.role('arn:aws:iam::111111111111:role/MlTrainingRole'))?.path).toBe('/a/b/');
  });

  it.each([
    ['a role that the account does not have', 'arn:aws:iam::111111111111:role/Nobody', known(null)],
    [
      'a role of an account outside the snapshot',
      `arn:aws:iam::${ABSENT}:role/R`,
      unknown(`account ${ABSENT} is not in the snapshot`),
    ],
    [
      'a role of an account without IAM details',
      `arn:aws:iam::${EMPTY}:role/R`,
      unknown(`the snapshot has no IAM details of account ${EMPTY} (key 'iam' absent)`),
    ],
    [
      'a role of an account whose IAM details lack RoleDetailList',
      `arn:aws:iam::${HOLLOW}:role/R`,
      unknown(`the snapshot's IAM details of account ${HOLLOW} have no RoleDetailList`),
    ],
    [
      'something that is not a role ARN',
      'arn:aws:iam::111111111111:user/alice',
      unknown("'arn:aws:iam::111111111111:user/alice' is not an IAM role ARN"),
    ],
  ])('answers %s', async (_case, arn, expected) => {
    // Given the fixture / When the role is asked for / Then the answer says known-none or why it is unknown
    expect(await evidence().role(arn)).toEqual(expected);
  });
});

describe('SnapshotEvidence.bucket', () => {
  it('reads every setting of a bucket and lists its objects under the prefixes', async () => {
    // Given a bucket with every key set
    // When it is read for the prefix train/
    const bucket = valueOf(await evidence().bucket('ml-data', ['train/']));

    // Then each setting is known and only the objects under train/ are listed
    expect(bucket).toEqual({
      name: 'ml-data',
      account: ACCOUNT,
      region: known('us-east-1'),
      policy: known(null),
      encryption: known({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: DATA_KEY_ARN, BucketKeyEnabled: true }),
      objectOwnership: known('BucketOwnerEnforced'),
      requesterPays: known(false),
      objects: known({
        'train/part-0.csv': { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: DATA_KEY_ARN },
        'train/part-1.csv': {},
      }),
    });
  });

  it('lists every object when no prefix is given, and those under any of several prefixes', async () => {
    // Given a bucket with three objects / When read for no prefix and for two
    const source = evidence();
    const all = valueOf(await source.bucket('ml-data', []));
    const two = valueOf(await source.bucket('ml-data', ['validation/', 'train/part-1']));

    // Then the listings are complete and filtered
    expect(Object.keys(valueOf(all?.objects ?? unknown('none')))).toEqual([
      'train/part-0.csv',
      'train/part-1.csv',
      'validation/part-0.csv',
    ]);
    expect(Object.keys(valueOf(two?.objects ?? unknown('none')))).toEqual([
      'train/part-1.csv',
      'validation/part-0.csv',
    ]);
  });

  it('finds a bucket in another account and reads null settings as known-none', async () => {
    // Given a partner account's bucket without default encryption, with Requester Pays
    // When it is read
    const bucket = valueOf(await evidence().bucket('partner-exports', []));

    // Then the owner is that account and the nulls are known
    expect(bucket).toMatchObject({
      account: PARTNER,
      region: known('us-west-2'),
      encryption: known(null),
      objectOwnership: known('ObjectWriter'),
      requesterPays: known(true),
    });
  });

  it('reads null ownership controls as known-none', async () => {
    // Given a bucket whose objectOwnership is null / When it is read / Then it is known to have no ownership controls
    const bucket = valueOf(await evidence().bucket('ml.models.with.dots', []));
    expect(bucket?.objectOwnership).toEqual(known(null));
    expect(bucket?.policy).toEqual(known(doc('Models', 's3:*', 'arn:aws:s3:::ml.models.with.dots/*')));
  });

  it('answers unknown, naming the key, for every setting a bucket does not give', async () => {
    // Given a bucket listed as {} / When it is read / Then every setting is unknown with the absent key
    const bucket = valueOf(await evidence().bucket('ml-sparse', ['a/']));
    expect(bucket).toEqual({
      name: 'ml-sparse',
      account: ACCOUNT,
      region: unknown("the snapshot has no region for 'ml-sparse' (key 'region' absent)"),
      policy: unknown("the snapshot has no bucket policy for 'ml-sparse' (key 'policy' absent)"),
      encryption: unknown("the snapshot has no default encryption for 'ml-sparse' (key 'encryption' absent)"),
      objectOwnership: unknown(
        "the snapshot has no object ownership setting for 'ml-sparse' (key 'objectOwnership' absent)",
      ),
      requesterPays: unknown("the snapshot has no Requester Pays setting for 'ml-sparse' (key 'requesterPays' absent)"),
      objects: unknown("the snapshot lists no objects of bucket 'ml-sparse' (key 'objects' absent)"),
    });
  });

  it.each([
    ['a bucket listed as null', 'deleted-bucket', known(null)],
    ['a bucket in no account', 'nope', unknown("bucket 'nope' is in no account of the snapshot")],
    [
      'a bucket named like an Object.prototype member',
      'constructor',
      unknown("bucket 'constructor' is in no account of the snapshot"),
    ],
  ])('answers %s', async (_case, name, expected) => {
    // Given the fixture / When the bucket is asked for / Then the answer is known-none or unknown with why
    expect(await evidence().bucket(name, [])).toEqual(expected);
  });
});

describe('SnapshotEvidence.key', () => {
  const dataKey = {
    arn: DATA_KEY_ARN,
    account: ACCOUNT,
    keyManager: known('CUSTOMER'),
    keyState: known('Enabled'),
    aliases: ['alias/ml-data'],
    policy: known({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Root',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111111111111:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    }),
    grants: known([
      {
        GrantId: 'g-1',
        GranteePrincipal: ROLE_ARN,
        Operations: ['Decrypt'],
        Constraints: { EncryptionContextSubset: { 'aws:s3:arn': 'arn:aws:s3:::ml-data' } },
      },
    ]),
  };

  it.each([
    ['its key ARN', DATA_KEY_ARN, PARTNER],
    ['its key id, in the given account', '1111aaaa-0000-0000-0000-000000000001', ACCOUNT],
    ['its alias name, in the given account', 'alias/ml-data', ACCOUNT],
    ['its alias ARN', 'arn:aws:kms:us-east-1:111111111111:alias/ml-data', PARTNER],
  ])('resolves a key named by ARN in the snapshot by %s', async (_case, ref, account) => {
    // Given a key listed by ARN with an alias / When it is asked for / Then the whole key comes back by its ARN
    expect(await evidence().key(ref, account)).toEqual(known(dataKey));
  });

  it.each([
    ['its key id', AWS_KEY_ID],
    ['its key ARN in the snapshot region', `arn:aws:kms:us-east-1:111111111111:key/${AWS_KEY_ID}`],
    ['its alias alias/aws/s3, listed as an alias ARN', 'alias/aws/s3'],
  ])(
    'resolves a key named by id in the snapshot by %s, answering with the ARN of the holding account and snapshot region',
    async (_case, ref) => {
      // Given an AWS managed key listed by key id, with a null policy
      // When it is asked for
      const key = valueOf(await evidence().key(ref, ACCOUNT));

      // Then its ARN is built from the account and region, and its alias reads as a name
      expect(key).toEqual({
        arn: `arn:aws:kms:us-east-1:111111111111:key/${AWS_KEY_ID}`,
        account: ACCOUNT,
        keyManager: known('AWS'),
        keyState: known('Enabled'),
        aliases: ['alias/aws/s3'],
        policy: known(null),
        grants: known([]),
      });
    },
  );

  it('resolves an alias ARN in the region it names, and a sparse key answers unknown for what it lacks', async () => {
    // Given two keys of one account with the same alias in two regions
    // When the eu-west-1 alias ARN is asked for
    const key = valueOf(await evidence().key('arn:aws:kms:eu-west-1:111111111111:alias/ml-data', ACCOUNT));

    // Then the eu-west-1 key comes back, its missing policy and grants unknown
    expect(key).toEqual({
      arn: EU_KEY_ARN,
      account: ACCOUNT,
      keyManager: known('CUSTOMER'),
      keyState: known('PendingDeletion'),
      aliases: ['alias/ml-data'],
      policy: unknown(`the snapshot has no key policy of the key ${EU_KEY_ARN} (key 'policy' absent)`),
      grants: unknown(`the snapshot has no grants of the key ${EU_KEY_ARN} (key 'grants' absent)`),
    });
  });

  it('answers unknown KeyManager and KeyState when the key does not give them', async () => {
    // Given a key listed as {} / When it is read / Then manager and state are unknown and it has no aliases
    const source = evidence((json) => setAt(json, ['accounts', ACCOUNT, 'kms', 'keys', 'abcd'], {}));
    const key = valueOf(await source.key('abcd', ACCOUNT));
    expect(key?.keyManager).toEqual(
      unknown(
        "the snapshot has no KeyManager of the key arn:aws:kms:us-east-1:111111111111:key/abcd (key 'KeyManager' absent)",
      ),
    );
    expect(key?.keyState.known).toBe(false);
    expect(key?.aliases).toEqual([]);
  });

  it.each([
    ['a key listed as null', '4444dddd-0000-0000-0000-000000000004', ACCOUNT, known(null)],
    [
      'a key id unknown to the account',
      'ffff',
      ACCOUNT,
      unknown(
        "the key arn:aws:kms:us-east-1:111111111111:key/ffff is not in the snapshot's kms.keys of account 111111111111",
      ),
    ],
    [
      'a key id-named key asked for in another region',
      `arn:aws:kms:eu-west-1:111111111111:key/${AWS_KEY_ID}`,
      ACCOUNT,
      unknown(
        `the key arn:aws:kms:eu-west-1:111111111111:key/${AWS_KEY_ID} is not in the snapshot's kms.keys of account 111111111111`,
      ),
    ],
    [
      'an alias no key has',
      'alias/other',
      ACCOUNT,
      unknown("no key of account 111111111111 in the snapshot has the alias 'alias/other'"),
    ],
    [
      'alias/aws/s3 of an account whose snapshot lacks it',
      'alias/aws/s3',
      HOLLOW,
      unknown(`the snapshot has no KMS keys of account ${HOLLOW} (key 'kms.keys' absent)`),
    ],
    [
      'alias/aws/s3 of an account without a kms section',
      'alias/aws/s3',
      PARTNER,
      unknown(`the snapshot has no KMS keys of account ${PARTNER} (key 'kms.keys' absent)`),
    ],
    [
      'a key ARN of an account outside the snapshot',
      `arn:aws:kms:us-east-1:${ABSENT}:key/x`,
      ACCOUNT,
      unknown(`account ${ABSENT} is not in the snapshot`),
    ],
    ['a key id in an account outside the snapshot', 'x', ABSENT, unknown(`account ${ABSENT} is not in the snapshot`)],
  ])('answers %s', async (_case, ref, account, expected) => {
    // Given the fixture / When the key is asked for / Then the answer is known-none or unknown with why
    expect(await evidence().key(ref, account)).toEqual(expected);
  });
});

describe('SnapshotEvidence.organization', () => {
  it('names each SCP by the name it carries, else by its level and place', async () => {
    // Given an organization with a bare root SCP, a named wrapper and a DescribePolicy output
    // When the account's organization is read
    const organization = valueOf(await evidence().organization(ACCOUNT));

    // Then SCP levels are named, documents kept as written, RCPs unknown
    expect(organization).toEqual({
      id: 'o-exampleorgid',
      scps: known([
        [
          {
            name: 'SCP at level 1 #1',
            document: known({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
          },
        ],
        [
          {
            name: 'DenyOutsideRegions',
            arn: 'arn:aws:organizations::999999999999:policy/o-exampleorgid/service_control_policy/p-1',
            document: known(expect.stringMatching(/^\{"Version"/)),
          },
          {
            name: 'FullAWSAccess',
            arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
            document: known({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
          },
        ],
      ]),
      rcps: unknown("the snapshot has no RCPs of the organization of account 111111111111 (key 'rcps' absent)"),
    });
  });

  it('reads RCP levels and answers unknown SCPs when absent', async () => {
    // Given the partner organization with RCPs only / When it is read / Then RCPs are named by level, SCPs unknown
    const organization = valueOf(await evidence().organization(PARTNER));
    expect(organization?.id).toBe('o-partnerorg');
    expect(valueOf(organization?.rcps ?? unknown('none'))[0][0].name).toBe('RCP at level 1 #1');
    expect(organization?.scps).toEqual(
      unknown("the snapshot has no SCPs of the organization of account 222222222222 (key 'scps' absent)"),
    );
  });

  it('reads null SCPs as no SCPs', async () => {
    // Given "scps": null / When the organization is read / Then there are no SCP levels
    const source = evidence((json) => setAt(json, ['accounts', ACCOUNT, 'organization', 'scps'], null));
    expect(valueOf(await source.organization(ACCOUNT))?.scps).toEqual(known([]));
  });

  it.each([
    ['an account without an organization key is in no organization', EMPTY, known(null)],
    ['an account whose organization is null is in no organization', HOLLOW, known(null)],
    ['an account outside the snapshot is unknown', ABSENT, unknown(`account ${ABSENT} is not in the snapshot`)],
  ])('%s', async (_case, account, expected) => {
    // Given the fixture / When the organization is asked for / Then the answer follows docs/formats/snapshot.md
    expect(await evidence().organization(account)).toEqual(expected);
  });
});

describe('SnapshotEvidence.vpcEndpoints and subnets', () => {
  it('reads endpoints, an absent or null policy as the default full-access policy (null)', async () => {
    // Given three endpoints: a string policy, a null policy, no policy
    // When they are read
    const endpoints = valueOf(await evidence().vpcEndpoints(ACCOUNT));

    // Then every field is kept and the default policy is null
    expect(
      endpoints.map((endpoint) => [
        endpoint.VpcEndpointId,
        endpoint.VpcId,
        endpoint.ServiceName,
        endpoint.VpcEndpointType,
        endpoint.PolicyDocument,
      ]),
    ).toEqual([
      ['vpce-1', 'vpc-1', 'com.amazonaws.us-east-1.s3', 'Gateway', JSON.stringify(doc('Endpoint', 's3:*', '*'))],
      ['vpce-2', 'vpc-1', 'com.amazonaws.us-east-1.sts', 'Interface', null],
      ['vpce-3', 'vpc-2', 'com.amazonaws.us-east-1.s3', 'Gateway', null],
    ]);
  });

  it('reads subnets with the fields the diagnosis uses', async () => {
    // Given a subnet with an extra field / When subnets are read / Then only SubnetId and VpcId come back
    expect(await evidence().subnets(ACCOUNT)).toEqual(known([{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }]));
    expect(await evidence().subnets(PARTNER)).toEqual(known([]));
  });

  it.each([
    [
      'vpcEndpoints',
      PARTNER,
      unknown(`the snapshot has no VPC endpoints of account ${PARTNER} (key 'vpcEndpoints' absent)`),
    ],
    ['vpcEndpoints', EMPTY, unknown(`the snapshot has no 'ec2' section for account ${EMPTY}`)],
    ['vpcEndpoints', ABSENT, unknown(`account ${ABSENT} is not in the snapshot`)],
    ['subnets', HOLLOW, unknown(`the snapshot has no 'ec2' section for account ${HOLLOW}`)],
    ['subnets', ABSENT, unknown(`account ${ABSENT} is not in the snapshot`)],
  ] as const)('answers unknown %s for account %s', async (method, account, expected) => {
    // Given the fixture / When asked / Then unknown with the reason
    expect(await evidence()[method](account)).toEqual(expected);
  });

  it('answers unknown subnets when the ec2 section has none', async () => {
    // Given an ec2 section with endpoints only / When subnets are read / Then they are unknown
    const source = evidence((json) => setAt(json, ['accounts', ACCOUNT, 'ec2', 'subnets'], undefined, true));
    expect(await source.subnets(ACCOUNT)).toEqual(
      unknown(`the snapshot has no subnets of account ${ACCOUNT} (key 'subnets' absent)`),
    );
  });
});

describe('SnapshotEvidence.repository', () => {
  it.each([
    [
      'a repository without a policy',
      ACCOUNT,
      'us-east-1',
      'ml-images',
      known({ arn: 'arn:aws:ecr:us-east-1:111111111111:repository/ml-images', policy: known(null) }),
    ],
    [
      'a repository with a policy',
      ACCOUNT,
      'us-east-1',
      'shared-images',
      known({
        arn: 'arn:aws:ecr:us-east-1:111111111111:repository/shared-images',
        policy: known(doc('Pull', 'ecr:BatchGetImage', '*')),
      }),
    ],
    [
      'a repository that does not give its policy',
      ACCOUNT,
      'us-east-1',
      'sparse-repo',
      known({
        arn: 'arn:aws:ecr:us-east-1:111111111111:repository/sparse-repo',
        policy: unknown("the snapshot has no repository policy for 'sparse-repo' (key 'policy' absent)"),
      }),
    ],
    ['a repository listed as null', ACCOUNT, 'us-east-1', 'gone', known(null)],
    [
      'a repository the account does not list',
      ACCOUNT,
      'us-east-1',
      'other',
      unknown("repository 'other' is not in the snapshot's ecr.repositories of account 111111111111"),
    ],
    [
      'a repository in another region',
      ACCOUNT,
      'eu-west-1',
      'ml-images',
      unknown("the snapshot holds region us-east-1 only, not the repository 'ml-images' in eu-west-1"),
    ],
    [
      'a repository of an account whose ecr section lists none',
      HOLLOW,
      'us-east-1',
      'r',
      unknown(`the snapshot has no ECR repositories of account ${HOLLOW} (key 'ecr.repositories' absent)`),
    ],
    [
      'a repository of an account without ecr',
      EMPTY,
      'us-east-1',
      'r',
      unknown(`the snapshot has no ECR repositories of account ${EMPTY} (key 'ecr.repositories' absent)`),
    ],
    [
      'a repository of an account outside the snapshot',
      ABSENT,
      'us-east-1',
      'r',
      unknown(`account ${ABSENT} is not in the snapshot`),
    ],
  ])('answers %s', async (_case, account, region, name, expected) => {
    // Given the fixture / When the repository is asked for / Then the answer follows absent/null
    expect(await evidence().repository(account, region, name)).toEqual(expected);
  });
});

describe('SnapshotEvidence: SageMaker descriptions', () => {
  it.each([
    ['a training job', 'training', 'train-1', 'TrainingJobName', 'Train-1'],
    ['a processing job', 'processing', 'proc-1', 'ProcessingJobName', 'proc-1'],
    ['an endpoint', 'endpoint', 'ep-1', 'EndpointName', 'ep-1'],
  ] as const)('describes %s from its section', async (_case, kind, name, field, value) => {
    // Given the fixture / When the job is described / Then the Describe output comes back whole
    expect(valueOf(await evidence().describeJob(ACCOUNT, kind, name))).toMatchObject({ [field]: value });
  });

  it.each([
    ['a job listed as null', ACCOUNT, 'training', 'deleted-job', known(null)],
    [
      'a job the section does not list',
      ACCOUNT,
      'training',
      'nope',
      unknown("training job 'nope' is not in the snapshot's sagemaker.trainingJobs of account 111111111111"),
    ],
    [
      'a job whose section is absent',
      ACCOUNT,
      'transform',
      't',
      unknown('the snapshot has no sagemaker.transformJobs for account 111111111111'),
    ],
    [
      'a tuning job whose section is absent',
      ACCOUNT,
      'tuning',
      't',
      unknown('the snapshot has no sagemaker.tuningJobs for account 111111111111'),
    ],
    [
      'a job of an account without a sagemaker section',
      EMPTY,
      'training',
      't',
      unknown(`the snapshot has no 'sagemaker' section for account ${EMPTY}`),
    ],
    [
      'a job of an account outside the snapshot',
      ABSENT,
      'training',
      't',
      unknown(`account ${ABSENT} is not in the snapshot`),
    ],
  ] as const)('answers %s', async (_case, account, kind, name, expected) => {
    // Given the fixture / When the job is described / Then known-none or unknown with why
    expect(await evidence().describeJob(account, kind, name)).toEqual(expected);
  });

  it.each([
    [
      'a training job ARN written in lower case',
      'arn:aws:sagemaker:us-east-1:111111111111:training-job/train-1',
      'training',
      'Train-1',
    ],
    ['a processing job ARN', 'arn:aws:sagemaker:us-east-1:111111111111:processing-job/proc-1', 'processing', 'proc-1'],
    ['an endpoint ARN in upper case', 'ARN:AWS:SAGEMAKER:US-EAST-1:111111111111:ENDPOINT/EP-1', 'endpoint', 'ep-1'],
    [
      'the ARN of a job listed without its *Arn field, by kind and name',
      'arn:aws:sagemaker:us-east-1:111111111111:training-job/no-arn-job',
      'training',
      'no-arn-job',
    ],
  ])('finds the job of %s', async (_case, arn, kind, name) => {
    // Given the fixture / When the job is looked up by ARN / Then its kind and description come back
    const found = valueOf(await evidence().describeJobByArn(arn));
    expect(found?.kind).toBe(kind);
    expect(Object.values(found?.description ?? {})).toContain(name);
  });

  it.each([
    [
      'the ARN of a job listed as null',
      'arn:aws:sagemaker:us-east-1:111111111111:training-job/deleted-job',
      known(null),
    ],
    [
      'an ARN no job has',
      'arn:aws:sagemaker:us-east-1:111111111111:training-job/other',
      unknown("no job in the snapshot has the ARN 'arn:aws:sagemaker:us-east-1:111111111111:training-job/other'"),
    ],
    [
      'an ARN of an account outside the snapshot',
      `arn:aws:sagemaker:us-east-1:${ABSENT}:training-job/x`,
      unknown(`account ${ABSENT} is not in the snapshot`),
    ],
    ['something that is not a SageMaker ARN', 'train-1', unknown("'train-1' is not a SageMaker job ARN")],
  ])('answers %s', async (_case, arn, expected) => {
    // Given the fixture / When the job is looked up by ARN / Then known-none or unknown with why
    expect(await evidence().describeJobByArn(arn)).toEqual(expected);
  });

  it('does not take a job with another ARN for the one asked, even when the names match', async () => {
    // Given train-1 listed with its ARN in us-east-1
    // When the same name is asked for in another region
    const answer = await evidence().describeJobByArn('arn:aws:sagemaker:eu-west-1:111111111111:training-job/train-1');

    // Then it is not found
    expect(answer.known).toBe(false);
  });

  it.each([
    [
      'describeModel',
      'model-1',
      known({ ModelName: 'model-1', ExecutionRoleArn: 'arn:aws:iam::111111111111:role/MlTrainingRole' }),
    ],
    ['describeModel', 'gone-model', known(null)],
    [
      'describeModel',
      'other',
      unknown("model 'other' is not in the snapshot's sagemaker.models of account 111111111111"),
    ],
    ['describeEndpointConfig', 'ep-1-config', known({ EndpointConfigName: 'ep-1-config' })],
    [
      'describeEndpointConfig',
      'other',
      unknown(
        "endpoint configuration 'other' is not in the snapshot's sagemaker.endpointConfigs of account 111111111111",
      ),
    ],
  ] as const)('%s(%s)', async (method, name, expected) => {
    // Given the fixture / When the model or endpoint configuration is described / Then known, known-none or unknown
    expect(await evidence()[method](ACCOUNT, name)).toEqual(expected);
  });

  it('answers unknown models for an account whose sagemaker section lists none', async () => {
    // Given an account with "sagemaker": {} / When a model is described / Then the section is unknown
    expect(await evidence().describeModel(HOLLOW, 'm')).toEqual(
      unknown(`the snapshot has no sagemaker.models for account ${HOLLOW}`),
    );
  });
});
