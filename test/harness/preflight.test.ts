/**
 * Live preflight on the wire fake (docs/preflight.md): the caller is the credentials' own
 * identity (sts:GetCallerIdentity) and is judged with its role's policies; a pipeline is read
 * with DescribePipeline; --record replays offline to the live report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { cli, OWN, scratch, useFakeAws } from './harness';
import { withReasonsMasked } from './scenarios';

const root = join(__dirname, '..', '..');
/** The role the fake's credentials are a session of (services/iam-sts.ts, GetCallerIdentity). */
const SESSION = `arn:aws:sts::${OWN}:assumed-role/doctor/session`;
const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(root, ...path), 'utf8')) as T;

/** A preflight scenario whose caller role is renamed to the fake's own identity, `doctor`. */
function callerScenario(): { snapshot: Snapshot; request: unknown } {
  const data = readJson<{ snapshot: Snapshot; preflight: { request: unknown } }>(
    'test',
    'fixtures',
    'preflight',
    'v2-preflight-caller-missing-passrole.json',
  );
  const text = JSON.stringify(data.snapshot).replaceAll('GitHubActionsTrainingDeployer', 'doctor');
  return { snapshot: JSON.parse(text) as Snapshot, request: data.preflight.request };
}

const files = (values: Record<string, unknown>): Record<string, string> => {
  const dir = scratch();
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(value));
      return [name, file];
    }),
  );
};

