import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../lambda/errors';
import { loadSnapshot, parseJson, parseSnapshot } from '../../../lambda/evidence/snapshot/load';
import { FIXTURES, fixture, setAt } from './helpers';

const FILE = 'snap.json';
/** The acceptance scenarios, copied into the repository (test/fixtures/acceptance/README.md). */
const SCENARIOS = join(__dirname, '..', '..', 'fixtures', 'acceptance');

/** The InputError that `run` throws (fails the test when it throws nothing or something else). */
function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError, got none');
}

interface InvalidCase {
  name: string;
  path: (string | number)[];
  value?: unknown;
  delete?: boolean;
  expectPath: string;
  expectProblem: string;
}

describe('parseSnapshot', () => {
  it('reads a valid multi-account snapshot, keeping absent keys absent and null keys null', () => {
    // Given the multi-account fixture
    const json = fixture('multi-account.json');

    // When it is parsed
    const snapshot = parseSnapshot(json, FILE);

    // Then the top level and the accounts are typed, nulls kept, extra keys dropped, role tags kept
    expect(snapshot.snapshotVersion).toBe(1);
    expect(snapshot.partition).toBe('aws');
    expect(snapshot.region).toBe('us-east-1');
    expect(Object.keys(snapshot.accounts)).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
    expect(snapshot).not.toHaveProperty('generatedBy');
    const buckets = snapshot.accounts['111111111111'].s3?.buckets ?? {};
    expect(buckets['ml-data']?.policy).toBeNull();
    expect(buckets['deleted-bucket']).toBeNull();
    expect(buckets['ml-sparse']).toEqual({});
    expect(snapshot.accounts['333333333333']).toEqual({});
    expect(snapshot.accounts['444444444444'].organization).toBeNull();
    expect(snapshot.accounts['111111111111'].iam?.RoleDetailList?.[0].Tags).toEqual([{ Key: 'team', Value: 'ml' }]);
  });

  it('keeps policy documents exactly as written: object, JSON string and URL-encoded string', () => {
    // Given a role whose inline policies use the three encodings IAM's APIs return
    const raw = fixture('multi-account.json') as {
      accounts: Record<string, { iam: { RoleDetailList: { RolePolicyList: { PolicyDocument: unknown }[] }[] } }>;
    };
    const written = raw.accounts['111111111111'].iam.RoleDetailList[0].RolePolicyList.map(
      (policy) => policy.PolicyDocument,
    );

    // When the snapshot is parsed
    const snapshot = parseSnapshot(raw, FILE);

    // Then each document is handed on untouched, for the engine to decode
    const read = snapshot.accounts['111111111111'].iam?.RoleDetailList?.[0].RolePolicyList?.map(
      (policy) => policy.PolicyDocument,
    );
    expect(read).toEqual(written);
    expect(typeof read?.[0]).toBe('object');
    expect(read?.[1]).toMatch(/^\{"Version"/);
    expect(read?.[2]).toMatch(/^%7B%22Version%22/);
  });

  it('reads the nested ApplyServerSideEncryptionByDefault form of a bucket encryption rule as the flat form', () => {
    // Given a bucket whose encryption is written as S3's GetBucketEncryption rule
    // When the snapshot is parsed
    const snapshot = parseSnapshot(fixture('multi-account.json'), FILE);

    // Then the rule is flattened
    expect(snapshot.accounts['111111111111'].s3?.buckets?.['ml.models.with.dots']?.encryption).toEqual({
      SSEAlgorithm: 'AES256',
      BucketKeyEnabled: false,
    });
  });

  it('reads null where it means the same as an empty list or the default (SCPs, grants, endpoints, requesterPays)', () => {
    // Given null SCPs, grants, VPC endpoints and requesterPays
    const json = fixture('multi-account.json');
    setAt(json, ['accounts', '111111111111', 'organization', 'scps'], null);
    setAt(json, ['accounts', '111111111111', 'kms', 'keys', '2222bbbb-0000-0000-0000-000000000002', 'grants'], null);
    setAt(json, ['accounts', '111111111111', 'ec2', 'vpcEndpoints'], null);

    // When the snapshot is parsed
    const account = parseSnapshot(json, FILE).accounts['111111111111'];

    // Then each reads as "none"
    expect(account.organization).toMatchObject({ scps: [] });
    expect(account.kms?.keys?.['2222bbbb-0000-0000-0000-000000000002']?.grants).toEqual([]);
    expect(account.ec2?.vpcEndpoints).toEqual([]);
    expect(account.s3?.buckets?.['ml.models.with.dots']?.requesterPays).toBe(false);
  });

  it('reads its own output back unchanged, so that a recorded snapshot replays', () => {
    // Given a parsed snapshot written out as JSON (what --record does with a Snapshot)
    const snapshot = parseSnapshot(fixture('multi-account.json'), FILE);
    const written = JSON.parse(JSON.stringify(snapshot)) as unknown;

    // When it is parsed again
    // Then it is the same snapshot
    expect(parseSnapshot(written, FILE)).toEqual(snapshot);
  });

  it('defaults the partition to aws when the snapshot does not name one', () => {
    // Given a snapshot without a partition
    const json = setAt(fixture('multi-account.json'), ['partition'], undefined, true);

    // When it is parsed
    // Then the partition is aws
    expect(parseSnapshot(json, FILE).partition).toBe('aws');
  });

  it('treats a key named __proto__ as data', () => {
    // Given a bucket map with a bucket literally named __proto__
    const json = JSON.parse(
      '{"snapshotVersion":1,"region":"us-east-1","accounts":{"111111111111":{"s3":{"buckets":{"__proto__":{"region":"us-east-1"}}}}}}',
    ) as unknown;

    // When it is parsed
    const buckets = parseSnapshot(json, FILE).accounts['111111111111'].s3?.buckets ?? {};

    // Then the bucket is an own entry and the map's prototype is untouched
    expect(Object.keys(buckets)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(buckets)).toBe(Object.prototype);
  });

  const invalid = fixture('invalid-cases.json') as InvalidCase[];
  it.each(invalid.map((testCase) => [testCase.name, testCase] as const))(
    'rejects a snapshot where %s, naming the file and the JSON path',
    (_name, testCase) => {
      // Given the valid fixture with one field broken
      const json = setAt(fixture('multi-account.json'), testCase.path, testCase.value, testCase.delete === true);

      // When it is parsed
      const error = inputError(() => parseSnapshot(json, FILE));

      // Then one line names the file, the path and the problem
      expect(error.message.startsWith(`${FILE}: `)).toBe(true);
      expect(error.message).toContain(`${testCase.expectPath}: `);
      expect(error.message).toContain(testCase.expectProblem);
      expect(error.message).not.toMatch(/\n/);
    },
  );

  it('gives the fix along with the problem for a snapshot of another version', () => {
    // Given a snapshot of version 2
    const json = setAt(fixture('multi-account.json'), ['snapshotVersion'], 2);

    // When it is parsed
    const error = inputError(() => parseSnapshot(json, FILE));

    // Then the message says what to do
    expect(error.message).toBe(
      'snap.json: snapshotVersion: this is a snapshot of another version (2); only snapshotVersion 1 is read; record the snapshot again with this version of sagemaker-access-doctor (diagnose --record)',
    );
  });
});

describe('parseJson', () => {
  it.each([
    ['a missing property name', '{\n  "a": 1,\n  x}', 'line 3, column 3'],
    ['an empty file', '', 'line 1, column 1'],
    ['a truncated file', '{"a":\n', 'line 2, column 1'],
  ])('reports %s with its line and column', (_name, text, where) => {
    // Given invalid JSON text
    // When it is parsed
    const error = inputError(() => parseJson(text, FILE));

    // Then the one-line message names the file and the position
    expect(error.message).toMatch(new RegExp(`^snap\\.json: invalid JSON at ${where} \\(.+\\); fix the JSON syntax$`));
  });

  it('skips a leading byte order mark', () => {
    // Given JSON text written with a BOM
    // When it is parsed
    // Then the BOM is not a syntax error
    expect(parseJson('\uFEFF{"a":1}', FILE)).toEqual({ a: 1 });
  });
});

describe('loadSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-load-'));

  it('reads, parses and validates a snapshot file', () => {
    // Given the fixture on disk
    const file = join(FIXTURES, 'multi-account.json');

    // When it is loaded
    const snapshot = loadSnapshot(file);

    // Then it is the parsed snapshot
    expect(snapshot).toEqual(parseSnapshot(fixture('multi-account.json'), file));
  });

  it('rejects a file that cannot be read, naming it', () => {
    // Given a path with no file
    const file = join(dir, 'missing.json');

    // When it is loaded
    const error = inputError(() => loadSnapshot(file));

    // Then the message names the file and the fix
    expect(error.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot read the snapshot file \\(ENOENT.*\\); check the path given to --snapshot$`,
      ),
    );
  });

  it('rejects a file of invalid JSON with its position', () => {
    // Given a file with a syntax error on line 2
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"snapshotVersion": 1,\n "region": }');

    // When it is loaded
    const error = inputError(() => loadSnapshot(file));

    // Then the message names the file, line and column
    expect(error.message).toContain(`${file}: invalid JSON at line 2, column 12`);
  });

  it('rejects a file whose JSON is valid but whose snapshot is not, naming the file and the place', () => {
    // Given a file of version 2
    const file = join(dir, 'v2.json');
    writeFileSync(file, '{"snapshotVersion": 2, "region": "us-east-1", "accounts": {}}');

    // When it is loaded
    // Then the version error names the file, the line and column of the value, and the path
    expect(inputError(() => loadSnapshot(file)).message).toContain(
      `${file}:1:21: snapshotVersion: this is a snapshot of another version (2)`,
    );
  });

  it.each([
    [
      'a value of the wrong type, at the value',
      '"111111111111": { "iam": "x" }',
      'accounts.111111111111.iam: expected',
      30,
    ],
    ['a bad account id, at the key', '"12345": {}', 'accounts.12345: an account id', 5],
    [
      'a KMS key named by alias, at the key',
      '"111111111111": { "kms": { "keys": { "alias/ml": {} } } }',
      'accounts.111111111111.kms.keys["alias/ml"]: keys are named',
      42,
    ],
    [
      'a missing key, at the object that lacks it',
      '"111111111111": { "iam": { "RoleDetailList": [{ "RoleName": "r" }] } }',
      'accounts.111111111111.iam.RoleDetailList[0].Arn: missing',
      51,
    ],
  ])('places %s, as the file writes it', (_name, account, expected, column) => {
    // Given a pretty-printed snapshot file whose account on line 5 has the problem at `column`
    const file = join(dir, 'placed.json');
    writeFileSync(
      file,
      `{\n  "snapshotVersion": 1,\n  "region": "us-east-1",\n  "accounts": {\n    ${account}\n  }\n}\n`,
    );

    // When it is loaded
    const message = inputError(() => loadSnapshot(file)).message;

    // Then the message starts with FILE:LINE:COLUMN of the problem, then the JSON path and the problem
    expect(message.startsWith(`${file}:5:${column}: ${expected}`)).toBe(true);
    expect(message).not.toMatch(/\n/);
  });
});

describe('the acceptance scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((name) => name.endsWith('.json'));

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s holds a valid snapshot', (name) => {
    // Given a scenario's snapshot
    const scenario = JSON.parse(readFileSync(join(SCENARIOS, name), 'utf8')) as { snapshot: unknown };

    // When it is parsed
    const snapshot = parseSnapshot(scenario.snapshot, name);

    // Then it validates, with every account it names
    expect(Object.keys(snapshot.accounts)).toEqual(Object.keys((scenario.snapshot as { accounts: object }).accounts));
  });
});
