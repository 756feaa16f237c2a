/**
 * `preflight` on the command line (docs/preflight.md): exit 0 when nothing is denied, 3 when a
 * check is denied (CI gates), 2 with one line for unusable input; the acceptance examples.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lambda/cli/main';
import type { CommandIO } from '../../lambda/cli/io';
import { OTHER, World, allow, doc } from '../diagnosis/core/world';
import { endpointConfig, endpointRequest, modelRequest } from './world';

function capture(isTTY = false): CommandIO & { out: string; err: string } {
  const io = { out: '', err: '', isTTY, stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}

const dir = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
const write = (name: string, value: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

interface Scenario {
  snapshot: unknown;
  preflight: { request: unknown; jobType: string; caller?: string };
  expect: { exitCode: number; findings: { cause: string; action: string; principal?: string }[] };
}
const scenario = (name: string): Scenario =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'preflight', `${name}.json`), 'utf8')) as Scenario;

async function run(name: string, format = 'json') {
  const sc = scenario(name);
  const args = [
    'preflight',
    '--snapshot',
    write(`${name}-snapshot.json`, sc.snapshot),
    '--request',
    write(`${name}-request.json`, sc.preflight.request),
    '--job-type',
    sc.preflight.jobType,
    ...(sc.preflight.caller ? ['--caller', sc.preflight.caller] : []),
    '--format',
    format,
  ];
  const io = capture();
  const code = await main(args, io);
  return { sc, io, code };
}

describe('sagemaker-access-doctor preflight', () => {
  it.each([
    'v2-preflight-caller-missing-passrole',
    'v2-preflight-healthy-processing',
    'v2-preflight-training-missing-listbucket',
  ])('%s: the exit code and the findings the example expects', async (name) => {
    const { sc, io, code } = await run(name);
    expect(io.err).toBe('');
    expect(code).toBe(sc.expect.exitCode);
    const report = JSON.parse(io.out);
    expect(report.failure.category).toBe('none');
    expect(report.job.status).toBe('NotStarted');
    const found = report.findings.map((f: { cause: string; action: string }) => `${f.cause} ${f.action}`);
    expect(new Set(found)).toEqual(new Set(sc.expect.findings.map((f) => `${f.cause} ${f.action}`)));
  });

  it('text output ends with the verdict', async () => {
    const { io, code } = await run('v2-preflight-caller-missing-passrole', 'text');
    expect(code).toBe(3);
    expect(io.out).toMatch(/Preflight: 1 check is denied: the job would fail \(exit 3\)\.\n$/);
    expect(io.out).toContain('DENIED  iam:PassRole');
  });

  it('answers --help with its usage and exit codes', async () => {
    const io = capture();
    expect(await main(['preflight', '--help'], io)).toBe(0);
    expect(io.out).toContain('--pipeline-definition');
    expect(io.out).toContain('3: at least one check is denied');
  });

  const snapshot = () => write('s.json', scenario('v2-preflight-healthy-processing').snapshot);
  it.each([
    [['--job-type', 'training'], /give either --request/],
    [['--request', 'r.json'], /--request needs --job-type/],
    [
      ['--request', 'r.json', '--job-type', 'notebook'],
      /--job-type must be one of training, processing, transform, tuning, model, endpoint, not 'notebook'/,
    ],
    [
      ['--request', '/nonexistent/r.json', '--job-type', 'training'],
      /^\/nonexistent\/r\.json: cannot read the request file/,
    ],
  ])('unusable input %j: exit 2, one line', async (args, message) => {
    const io = capture();
    expect(await main(['preflight', '--snapshot', snapshot(), ...args], io)).toBe(2);
    const line = io.err.replace(/^sagemaker-access-doctor preflight: /, '');
    expect(line).toMatch(message);
    expect(io.err.trim().split('\n')).toHaveLength(1);
  });

  it('a request that is no object, or lacks the job name, names the file and the field', async () => {
    const io = capture();
    const list = write('list.json', []);
    expect(await main(['preflight', '--snapshot', snapshot(), '--request', list, '--job-type', 'training'], io)).toBe(
      2,
    );
    expect(io.err).toContain(`${list}: the request must be a JSON object (the Create* input), not an array`);
    const unnamed = write('unnamed.json', { RoleArn: 'arn:aws:iam::111111111111:role/FeatureBuildRole' });
    const io2 = capture();
    expect(
      await main(['preflight', '--snapshot', snapshot(), '--request', unnamed, '--job-type', 'processing'], io2),
    ).toBe(2);
    expect(io2.err).toContain(`${unnamed}: ProcessingJobName is missing`);
  });

  it("--job-type endpoint: the account of the endpoint's configuration, whose model's role must read its model data", async () => {
    // The endpoint's configuration is in account OTHER (the snapshot's second): the endpoint will be there too.
    const role = `arn:aws:iam::${OTHER}:role/ml/JobRole`;
    const world = new World()
      .role({}, 'Unrelated')
      .role({ inline: { data: doc(allow('s3:GetObject', 'arn:aws:s3:::data/models/*')) } }, 'JobRole', '/ml/', OTHER)
      .bucket('data');
    world.set(OTHER, 'sagemaker', {
      endpointConfigs: { 'churn-config': endpointConfig({ ShadowProductionVariants: [] }) },
      models: {
        'churn-model': modelRequest({
          ExecutionRoleArn: role,
          PrimaryContainer: { Image: 'img:1', ModelDataUrl: 's3://data/private/model.tar.gz' },
        }),
      },
    });
    const io = capture();
    const args = ['--snapshot', write('endpoint-snapshot.json', world.snapshot())];
    const request = write('endpoint-request.json', endpointRequest());
    const code = await main(
      ['preflight', ...args, '--request', request, '--job-type', 'endpoint', '--format', 'json'],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(3);
    const report = JSON.parse(io.out);
    expect(report.job).toMatchObject({
      type: 'Endpoint',
      arn: `arn:aws:sagemaker:us-east-1:${OTHER}:endpoint/churn-live`,
      account: OTHER,
      roleArn: role,
    });
    // The bucket is the first account's: the cross-account read needs the bucket policy's grant too.
    const found = report.findings.map((f: { cause: string; resource: string }) => `${f.cause} ${f.resource}`);
    expect(found).toEqual([
      'IDENTITY_POLICY_NO_ALLOW arn:aws:s3:::data/private/model.tar.gz',
      'BUCKET_POLICY_NO_ALLOW arn:aws:s3:::data/private/model.tar.gz',
    ]);
  });

  it('reads the request as file://PATH', async () => {
    const sc = scenario('v2-preflight-healthy-processing');
    const io = capture();
    const request = write('req.json', sc.preflight.request);
    const code = await main(
      ['preflight', '--snapshot', snapshot(), '--request', `file://${request}`, '--job-type', 'processing'],
      io,
    );
    expect(code).toBe(0);
  });
});
