/**
 * Bad input is never silently accepted: it is one line on stderr naming the file, the JSON path
 * and the fix (exit 2), or, for a policy document that cannot be evaluated, an `incomplete` entry
 * naming the policy, the statement and the element (contract sections 1, 2.1, 3). A UTF-8 byte
 * order mark, which some editors write, is accepted by every command that reads a file.
 *
 * AWS's shapes: `InputDataConfig` is a list of channels
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateTrainingJob.html); an ARN's
 * partition is that of its Region (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html);
 * `Action` and `Resource` are a string or a list of strings
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../lambda/cli/io';
import { main } from '../../lambda/cli/main';
import type { Report } from '../../lambda/diagnosis/report';

const dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
const ROOT = join(__dirname, '..', '..');
const BOM = '\uFEFF';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (path: string): Json => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Json;
const write = (name: string, value: unknown, prefix = ''): string => {
  const file = join(dir, name);
  writeFileSync(file, prefix + (typeof value === 'string' ? value : JSON.stringify(value)));
  return file;
};

async function run(args: string[]) {
  const io: CommandIO & { out: string; err: string } = {
    out: '',
    err: '',
    isTTY: false,
    stdout: (text) => (io.out += text),
    stderr: (text) => (io.err += text),
  };
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

/** The example world (examples/): a cross-account training job. */
const SNAPSHOT = read('examples/snapshot.json');
const EVENT = write('event.json', read('examples/event.json'));
const ACCOUNT = '111111111111';
const JOB = 'fraud-gbm-2026-11-26';
const job = (snapshot: Json): Json => snapshot.accounts[ACCOUNT].sagemaker.trainingJobs[JOB];
const firstStatement = (snapshot: Json): Json => {
  const statements = snapshot.accounts[ACCOUNT].iam.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement;
  return Array.isArray(statements) ? statements[0] : statements;
};
const changed = (change: (snapshot: Json) => void): Json => {
  const copy = structuredClone(SNAPSHOT);
  change(copy);
  return copy;
};

/** The preflight acceptance example: a training job's CreateTrainingJob request and its world. */
const PREFLIGHT = read('test/fixtures/preflight/v2-preflight-training-missing-listbucket.json');
const PREFLIGHT_SNAPSHOT = write('preflight-snapshot.json', PREFLIGHT.snapshot);

describe('a snapshot that diagnose must refuse, in one line naming the file, the path and the fix', () => {
  it.each([
    [
      'InputDataConfig as an object, not a list of channels',
      changed((s) => (job(s).InputDataConfig = job(s).InputDataConfig[0])),
      `accounts.${ACCOUNT}.sagemaker.trainingJobs.${JOB}.InputDataConfig: expected a list (as the Describe* API gives it), got an object; write it as a list of its entries`,
    ],
    [
      'partition aws-cn with a region of partition aws',
      changed((s) => (s.partition = 'aws-cn')),
      'partition: "aws-cn" is not the partition of region us-east-1 ("aws"); set "partition": "aws"',
    ],
    [
      'partition aws-cn (its own region) with arn:aws: ARNs',
      changed((s) => Object.assign(s, { partition: 'aws-cn', region: 'cn-north-1' })),
      `accounts.${ACCOUNT}.iam.RoleDetailList[0].Arn: an ARN of partition "aws" in a snapshot of partition "aws-cn"; write it as arn:aws-cn:...`,
    ],
  ])('%s', async (_what, snapshot, message) => {
    // Given the example's snapshot with the bad input
    const file = write('snapshot.json', snapshot);
    // When it is diagnosed
    const { code, out, err } = await run(['diagnose', '--snapshot', file, '--event', EVENT, '--format', 'json']);
    // Then exit 2, nothing on stdout, one line naming the file (with line and column), the path and the fix
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${file}:`);
    expect(err.replace(/\[(\d+)\]/g, '.$1')).toContain(message.replace(/\[(\d+)\]/g, '.$1'));
  });
});

describe('a policy statement that cannot be evaluated', () => {
  it.each([
    ['Action as an object', { Action: { first: 's3:GetObject' } }, 'Action is an object'],
    ['Resource: null', { Resource: null }, 'Resource is null'],
    ['NotResource: null', { Resource: undefined, NotResource: null }, 'NotResource is null'],
  ])(
    '(%s) is an incomplete entry in diagnose, never read as matching everything or nothing',
    async (_what, fields, why) => {
      // Given the role's inline policy with the bad element in its first statement
      const file = write(
        'policy.json',
        changed((s) => Object.assign(firstStatement(s), fields)),
      );
      // When diagnosed
      const { code, out } = await run(['diagnose', '--snapshot', file, '--event', EVENT, '--format', 'json']);
      // Then the report says the policy cannot be evaluated, naming the statement and the element
      expect(code).toBe(0);
      const report = JSON.parse(out) as Report;
      expect(report.incomplete).toEqual(
        expect.arrayContaining([
          {
            what: "inline policy 'fraud-ml-bucket' of role FraudTrainingRole",
            why: expect.stringContaining(`statement 'OwnBucket' (#0): ${why}, not a string or a list of strings`),
          },
        ]),
      );
    },
  );

  it.each([
    ['Action as an object', { Action: { first: 's3:GetObject' } }, 'Action is an object'],
    ['Resource: null', { Resource: null }, 'Resource is null'],
  ])('(%s) is an Error in simulate, and the run goes on', async (_what, fields, why) => {
    // Given a request whose identity policy has the bad element, then a sound request
    const statement = { Effect: 'Allow', Action: 's3:*', Resource: '*', ...fields };
    const request = (id: string, document: unknown) => ({
      id,
      principal: `arn:aws:iam::${ACCOUNT}:role/R`,
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      identityPolicies: [document],
    });
    const file = write('requests.json', {
      requests: [
        request('bad', { Statement: statement }),
        request('good', { Statement: { ...statement, ...{ Action: 's3:*', Resource: '*' } } }),
      ],
    });
    // When simulated
    const { code, out } = await run(['simulate', '--requests', file, '--format', 'json']);
    // Then the first is an Error naming the statement and the element, the second is evaluated
    expect(code).toBe(0);
    const [bad, good] = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    expect(bad).toEqual({ id: 'bad', decision: 'Error', error: expect.stringContaining(`statement #0: ${why}`) });
    expect(good).toMatchObject({ id: 'good', decision: 'Allowed' });
  });
});

