/**
 * A pipeline step that failed before its job existed: the pipeline role's `Create*` or
 * `iam:PassRole` was refused, the step's event names no job (docs/diagnosis.md, "A pipeline step
 * without a job"). The event is shaped as AWS documents the step event
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html).
 */
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { InputError } from '../../lambda/errors';
import { ACCOUNT, REGION, ROLE_ARN, World, allow, applyPatches, diagnoseSnapshot, doc } from './world';

type Json = Record<string, unknown>;

const PIPELINE = 'churn-pipeline';
const PIPELINE_ARN = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:pipeline/${PIPELINE}`;
const EXECUTION_ARN = `${PIPELINE_ARN}/execution/p4jn9xou8a8s`;
const PIPELINE_ROLE = 'PipelineRole';
const PIPELINE_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${PIPELINE_ROLE}`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/${PIPELINE_ROLE}/SageMaker-ModelBuildingPipelines`;
const JOB_ARN = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/pipelines-p4jn9xou8a8s-train-x1y2z3`;
const PASS_TO_SAGEMAKER = { Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } };

const CREATE_DENIED = `ClientError: User: ${SESSION} is not authorized to perform: sagemaker:CreateTrainingJob on resource: ${JOB_ARN} because no identity-based policy allows the sagemaker:CreateTrainingJob action`;
const PASS_ROLE_DENIED = `ClientError: User: ${SESSION} is not authorized to perform: iam:PassRole on resource: ${ROLE_ARN} because no identity-based policy allows the iam:PassRole action`;

/** AWS's step event, Failed, with no job in its metadata (the Create* call was refused). */
const stepEvent = (failureReason: string, stepType = 'Training'): Json => ({
  version: '0',
  id: 'ea37ccbb-5e2b-05e9-4073-1daazc940304',
  'detail-type': 'SageMaker Model Building Pipeline Execution Step Status Change',
  source: 'aws.sagemaker',
  account: ACCOUNT,
  time: '2026-11-20T16:10:10Z',
  region: REGION,
  resources: [PIPELINE_ARN, EXECUTION_ARN],
  detail: {
    metadata: {},
    stepStartTime: '2026-11-20T16:10:09Z',
    stepEndTime: '2026-11-20T16:10:10Z',
    stepName: 'train',
    stepType,
    previousStepStatus: 'Starting',
    currentStepStatus: 'Failed',
    failureReason,
    pipelineArn: PIPELINE_ARN,
    pipelineExecutionArn: EXECUTION_ARN,
  },
});

function world(pipelineStatements: Json[]): World {
  return new World()
    .role()
    .role({ inline: { pipeline: doc(...pipelineStatements) } }, PIPELINE_ROLE, '/')
    .bucket('data');
}

const pipelineChecks = (report: Awaited<ReturnType<typeof diagnoseSnapshot>>) =>
  report.checks.map((c) => [c.principal, c.action, c.resource, c.decision]);

