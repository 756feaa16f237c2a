/**
 * A pipeline step that failed before its job existed, diagnosed live on the wire fake: the
 * pipeline's `DescribePipeline` gives the step's role (docs/diagnosis.md, "A pipeline step
 * without a job"), and `--record` keeps its answer for the replay.
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

/** The scenario's snapshot, its account also holding the pipeline's DescribePipeline output. */
function withPipeline(): Snapshot {
  const snapshot = JSON.parse(JSON.stringify(data.snapshot)) as Snapshot;
  const definition = {
    Version: '2020-12-01',
    Steps: [
      {
        Name: 'PrepareData',
        Type: 'Processing',
        Arguments: {
          RoleArn: STEP_ROLE,
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
  };
  snapshot.accounts[OWN].sagemaker = {
    pipelines: {
      [PIPELINE]: {
        PipelineName: PIPELINE,
        PipelineArn: `arn:aws:sagemaker:us-east-1:${OWN}:pipeline/${PIPELINE}`,
        RoleArn: PIPELINE_ROLE,
        PipelineDefinition: JSON.stringify(definition),
      },
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
    // Then the pipeline was described on the wire, by name
    const described = calls.filter((call) => call.service === 'sagemaker' && call.operation === 'DescribePipeline');
    expect(described.map((call) => call.params.PipelineName)).toEqual([PIPELINE]);
    // And the pipeline role's iam:PassRole of the step's role is checked (the failure text names no role)
    expect(passRoleChecks(report)).toEqual([[PIPELINE_ROLE, STEP_ROLE, 'Allowed']]);
    expect(report.findings.map((finding) => [finding.cause, finding.action])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', 'sagemaker:CreateProcessingJob'],
    ]);
    // And --record kept the answer: the replay is the live report
    expect(recorded.accounts[OWN].sagemaker?.pipelines?.[PIPELINE]).toMatchObject({ RoleArn: PIPELINE_ROLE });
    expect(replay).toEqual(report);
  });

  it('a refused DescribePipeline leaves the PassRole unchecked, and says why under incomplete', async () => {
    const { report, replay } = await live(withPipeline(), { 'sagemaker:DescribePipeline': 'denied' });
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