describe('a preflight request that must be refused', () => {
  it('with InputDataConfig as an object: one line naming the file, the field and the fix', async () => {
    // Given a CreateTrainingJob request whose channels are one object
    const request = structuredClone(PREFLIGHT.preflight.request) as Json;
    request.InputDataConfig = request.InputDataConfig[0];
    const file = write('request.json', request);
    // When preflighted
    const { code, out, err } = await run([
      'preflight',
      '--request',
      file,
      '--job-type',
      'training',
      '--snapshot',
      PREFLIGHT_SNAPSHOT,
    ]);
    // Then exit 2, one line naming the file, the field and the fix
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`${file}: InputDataConfig is an object, not a list: write it as a list of its entries`);
  });
});

describe('a UTF-8 byte order mark at the start of a file', () => {
  it('is accepted by diagnose, in the snapshot and in the event', async () => {
    const plain = await run(['diagnose', '--snapshot', write('s.json', SNAPSHOT), '--event', EVENT]);
    const marked = await run([
      'diagnose',
      '--snapshot',
      write('s-bom.json', SNAPSHOT, BOM),
      '--event',
      write('e-bom.json', read('examples/event.json'), BOM),
    ]);
    expect(marked).toEqual(plain);
  });

  it('is accepted by preflight, in the request and in the snapshot', async () => {
    const args = (request: string, snapshot: string) => [
      'preflight',
      '--request',
      request,
      '--job-type',
      'training',
      '--snapshot',
      snapshot,
      '--format',
      'json',
    ];
    const plain = await run(args(write('r.json', PREFLIGHT.preflight.request), PREFLIGHT_SNAPSHOT));
    const marked = await run(
      args(write('r-bom.json', PREFLIGHT.preflight.request, BOM), write('ps-bom.json', PREFLIGHT.snapshot, BOM)),
    );
    expect(plain.code).toBe(3);
    expect(marked).toEqual(plain);
  });

  it('is accepted by simulate --requests', async () => {
    const requests = {
      requests: [
        {
          id: 'a',
          principal: `arn:aws:iam::${ACCOUNT}:role/R`,
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::b/k',
          identityPolicies: [{ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }],
        },
      ],
    };
    const plain = await run(['simulate', '--requests', write('q.json', requests), '--format', 'json']);
    const marked = await run(['simulate', '--requests', write('q-bom.json', requests, BOM), '--format', 'json']);
    expect(plain).toMatchObject({ code: 0, err: '' });
    expect(marked).toEqual(plain);
  });
});
