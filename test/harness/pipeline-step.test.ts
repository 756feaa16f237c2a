/**
 * A pipeline step that failed before its job existed, diagnosed live on the wire fake: the
 * definition its execution ran (`DescribePipelineDefinitionForExecution`, else the pipeline's
 * latest from `DescribePipeline`) gives the step's role (docs/diagnosis.md, "A pipeline step
 * without a job"), and `--record` keeps the answers for the replay.
 */
import { diagnose } from '../../lambda/diagnosis/diagnose';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import type { Report } from '../../lambda/diagnosis/report';
import { createLiveEvidence } from '../../lambda/evidence/live/live-evidence';
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { OWN, scenario, useFakeAws } from './harness';

const data = scenario('pipeline-step-create-job-denied');
const PIPELINE = 'churn-pipeline';
const STEP_ROLE = `arn:aws:iam::${OWN}:role/ml/PipeStepRole`;
const PIPELINE_ROLE = `arn:aws:iam::${OWN}:role/PipelineExecRole`;
const EXECUTION = (data.event as { detail: { pipelineExecutionArn: string } }).detail.pipelineExecutionArn;

/** A definition of the pipeline whose one step passes `stepRole`. */
const definitionPassing = (stepRole: string) => ({
  Version: '2020-12-01',
  Steps: [
    {
      Name: 'PrepareData',
      Type: 'Processing',
      Arguments: {
        RoleArn: stepRole,
        AppSpecification: { ImageUri: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1' },
        ProcessingResources: {
          ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30 },
        },
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'train',
              S3Output: {
                S3Uri: 's3://acme-pipe/prepared',
                LocalPath: '/opt/ml/processing/train',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
      },
    },
  ],
});

/**
 * The scenario's snapshot, its account also holding the pipeline's DescribePipeline output
 * (its latest definition passing STEP_ROLE) and the definition the failed execution ran
 * (`ranStepRole`: another role when the pipeline was updated after the execution started).
 */
function withPipeline(ranStepRole = STEP_ROLE): Snapshot {
  const snapshot = JSON.parse(JSON.stringify(data.snapshot)) as Snapshot;
  snapshot.accounts[OWN].sagemaker = {
    pipelines: {
      [PIPELINE]: {
        PipelineName: PIPELINE,
        PipelineArn: `arn:aws:sagemaker:us-east-1:${OWN}:pipeline/${PIPELINE}`,
        RoleArn: PIPELINE_ROLE,
        PipelineDefinition: JSON.stringify(definitionPassing(STEP_ROLE)),
      },
    },
    pipelineExecutions: {
      [EXECUTION]: { PipelineDefinition: JSON.stringify(definitionPassing(ranStepRole)) },
    },
  };
  return snapshot;
}

/** The live report on the fake, its calls and its recording, and the replay of the recording. */
async function live(snapshot: Snapshot, faults: Record<string, 'denied'> = {}) {
  const aws = await useFakeAws(snapshot, { faults });
  try {
    const evidence = await createLiveEvidence({ region: snapshot.region, account: OWN });
    const report = await diagnose({ event: parseFailureEvent(data.event) }, evidence.evidence);
    const recorded = evidence.snapshot();
    const replay = await diagnose(
      { event: parseFailureEvent(data.event) },
      new SnapshotEvidence(parseSnapshot(JSON.parse(JSON.stringify(recorded)), 'recorded.json')),
    );
    return { report, replay, recorded, calls: aws.calls() };
  } finally {
    await aws.stop();
  }
}

const passRoleChecks = (report: Report) =>
  report.checks
    .filter((check) => check.action === 'iam:PassRole')
    .map((check) => [check.principal, check.resource, check.decision]);

describe('a pipeline step refused its Create* call, live on the wire fake', () => {
  it("calls DescribePipeline and checks the step's role from the definition; the recording replays", async () => {
    // Given AWS holds the pipeline, its definition naming the step's role
    const { report, replay, recorded, calls } = await live(withPipeline());
    // Then the pipeline was described on the wire, by name, and the execution's definition by its ARN
    const sent = (operation: string) =>
      calls.filter((call) => call.service === 'sagemaker' && call.operation === operation).map((call) => call.params);
    expect(sent('DescribePipeline')).toEqual([{ PipelineName: PIPELINE }]);
    expect(sent('DescribePipelineDefinitionForExecution')).toEqual([{ PipelineExecutionArn: EXECUTION }]);
    // And the pipeline role's iam:PassRole of the step's role is checked (the failure text names no role)
    expect(passRoleChecks(report)).toEqual([[PIPELINE_ROLE, STEP_ROLE, 'Allowed']]);
    expect(report.findings.map((finding) => [finding.cause, finding.action])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', 'sagemaker:CreateProcessingJob'],
    ]);
    // And --record kept the answer: the replay is the live report
    expect(recorded.accounts[OWN].sagemaker?.pipelines?.[PIPELINE]).toMatchObject({ RoleArn: PIPELINE_ROLE });
    expect(recorded.accounts[OWN].sagemaker?.pipelineExecutions?.[EXECUTION]).toHaveProperty('PipelineDefinition');
    expect(report.incomplete).toEqual([]);
    expect(replay).toEqual(report);
  });

  it('checks the role of the definition the execution ran, not of one the pipeline was updated to since', async () => {
    const ran = `arn:aws:iam::${OWN}:role/ml/PipeStepRoleV1`;
    const { report, replay } = await live(withPipeline(ran));
    expect(passRoleChecks(report)).toEqual([[PIPELINE_ROLE, ran, expect.any(String)]]);
    expect(replay).toEqual(report);
  });

  it("reads the pipeline's latest definition when the execution's is refused, and says so", async () => {
    const ran = `arn:aws:iam::${OWN}:role/ml/PipeStepRoleV1`;
    const { report, replay } = await live(withPipeline(ran), {
      'sagemaker:DescribePipelineDefinitionForExecution': 'denied',
    });
    expect(passRoleChecks(report)).toEqual([[PIPELINE_ROLE, STEP_ROLE, 'Allowed']]);
    expect(report.incomplete).toEqual([
      {
        what: `definition that pipeline execution ${EXECUTION} ran`,
        why: expect.stringMatching(
          /^sagemaker:DescribePipelineDefinitionForExecution was denied.*: the pipeline's latest definition \(DescribePipeline\) is read instead/,
        ),
      },
    ]);
    expect(replay).toEqual(report);
  });

  it("takes the step's role from the execution's definition when DescribePipeline is refused", async () => {
    const { report, replay } = await live(withPipeline(), { 'sagemaker:DescribePipeline': 'denied' });
    // The pipeline role is the principal the failure text names; the step's role is the execution's
    expect(passRoleChecks(report)).toEqual([[PIPELINE_ROLE, STEP_ROLE, 'Allowed']]);
    expect(replay).toEqual(report);
  });

  it('leaves the PassRole unchecked when neither definition can be read, and says why under incomplete', async () => {
    const { report, replay } = await live(withPipeline(), {
      'sagemaker:DescribePipeline': 'denied',
      'sagemaker:DescribePipelineDefinitionForExecution': 'denied',
    });
    expect(passRoleChecks(report)).toEqual([]);
    expect(report.incomplete).toContainEqual({
      what: "step 'PrepareData': the role it passes to SageMaker",
      why: expect.stringContaining('DescribePipeline: sagemaker:DescribePipeline was denied'),
    });
    // The Create* refusal itself is still diagnosed from the failure text
    expect(report.findings.map((finding) => finding.cause)).toEqual(['IDENTITY_POLICY_NO_ALLOW']);
    expect(replay).toEqual(report);
  });
});