describe('a pipeline step that failed before its job existed', () => {
  it('is read from the step event: the kind the step creates, the pipeline, its execution', () => {
    const event = parseFailureEvent(stepEvent(CREATE_DENIED));
    expect(event).toMatchObject({
      kind: 'training',
      name: PIPELINE,
      arn: EXECUTION_ARN,
      account: ACCOUNT,
      region: REGION,
      failed: true,
      failureReason: CREATE_DENIED,
      pipelineStep: {
        stepName: 'train',
        stepType: 'Training',
        jobless: { pipelineName: PIPELINE, pipelineArn: PIPELINE_ARN },
      },
    });
  });

  it('takes the execution ARN from resources when the detail lacks it', () => {
    const event = stepEvent(CREATE_DENIED);
    delete (event.detail as Json).pipelineExecutionArn;
    expect(parseFailureEvent(event)).toMatchObject({ arn: EXECUTION_ARN, name: PIPELINE });
  });

  it('a step without a job and without its execution ARN is bad input naming the field', () => {
    const event = stepEvent(CREATE_DENIED);
    delete (event.detail as Json).pipelineExecutionArn;
    event.resources = [PIPELINE_ARN];
    expect(() => parseFailureEvent(event)).toThrow(InputError);
    expect(() => parseFailureEvent(event)).toThrow(/^event\.detail\.pipelineExecutionArn: missing/);
  });

  it('sagemaker:CreateTrainingJob refused: the pipeline role lacks it; its inline-policy patch grants it', async () => {
    const w = world([allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER)]);
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent(CREATE_DENIED));
    expect(report.job).toMatchObject({
      type: 'Pipeline',
      name: PIPELINE,
      arn: PIPELINE_ARN,
      roleArn: PIPELINE_ROLE_ARN,
    });
    expect(report.failure).toMatchObject({ category: 'access-denied', action: 'sagemaker:CreateTrainingJob' });
    expect(pipelineChecks(report)).toEqual([
      [PIPELINE_ROLE_ARN, 'sagemaker:CreateTrainingJob', JOB_ARN, 'ImplicitlyDenied'],
    ]);
    expect(report.findings.map((f) => [f.cause, f.action, f.principal, f.patch?.kind, f.patch?.target])).toEqual([
      [
        'IDENTITY_POLICY_NO_ALLOW',
        'sagemaker:CreateTrainingJob',
        PIPELINE_ROLE_ARN,
        'role-inline-policy',
        PIPELINE_ROLE_ARN,
      ],
    ]);
    // The failure text names no passed role: its PassRole is listed as not checked.
    expect(report.incomplete.map((e) => e.what)).toContain("step 'train': the role it passes to SageMaker");
    const again = await diagnoseSnapshot(applyPatches(w.snapshot(), report), stepEvent(CREATE_DENIED));
    expect(pipelineChecks(again)).toEqual([[PIPELINE_ROLE_ARN, 'sagemaker:CreateTrainingJob', JOB_ARN, 'Allowed']]);
  });

  it("iam:PassRole refused: the pipeline role may not pass the step's role; the patch keeps iam:PassedToService", async () => {
    const w = world([allow('sagemaker:CreateTrainingJob', '*')]);
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent(PASS_ROLE_DENIED));
    const genericJob = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/pipelines-*`;
    expect(pipelineChecks(report)).toEqual([
      [PIPELINE_ROLE_ARN, 'sagemaker:CreateTrainingJob', genericJob, 'Allowed'],
      [PIPELINE_ROLE_ARN, 'iam:PassRole', ROLE_ARN, 'ImplicitlyDenied'],
    ]);
    const [finding, ...others] = report.findings;
    expect(others).toEqual([]);
    expect([finding.cause, finding.action, finding.resource, finding.principal, finding.patch?.target]).toEqual([
      'IDENTITY_POLICY_NO_ALLOW',
      'iam:PassRole',
      ROLE_ARN,
      PIPELINE_ROLE_ARN,
      PIPELINE_ROLE_ARN,
    ]);
    expect(JSON.stringify(finding.patch?.document)).toContain('"iam:PassedToService":["sagemaker.amazonaws.com"]');
    const again = await diagnoseSnapshot(applyPatches(w.snapshot(), report), stepEvent(PASS_ROLE_DENIED));
    expect(again.checks.map((c) => c.decision)).toEqual(['Allowed', 'Allowed']);
  });

  it('a tuning step passes its training definition role: that is the PassRole checked', async () => {
    const w = world([allow('sagemaker:CreateHyperParameterTuningJob', '*')]);
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent(PASS_ROLE_DENIED, 'Tuning'));
    expect(pipelineChecks(report)).toEqual([
      [
        PIPELINE_ROLE_ARN,
        'sagemaker:CreateHyperParameterTuningJob',
        `arn:aws:sagemaker:${REGION}:${ACCOUNT}:hyper-parameter-tuning-job/pipelines-*`,
        'Allowed',
      ],
      [PIPELINE_ROLE_ARN, 'iam:PassRole', ROLE_ARN, 'ImplicitlyDenied'],
    ]);
  });

  it('healthy: a pipeline role that may create the job and pass the role has no permission finding', async () => {
    const w = world([allow('sagemaker:CreateTrainingJob', '*'), allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER)]);
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent(PASS_ROLE_DENIED));
    expect(report.checks.map((c) => c.decision)).toEqual(['Allowed', 'Allowed']);
    // Nothing in the evidence explains the refusal (it was granted since, or an SCP not read).
    expect(report.findings.map((f) => f.cause)).toEqual(['UNEXPLAINED_ACCESS_DENIED']);
  });

  it("with the pipeline's description: the step's role from its definition gets the PassRole check too", async () => {
    const definition = {
      Version: '2020-12-01',
      Steps: [{ Name: 'train', Type: 'Training', Arguments: { RoleArn: ROLE_ARN } }],
    };
    const w = world([allow('iam:PassRole', ROLE_ARN, PASS_TO_SAGEMAKER)]).set(ACCOUNT, 'sagemaker', {
      pipelines: {
        [PIPELINE]: {
          PipelineName: PIPELINE,
          RoleArn: PIPELINE_ROLE_ARN,
          PipelineDefinition: JSON.stringify(definition),
        },
      },
    });
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent(CREATE_DENIED));
    expect(pipelineChecks(report)).toEqual([
      [PIPELINE_ROLE_ARN, 'sagemaker:CreateTrainingJob', JOB_ARN, 'ImplicitlyDenied'],
      [PIPELINE_ROLE_ARN, 'iam:PassRole', ROLE_ARN, 'Allowed'],
    ]);
    expect(report.incomplete.map((e) => e.what)).not.toContain("step 'train': the role it passes to SageMaker");
  });

  it("a failure text that names no role: the pipeline's RoleArn of its description is checked", async () => {
    const w = world([allow('sagemaker:CreateTrainingJob', '*')]).set(ACCOUNT, 'sagemaker', {
      pipelines: { [PIPELINE]: { PipelineName: PIPELINE, RoleArn: PIPELINE_ROLE_ARN } },
    });
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent('ValidationException: Invalid S3Uri'));
    expect(report.job.roleArn).toBe(PIPELINE_ROLE_ARN);
    expect(pipelineChecks(report)).toEqual([
      [
        PIPELINE_ROLE_ARN,
        'sagemaker:CreateTrainingJob',
        `arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/pipelines-*`,
        'Allowed',
      ],
    ]);
  });

  it('a failure text that names no role: nothing is checked, and the report says why', async () => {
    const w = world([]);
    const report = await diagnoseSnapshot(w.snapshot(), stepEvent('ValidationException: Invalid S3Uri'));
    expect(report.checks).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.incomplete.map((e) => e.what)).toContain(`pipeline role of ${PIPELINE_ARN}`);
  });

  it('a pipeline role the evidence does not hold is bad input naming the fix', async () => {
    const w = new World().role();
    await expect(diagnoseSnapshot(w.snapshot(), stepEvent(CREATE_DENIED))).rejects.toThrow(
      /pipeline's role arn:aws:iam::111111111111:role\/PipelineRole is not in account 111111111111/,
    );
  });
});
