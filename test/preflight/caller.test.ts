/**
 * The caller's checks (docs/preflight.md): `sagemaker:Create*` on the job's ARN and
 * `iam:PassRole` on each role the request passes, with iam:PassedToService.
 */
import { InputError } from '../../lambda/errors';
import {
  ACCOUNT,
  CALLER_ARN,
  CALLER_NAME,
  REGION,
  ROLE_ARN,
  World,
  allow,
  doc,
  endpointConfig,
  endpointRequest,
  modelRequest,
  preflightRequest,
  trainingRequest,
  transformRequest,
  tuningRequest,
  applyPatches,
} from './world';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { preflight } from '../../lambda/preflight/preflight';

const TRAINING_ARN = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/train-2`;
const PASS_TO_SAGEMAKER = { Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } };

function world(callerStatements: Record<string, unknown>[]): World {
  return new World()
    .role()
    .role({ inline: { deploy: doc(...callerStatements) } }, CALLER_NAME, '/')
    .bucket('data');
}

const callerChecks = (report: Awaited<ReturnType<typeof preflightRequest>>) =>
  report.checks.filter((c) => c.principal === CALLER_ARN).map((c) => [c.action, c.resource, c.decision]);

describe("preflight --caller: the caller's Create* and iam:PassRole", () => {
  it('a request with Tags also needs sagemaker:AddTags on the job, with the request tags as context', async () => {
    // Given a caller that may create and pass the role, and tag only jobs tagged team=ml
    const tagOnlyMl = { Condition: { StringEquals: { 'aws:RequestTag/team': 'ml' } } };
    const w = world([
      allow('sagemaker:CreateTrainingJob', '*'),
      allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER),
      allow('sagemaker:AddTags', '*', tagOnlyMl),
    ]);
    // When the request tags the job team=ml, and then team=web
    const ml = await preflightRequest(w, 'training', trainingRequest({ Tags: [{ Key: 'team', Value: 'ml' }] }), {
      caller: CALLER_ARN,
    });
    const web = await preflightRequest(w, 'training', trainingRequest({ Tags: [{ Key: 'team', Value: 'web' }] }), {
      caller: CALLER_ARN,
    });
    // Then AddTags is checked on the future job ARN: allowed for team=ml, denied for team=web
    expect(callerChecks(ml)).toContainEqual(['sagemaker:AddTags', TRAINING_ARN, 'Allowed']);
    expect(callerChecks(web)).toContainEqual(['sagemaker:AddTags', TRAINING_ARN, 'ImplicitlyDenied']);
    expect(web.findings.map((f) => [f.cause, f.action, f.principal])).toContainEqual([
      'IDENTITY_POLICY_NO_ALLOW',
      'sagemaker:AddTags',
      CALLER_ARN,
    ]);
  });

  it('a request without Tags needs no sagemaker:AddTags', async () => {
    const w = world([allow('sagemaker:CreateTrainingJob', '*'), allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER)]);
    const report = await preflightRequest(w, 'training', trainingRequest({ Tags: [] }), { caller: CALLER_ARN });
    expect(callerChecks(report).map(([action]) => action)).toEqual(['sagemaker:CreateTrainingJob', 'iam:PassRole']);
  });

  it('checks CreateTrainingJob on the future job ARN and PassRole on the role ARN with its path', async () => {
    const w = world([allow('sagemaker:CreateTrainingJob', '*'), allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER)]);
    const report = await preflightRequest(w, 'training', trainingRequest(), { caller: CALLER_ARN });
    expect(callerChecks(report)).toEqual([
      ['sagemaker:CreateTrainingJob', TRAINING_ARN, 'Allowed'],
      ['iam:PassRole', ROLE_ARN, 'Allowed'],
    ]);
  });

  it('a PassRole limited to another service is denied; the finding names the caller; its patch fixes it', async () => {
    const ec2Only = { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } };
    const w = world([allow('sagemaker:CreateTrainingJob', '*'), allow('iam:PassRole', ROLE_ARN, ec2Only)]);
    const report = await preflightRequest(w, 'training', trainingRequest(), { caller: CALLER_ARN });
    const passRole = report.findings.filter((f) => f.action === 'iam:PassRole');
    expect(passRole.map((f) => [f.cause, f.principal, f.patch?.kind, f.patch?.target])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', CALLER_ARN, 'role-inline-policy', CALLER_ARN],
    ]);
    // Least privilege: the grant keeps the service condition.
    expect(JSON.stringify(passRole[0].patch?.document)).toContain('"iam:PassedToService":["sagemaker.amazonaws.com"]');
    const fixed = parseSnapshot(applyPatches(w.snapshot(), report), 'patched.json');
    const again = await preflight(
      {
        jobs: [{ kind: 'training', request: trainingRequest(), origin: 'request.json', name: 'train-2' }],
        account: ACCOUNT,
        region: REGION,
        caller: CALLER_ARN,
      },
      new SnapshotEvidence(fixed),
    );
    expect(again.findings.filter((f) => f.principal === CALLER_ARN)).toEqual([]);
  });

  it('gives the request tags as aws:RequestTag: a Create* allowed only for tagged jobs', async () => {
    const tagged = { Condition: { StringEquals: { 'aws:RequestTag/project': 'churn' } } };
    const w = world([allow('sagemaker:CreateTrainingJob', '*', tagged), allow('iam:PassRole', ROLE_ARN)]);
    const withTag = await preflightRequest(
      w,
      'training',
      trainingRequest({ Tags: [{ Key: 'project', Value: 'churn' }] }),
      { caller: CALLER_ARN },
    );
    expect(callerChecks(withTag)[0]).toEqual(['sagemaker:CreateTrainingJob', TRAINING_ARN, 'Allowed']);
    const without = await preflightRequest(w, 'training', trainingRequest(), { caller: CALLER_ARN });
    expect(callerChecks(without)[0]).toEqual(['sagemaker:CreateTrainingJob', TRAINING_ARN, 'ImplicitlyDenied']);
  });

  it('gives sagemaker:InstanceTypes from the request: a Deny on GPU instances hits a GPU job only', async () => {
    const noGpu = {
      Effect: 'Deny',
      Action: 'sagemaker:CreateTrainingJob',
      Resource: '*',
      Condition: { 'ForAnyValue:StringLike': { 'sagemaker:InstanceTypes': 'ml.p*' } },
    };
    const w = world([allow('sagemaker:CreateTrainingJob', '*'), noGpu, allow('iam:PassRole', ROLE_ARN)]);
    const gpu = trainingRequest({
      ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
    });
    expect(callerChecks(await preflightRequest(w, 'training', gpu, { caller: CALLER_ARN }))[0][2]).toBe(
      'ExplicitlyDenied',
    );
    expect(callerChecks(await preflightRequest(w, 'training', trainingRequest(), { caller: CALLER_ARN }))[0][2]).toBe(
      'Allowed',
    );
  });

  it('tuning: PassRole for every definition role; transform: no role is passed, only CreateTransformJob', async () => {
    const w = world([allow('sagemaker:*', '*'), allow('iam:PassRole', '*')]);
    const other = `arn:aws:iam::${ACCOUNT}:role/ml/OtherRole`;
    w.role({}, 'OtherRole');
    const tuning = tuningRequest();
    const definition = tuning.TrainingJobDefinition as Record<string, unknown>;
    const tuningReport = await preflightRequest(
      w,
      'tuning',
      {
        ...tuning,
        TrainingJobDefinition: undefined,
        TrainingJobDefinitions: [definition, { ...definition, RoleArn: other }],
      },
      { caller: CALLER_ARN },
    );
    expect(callerChecks(tuningReport).map((c) => `${c[0]} ${c[1]}`)).toEqual([
      `sagemaker:CreateHyperParameterTuningJob arn:aws:sagemaker:${REGION}:${ACCOUNT}:hyper-parameter-tuning-job/tune-2`,
      `iam:PassRole ${ROLE_ARN}`,
      `iam:PassRole ${other}`,
    ]);
    w.set(ACCOUNT, 'sagemaker', { models: { 'churn-model': modelRequest() } });
    const transform = await preflightRequest(w, 'transform', transformRequest(), { caller: CALLER_ARN });
    expect(callerChecks(transform).map((c) => c[0])).toEqual(['sagemaker:CreateTransformJob']);
    const model = await preflightRequest(w, 'model', modelRequest(), { caller: CALLER_ARN });
    expect(callerChecks(model).map((c) => c[0])).toEqual(['sagemaker:CreateModel', 'iam:PassRole']);
    // CreateEndpoint passes no role (its models' were passed at CreateModel); its tags need AddTags.
    w.set(ACCOUNT, 'sagemaker', {
      models: { 'churn-model': modelRequest() },
      endpointConfigs: { 'churn-config': endpointConfig() },
    });
    const endpoint = await preflightRequest(w, 'endpoint', endpointRequest({ Tags: [{ Key: 'team', Value: 'ml' }] }), {
      caller: CALLER_ARN,
    });
    expect(callerChecks(endpoint).map((c) => `${c[0]} ${c[1]}`)).toEqual([
      `sagemaker:CreateEndpoint arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/churn-live`,
      `sagemaker:AddTags arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/churn-live`,
    ]);
  });

  it("a role session caller is judged with its role's policies and named by its session ARN", async () => {
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/${CALLER_NAME}/github-run-42`;
    const w = world([allow('sagemaker:CreateTrainingJob', '*')]);
    const report = await preflightRequest(w, 'training', trainingRequest(), { caller: session });
    const checks = report.checks.filter((c) => c.principal === session);
    expect(checks.map((c) => [c.action, c.decision])).toEqual([
      ['sagemaker:CreateTrainingJob', 'Allowed'],
      ['iam:PassRole', 'ImplicitlyDenied'],
    ]);
    expect(report.findings.find((f) => f.action === 'iam:PassRole')?.principal).toBe(session);
  });

  it('an IAM user caller: its policies are not in a snapshot, so its checks are Unknown, and say why', async () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const report = await preflightRequest(world([]), 'training', trainingRequest(), { caller: user });
    expect(report.checks.filter((c) => c.principal === user).map((c) => c.decision)).toEqual(['Unknown', 'Unknown']);
    expect(report.incomplete).toContainEqual({
      what: `policies of caller ${user}`,
      why: 'the evidence holds the policies of IAM roles only, not of users',
    });
  });

  it('a caller role that does not exist, or an ARN that is no principal, is unusable input', async () => {
    await expect(
      preflightRequest(world([]), 'training', trainingRequest(), { caller: `arn:aws:iam::${ACCOUNT}:role/Nobody` }),
    ).rejects.toThrow(InputError);
    await expect(
      preflightRequest(world([]), 'training', trainingRequest(), { caller: 'arn:aws:s3:::bucket' }),
    ).rejects.toThrow(/--caller: 'arn:aws:s3:::bucket' is not an IAM role/);
  });
});
