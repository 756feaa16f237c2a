/**
 * The snapshot's "could not be read" markers and tags (docs/formats.md, snapshot): a role's
 * `unreadable` fields and an account's `organization: "unreadable"` are unknown evidence, never
 * "none"; role `Tags` and object `tags` are carried through.
 */
import { unknown, type Known, type RoleEvidence } from '../../../lambda/evidence/evidence';
import { parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../../lambda/evidence/snapshot/snapshot-evidence';
import { fixture, setAt } from './helpers';

const ACCOUNT = '111111111111';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/service-role/MlTrainingRole';
const ROLE = ['accounts', ACCOUNT, 'iam', 'RoleDetailList', 0];

function evidence(change: (json: unknown) => void): SnapshotEvidence {
  const json = fixture('multi-account.json');
  change(json);
  return new SnapshotEvidence(parseSnapshot(json, 'snap.json'));
}

function valueOf<T>(answer: Known<T>): T {
  if (!answer.known) throw new Error(`expected a known answer, got unknown: ${answer.why}`);
  return answer.value;
}

/** The role the snapshot holds (fails the test when it holds none). */
async function roleOf(source: SnapshotEvidence): Promise<RoleEvidence> {
  const role = valueOf(await source.role(ROLE_ARN));
  if (role === null) throw new Error(`expected the snapshot to hold ${ROLE_ARN}`);
  return role;
}

describe('a role with unreadable fields', () => {
  it.each([
    ['RolePolicyList', 'inlinePolicies', 'inline policies'],
    ['AttachedManagedPolicies', 'attachedPolicies', 'managed policies'],
  ] as const)(
    '%s unreadable: the %s are one unknown placeholder, though the role lists some',
    async (key, field, what) => {
      // Given a role that lists policies under KEY but marks KEY unreadable
      const source = evidence((json) => setAt(json, [...ROLE, 'unreadable'], [key]));

      // When the role is read
      const role = await roleOf(source);

      // Then that list is not known (never "none"), and says why
      expect(role[field]).toEqual([
        {
          name: `${what} of MlTrainingRole`,
          document: unknown(
            `the snapshot says the ${what} of role 'MlTrainingRole' could not be read ('${key}' unreadable)`,
          ),
          unlisted: true,
        },
      ]);
    },
  );

  it('AssumeRolePolicyDocument unreadable: the trust policy is unknown', async () => {
    // Given the role's trust policy marked unreadable / When read / Then it is unknown
    const source = evidence((json) => setAt(json, [...ROLE, 'unreadable'], ['AssumeRolePolicyDocument']));
    const role = await roleOf(source);
    expect(role.assumeRolePolicy.known).toBe(false);
    expect(role.inlinePolicies.every((policy) => policy.document.known)).toBe(true);
  });

  it('PermissionsBoundary unreadable with the key absent: the boundary is unknown, not "none"', async () => {
    // Given a role without a PermissionsBoundary key but with the boundary unreadable
    const source = evidence((json) => {
      setAt(json, [...ROLE, 'PermissionsBoundary'], undefined, true);
      setAt(json, [...ROLE, 'unreadable'], ['PermissionsBoundary']);
    });

    // When read / Then a boundary whose document is unknown
    const role = await roleOf(source);
    expect(role.permissionsBoundary?.document.known).toBe(false);
  });

  it('a field name the project does not read is accepted and changes nothing', async () => {
    // Given an unreadable field this project does not use / When read / Then every policy is known
    const source = evidence((json) => setAt(json, [...ROLE, 'unreadable'], ['InstanceProfileList']));
    const role = await roleOf(source);
    expect(role.inlinePolicies.every((policy) => policy.document.known)).toBe(true);
  });

  it('rejects an unreadable that is not a list of names, naming the path', () => {
    // Given "unreadable" as a string / When parsed / Then one line names file, path and expectation
    const json = fixture('multi-account.json');
    setAt(json, [...ROLE, 'unreadable'], 'RolePolicyList');
    expect(() => parseSnapshot(json, 'snap.json')).toThrow(
      /^snap\.json: accounts\.111111111111\.iam\.RoleDetailList\[0\]\.unreadable: expected an array of the field names/,
    );
  });
});

describe('an account whose organization is unreadable', () => {
  it('gives unknown organization evidence (SCPs and RCPs not known)', async () => {
    // Given organization: "unreadable" / When the organization is read / Then it is unknown
    const source = evidence((json) => setAt(json, ['accounts', ACCOUNT, 'organization'], 'unreadable'));
    expect(await source.organization(ACCOUNT)).toEqual(
      unknown('the snapshot says the organization of account 111111111111 could not be read'),
    );
  });

  it('rejects another string, naming the values it accepts', () => {
    const json = fixture('multi-account.json');
    setAt(json, ['accounts', ACCOUNT, 'organization'], 'none');
    expect(() => parseSnapshot(json, 'snap.json')).toThrow(/organization: expected .*null or "unreadable"/);
  });
});

describe('tags', () => {
  it("carries a role's Tags into the evidence by key", async () => {
    // Given a role with IAM Tags / When read / Then its tags are known, by key
    const source = evidence((json) =>
      setAt(
        json,
        [...ROLE, 'Tags'],
        [
          { Key: 'project', Value: 'churn' },
          { Key: 'team', Value: '' },
        ],
      ),
    );
    const role = await roleOf(source);
    expect(role.tags).toEqual({ known: true, value: { project: 'churn', team: '' } });
  });

  it('a role without Tags has no tag evidence; Tags unreadable: tags unknown', async () => {
    const plain = await roleOf(evidence((json) => setAt(json, [...ROLE, 'Tags'], undefined, true)));
    expect(plain.tags).toBeUndefined();
    const marked = await roleOf(evidence((json) => setAt(json, [...ROLE, 'unreadable'], ['Tags'])));
    expect(marked.tags?.known).toBe(false);
  });

  it('rejects a tag without a Value', () => {
    const json = fixture('multi-account.json');
    setAt(json, [...ROLE, 'Tags'], [{ Key: 'project' }]);
    expect(() => parseSnapshot(json, 'snap.json')).toThrow(/RoleDetailList\[0\]\.Tags\[0\]\.Value: missing/);
  });

  it("carries an object's tags into the bucket evidence", async () => {
    // Given an object with tags / When the bucket is read / Then the object keeps them
    const objectPath = ['accounts', ACCOUNT, 's3', 'buckets', 'ml-data', 'objects', 'train/part-0.csv'];
    const source = evidence((json) => setAt(json, [...objectPath, 'tags'], { classification: 'restricted' }));
    const bucket = valueOf(await source.bucket('ml-data', ['train/']));
    expect(valueOf(bucket!.objects)['train/part-0.csv'].tags).toEqual({ classification: 'restricted' });
  });

  it('rejects an object tag value that is not a string', () => {
    const json = fixture('multi-account.json');
    setAt(json, ['accounts', ACCOUNT, 's3', 'buckets', 'ml-data', 'objects', 'train/part-0.csv', 'tags'], { n: 1 });
    expect(() => parseSnapshot(json, 'snap.json')).toThrow(/tags\.n: expected a tag value, got/);
  });
});

describe('the reasons a recording gives for what it could not read (unreadableReasons)', () => {
  const REASONS = ['accounts', ACCOUNT, 'unreadableReasons'];

  it('a role whose one inline policy could not be read: the others are known, only that one is unknown', async () => {
    // Given the list marked unreadable, the policies read kept, the one not read named with its reason
    const why = "inline policy 'secret-deny': iam:GetRolePolicy was denied: not authorized";
    const source = evidence((json) => {
      setAt(json, [...ROLE, 'unreadable'], ['RolePolicyList']);
      setAt(json, REASONS, { 'iam/RoleDetailList/MlTrainingRole/RolePolicyList/secret-deny': why });
    });
    // When the role is read
    const role = await roleOf(source);
    // Then the three policies read are known, and the fourth is unknown with AWS's reason
    expect(role.inlinePolicies.map((policy) => [policy.name, policy.document.known])).toEqual([
      ['read-object', true],
      ['list-json', true],
      ['write-urlencoded', true],
      ['secret-deny', false],
    ]);
    expect(role.inlinePolicies[3].document).toEqual(unknown(why));
  });

  it('a list that could not be listed: one unknown entry, with the recorded reason', async () => {
    const source = evidence((json) => {
      setAt(json, [...ROLE, 'unreadable'], ['RolePolicyList']);
      setAt(json, [...ROLE, 'RolePolicyList'], undefined, true);
      setAt(json, REASONS, { 'iam/RoleDetailList/MlTrainingRole/RolePolicyList': 'iam:ListRolePolicies was denied' });
    });
    const role = await roleOf(source);
    expect(role.inlinePolicies).toEqual([
      {
        name: 'inline policies of MlTrainingRole',
        document: unknown('iam:ListRolePolicies was denied'),
        unlisted: true,
      },
    ]);
  });

  it("states AWS's reason for a bucket field, a whole bucket, an organization and its RCPs", async () => {
    const source = evidence((json) => {
      setAt(json, ['accounts', ACCOUNT, 's3', 'buckets', 'ml-sparse', 'policy'], undefined, true);
      setAt(json, ['accounts', ACCOUNT, 'organization'], 'unreadable');
      setAt(json, REASONS, {
        's3/buckets/ml-sparse/policy': 's3:GetBucketPolicy was throttled',
        's3/buckets/far-away': "bucket 'far-away' is not owned by account 111111111111 (s3:ListBuckets)",
        organization: 'organizations:DescribeOrganization was denied',
      });
    });
    const bucket = valueOf(await source.bucket('ml-sparse', []));
    expect(bucket?.policy).toEqual(unknown('s3:GetBucketPolicy was throttled'));
    expect(await source.bucket('far-away', [])).toEqual(
      unknown("bucket 'far-away' is not owned by account 111111111111 (s3:ListBuckets)"),
    );
    expect(await source.organization(ACCOUNT)).toEqual(unknown('organizations:DescribeOrganization was denied'));
  });

  it('a reason for something the snapshot holds changes nothing', async () => {
    const source = evidence((json) =>
      setAt(json, REASONS, { 'iam/RoleDetailList/MlTrainingRole/RolePolicyList/read-object': 'stale' }),
    );
    const role = await roleOf(source);
    expect(role.inlinePolicies.every((policy) => policy.document.known)).toBe(true);
  });

  it('rejects a reason that is not a string, naming the path', () => {
    const json = fixture('multi-account.json');
    setAt(json, REASONS, { organization: 1 });
    expect(() => parseSnapshot(json, 'snap.json')).toThrow(/unreadableReasons\.organization/);
  });
});