describe('preflight on the wire fake', () => {
  it("judges the credentials' own identity as the caller, and --record replays to the live report", async () => {
    // Given AWS holding the execution role and the caller's role, whose session the credentials are
    const { snapshot, request } = callerScenario();
    const file = files({ request, snapshot });
    const recorded = join(scratch(), 'recorded.json');
    const aws = await useFakeAws(snapshot);
    let live;
    try {
      // When preflight runs live without --caller
      live = await cli(['preflight', '--request', file.request, '--job-type', 'training', '--record', recorded]);
      // Then the caller was asked of STS and its role read from IAM
      const operations = aws.operations();
      expect(operations).toContain('sts:GetCallerIdentity');
      expect(
        aws
          .calls()
          .filter((c) => c.operation === 'GetRole')
          .map((c) => c.params.RoleName),
      ).toContain('doctor');
    } finally {
      await aws.stop();
    }
    // And the missing iam:PassRole of the caller is found: exit 3, the session named as principal
    expect({ code: live.code, err: live.err }).toEqual({ code: 3, err: '' });
    const report = JSON.parse(live.out) as Report;
    expect(report.findings.map((f) => [f.cause, f.action, f.principal])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', 'iam:PassRole', SESSION],
    ]);
    // And the recording, replayed with that caller, is the live report; the scenario's own snapshot gives the same
    const replay = await cli([
      'preflight',
      '--request',
      file.request,
      '--job-type',
      'training',
      '--caller',
      SESSION,
      '--snapshot',
      recorded,
    ]);
    expect(replay.code).toBe(3);
    expect(JSON.parse(replay.out)).toEqual(report);
    const offline = await cli([
      'preflight',
      '--request',
      file.request,
      '--job-type',
      'training',
      '--caller',
      SESSION,
      '--snapshot',
      file.snapshot,
    ]);
    expect(withReasonsMasked(JSON.parse(offline.out) as Report)).toEqual(withReasonsMasked(report));
  });

  it('--job-type endpoint reads the configuration and model live, and --record replays to the live report', async () => {
    // Given AWS holding an endpoint configuration whose model's role may not read the model data,
    // and the caller's role (the credentials' own), which may create endpoints
    const data = readJson<{ snapshot: Snapshot }>(
      'test',
      'fixtures',
      'acceptance',
      'endpoint-model-data-not-readable.json',
    );
    const { snapshot } = data;
    delete snapshot.accounts[OWN].sagemaker?.endpoints;
    snapshot.accounts[OWN].iam?.RoleDetailList?.push({
      RoleName: 'doctor',
      Arn: `arn:aws:iam::${OWN}:role/doctor`,
      Path: '/',
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] },
      RolePolicyList: [
        {
          PolicyName: 'deploy',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sagemaker:CreateEndpoint', Resource: '*' }],
          },
        },
      ],
      AttachedManagedPolicies: [],
    } as never);
    const request = { EndpointName: 'fraud-realtime-v13', EndpointConfigName: 'fraud-realtime-config-v12' };
    const file = files({ request });
    const recorded = join(scratch(), 'recorded-endpoint.json');
    const aws = await useFakeAws(snapshot);
    let live;
    try {
      live = await cli(['preflight', '--request', file.request, '--job-type', 'endpoint', '--record', recorded]);
      expect(aws.operations()).toEqual(
        expect.arrayContaining(['sagemaker:DescribeEndpointConfig', 'sagemaker:DescribeModel']),
      );
    } finally {
      await aws.stop();
    }
    // Then the model's role is denied its model data (exit 3); the caller may create the endpoint
    expect({ code: live.code, err: live.err }).toEqual({ code: 3, err: '' });
    const report = JSON.parse(live.out) as Report;
    expect(report.job).toMatchObject({
      type: 'Endpoint',
      arn: `arn:aws:sagemaker:us-east-1:${OWN}:endpoint/fraud-realtime-v13`,
    });
    expect(report.findings.map((f) => [f.cause, f.action, f.principal])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', 's3:GetObject', `arn:aws:iam::${OWN}:role/FraudInferenceRole`],
    ]);
    expect(report.checks.find((c) => c.principal === SESSION)).toMatchObject({
      action: 'sagemaker:CreateEndpoint',
      decision: 'Allowed',
    });
    // And the recording (the configuration and model included) replays to the live report
    const replay = await cli([
      'preflight',
      '--request',
      file.request,
      '--job-type',
      'endpoint',
      '--caller',
      SESSION,
      '--snapshot',
      recorded,
    ]);
    expect(replay.code).toBe(3);
    expect(JSON.parse(replay.out)).toEqual(report);
  });

  it('--pipeline-name reads the definition and role with DescribePipeline, and checks every step as offline', async () => {
    // Given AWS holding the example pipeline (DescribePipeline: its role and definition)
    const snapshot = readJson<Snapshot>('examples', 'preflight', 'snapshot.json');
    const definition = readJson<Record<string, unknown>>('examples', 'preflight', 'pipeline.json');
    const roleArn = `arn:aws:iam::${OWN}:role/ChurnPipelineRole`;
    snapshot.accounts[OWN].sagemaker = {
      pipelines: { churn: { PipelineName: 'churn', RoleArn: roleArn, PipelineDefinition: JSON.stringify(definition) } },
    };
    // The file named as the pipeline: offline, the pipeline's name is the file's.
    const file = files({ churn: definition, snapshot });
    const aws = await useFakeAws(snapshot);
    let live;
    try {
      live = await cli(['preflight', '--pipeline-name', 'churn', '--format', 'json']);
      const described = aws.calls().filter((c) => c.service === 'sagemaker' && c.operation === 'DescribePipeline');
      expect(described.map((c) => c.params.PipelineName)).toEqual(['churn']);
    } finally {
      await aws.stop();
    }
    // Then the report is the offline one of the same definition and role
    const offline = await cli([
      'preflight',
      '--pipeline-definition',
      file.churn,
      '--pipeline-role',
      roleArn,
      '--snapshot',
      file.snapshot,
      '--format',
      'json',
    ]);
    expect(live.err).toBe('');
    expect(live.code).toBe(offline.code);
    const report = JSON.parse(live.out) as Report;
    expect(report.job).toMatchObject({ type: 'Pipeline', name: 'churn', roleArn });
    expect(report.checks.some((c) => c.principal === roleArn && c.action === 'iam:PassRole')).toBe(true);
    expect(withReasonsMasked(report)).toEqual(withReasonsMasked(JSON.parse(offline.out) as Report));
  });

  it.each([
    ['denied', 1, /^sagemaker-access-doctor preflight: --pipeline-name churn: sagemaker:DescribePipeline was denied/],
    ['missing', 2, /^sagemaker-access-doctor preflight: --pipeline-name churn: no pipeline of that name in account/],
  ] as const)('a DescribePipeline %s: exit %i, one line naming the pipeline', async (fault, code, message) => {
    const snapshot = readJson<Snapshot>('examples', 'preflight', 'snapshot.json');
    const aws = await useFakeAws(
      snapshot,
      fault === 'denied' ? { faults: { 'sagemaker:DescribePipeline': 'denied' } } : {},
    );
    try {
      const run = await cli(['preflight', '--pipeline-name', 'churn', '--format', 'json']);
      expect({ code: run.code, out: run.out }).toEqual({ code, out: '' });
      expect(run.err).toMatch(message);
      expect(run.err.trim().split('\n')).toHaveLength(1);
    } finally {
      await aws.stop();
    }
  });
});
