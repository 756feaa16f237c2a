/**
 * Preflight of a SageMaker Pipelines definition (docs/preflight.md): each job-creating step
 * with its own role and locations, parameters at their defaults, a step property known only at
 * run time under `incomplete`, and the pipeline role's Create* and iam:PassRole for each step.
 */
import { parseSnapshot } from '../../lambda/evidence/snapshot/load';
import { SnapshotEvidence } from '../../lambda/evidence/snapshot/snapshot-evidence';
import { PIPELINE_JOB_NAME, pipelineInput } from '../../lambda/preflight/pipeline';
import { preflight } from '../../lambda/preflight/preflight';
import { expectValidReport } from '../schemas/validators';
import { ACCOUNT, IMAGE, REGION, ROLE_ARN, World, allow, denied, doc } from './world';

type Json = Record<string, unknown>;

const PIPELINE_ROLE = `arn:aws:iam::${ACCOUNT}:role/PipelineRole`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/ml/TrainRole`;

/** A definition as the SageMaker Python SDK's pipeline.definition() writes it. */
function definition(): Json {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [
      { Name: 'InputData', Type: 'String', DefaultValue: 's3://data/raw/' },
      { Name: 'InstanceType', Type: 'String', DefaultValue: 'ml.m5.large' },
    ],
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    },
    Steps: [
      {
        Name: 'Preprocess',
        Type: 'Processing',
        Arguments: {
          ProcessingResources: {
            ClusterConfig: { InstanceType: { Get: 'Parameters.InstanceType' }, InstanceCount: 1, VolumeSizeInGB: 30 },
          },
          AppSpecification: { ImageUri: IMAGE },
          RoleArn: ROLE_ARN,
          ProcessingInputs: [
            {
              InputName: 'input-1',
              S3Input: {
                S3Uri: { Get: 'Parameters.InputData' },
                LocalPath: '/opt/ml/processing/input',
                S3DataType: 'S3Prefix',
              },
            },
          ],
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'train',
                S3Output: {
                  S3Uri: {
                    'Std:Join': {
                      On: '/',
                      Values: ['s3://data/features', { Get: 'Execution.PipelineExecutionId' }, 'train'],
                    },
                  },
                  LocalPath: '/opt/ml/processing/train',
                  S3UploadMode: 'EndOfJob',
                },
              },
            ],
          },
        },
      },
      {
        Name: 'Train',
        Type: 'Training',
        DependsOn: ['Preprocess'],
        Arguments: {
          AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://data/models/' },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30 },
          RoleArn: OTHER_ROLE,
          InputDataConfig: [
            {
              ChannelName: 'train',
              DataSource: {
                S3DataSource: {
                  S3DataType: 'S3Prefix',
                  S3Uri: { Get: "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" },
                },
              },
            },
          ],
        },
      },
      {
        Name: 'CheckAccuracy',
        Type: 'Condition',
        Arguments: {
          Conditions: [],
          IfSteps: [
            {
              Name: 'CreateModel',
              Type: 'Model',
              Arguments: {
                PrimaryContainer: {
                  Image: IMAGE,
                  ModelDataUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' },
                },
              },
            },
            {
              Name: 'Score',
              Type: 'Transform',
              Arguments: {
                ModelName: { Get: 'Steps.CreateModel.ModelName' },
                TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/batch/' } } },
                TransformOutput: { S3OutputPath: 's3://data/scores/' },
                TransformResources: { InstanceCount: 1, InstanceType: 'ml.m5.large' },
              },
            },
          ],
          ElseSteps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'too low' } }],
        },
      },
    ],
  };
}

const PULLS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
];

function world(pipelineStatements: Json[]): World {
  const data = doc(
    allow('s3:ListBucket', 'arn:aws:s3:::data'),
    allow(['s3:GetObject', 's3:PutObject'], 'arn:aws:s3:::data/*'),
    allow(PULLS, '*'),
  );
  const w = new World()
    .role({ inline: { data } })
    .role({ inline: { data } }, 'TrainRole')
    // The pipeline role is also the role of the model step, which names none.
    .role({ inline: { data, steps: doc(...pipelineStatements) } }, 'PipelineRole', '/')
    .bucket('data');
  w.set(ACCOUNT, 'ecr', { repositories: { trainer: { policy: null } } });
  return w;
}

async function run(w: World, def: unknown = definition(), roleArn: string | null = PIPELINE_ROLE) {
  const snapshot = parseSnapshot(w.snapshot(), 'snapshot.json');
  const evidence = new SnapshotEvidence(snapshot);
  const input = pipelineInput({
    definition: def,
    file: 'pipeline.json',
    ...(roleArn === null ? {} : { roleArn }),
    account: ACCOUNT,
    region: REGION,
    partition: 'aws',
  });
  // Every report validates against the published report schema.
  return expectValidReport(await preflight(input, evidence));
}

const ALL_STEPS = [allow(['sagemaker:Create*'], '*'), allow('iam:PassRole', '*')];
const of = (report: Awaited<ReturnType<typeof run>>, step: string) =>
  report.checks.filter((c) => c.purpose.startsWith(`step '${step}': `));

describe('preflight --pipeline-definition', () => {
  it('reports the pipeline, each job-creating step with its own role, branches of condition steps included', async () => {
    const report = await run(world(ALL_STEPS));
    expect(report.job).toEqual({
      type: 'Pipeline',
      name: 'pipeline',
      arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:pipeline/pipeline`,
      account: ACCOUNT,
      region: REGION,
      roleArn: PIPELINE_ROLE,
      status: 'NotStarted',
    });
    const steps = new Set(report.checks.map((c) => /^step '([^']+)'/.exec(c.purpose)?.[1]));
    expect(steps).toEqual(new Set(['Preprocess', 'Train', 'CreateModel', 'Score']));
    const trust = (step: string) => of(report, step).find((c) => c.action === 'sts:AssumeRole')?.resource;
    expect(trust('Preprocess')).toBe(ROLE_ARN);
    expect(trust('Train')).toBe(OTHER_ROLE);
    expect(denied(report)).toEqual([]);
  });

  it('takes parameters at their defaults and execution variables as any value', async () => {
    const report = await run(world(ALL_STEPS));
    const preprocess = of(report, 'Preprocess').map((c) => `${c.action} ${c.resource}`);
    expect(preprocess).toContain('s3:GetObject arn:aws:s3:::data/raw/*');
    expect(preprocess).toContain('s3:PutObject arn:aws:s3:::data/features/*/train*');
  });

  it("lists a step's input that is another step's output under incomplete, and checks the rest of the step", async () => {
    const report = await run(world(ALL_STEPS));
    expect(report.incomplete).toContainEqual({
      what: "step 'Train': InputDataConfig[0].DataSource.S3DataSource.S3Uri",
      why: "it is the property Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri of step 'Preprocess', known only when the pipeline runs (that step's output feeds this step)",
    });
    const train = of(report, 'Train').map((c) => c.action);
    expect(train).toContain('s3:PutObject');
    expect(train).not.toContain('s3:ListBucket');
  });

  it("a transform step's model from a model step runs as that step's role (the pipeline role by default)", async () => {
    const report = await run(world(ALL_STEPS));
    const score = of(report, 'Score');
    expect(score.find((c) => c.action === 'sts:AssumeRole')?.resource).toBe(PIPELINE_ROLE);
    expect(score.map((c) => `${c.action} ${c.resource}`)).toContain('s3:PutObject arn:aws:s3:::data/scores/*');
    expect(report.incomplete.map((e) => e.what)).toContain("step 'CreateModel': PrimaryContainer.ModelDataUrl");
  });

  it("checks the pipeline role's Create* on the jobs it starts and PassRole on each step's role", async () => {
    const report = await run(world([allow('sagemaker:CreateProcessingJob', '*'), allow('iam:PassRole', ROLE_ARN)]));
    const pipelineChecks = report.checks.filter((c) => c.principal === PIPELINE_ROLE);
    expect(pipelineChecks.map((c) => `${c.action} ${c.resource} ${c.decision}`)).toEqual([
      `sagemaker:CreateProcessingJob arn:aws:sagemaker:${REGION}:${ACCOUNT}:processing-job/${PIPELINE_JOB_NAME} Allowed`,
      `iam:PassRole ${ROLE_ARN} Allowed`,
      `sagemaker:CreateTrainingJob arn:aws:sagemaker:${REGION}:${ACCOUNT}:training-job/${PIPELINE_JOB_NAME} ImplicitlyDenied`,
      `iam:PassRole ${OTHER_ROLE} ImplicitlyDenied`,
      `sagemaker:CreateModel arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${PIPELINE_JOB_NAME} ImplicitlyDenied`,
      `iam:PassRole ${PIPELINE_ROLE} ImplicitlyDenied`,
      `sagemaker:CreateTransformJob arn:aws:sagemaker:${REGION}:${ACCOUNT}:transform-job/${PIPELINE_JOB_NAME} ImplicitlyDenied`,
    ]);
    // One inline policy for the pipeline role gathers its fixes.
    const patches = new Set(
      report.findings.filter((f) => f.principal === PIPELINE_ROLE).map((f) => JSON.stringify(f.patch)),
    );
    expect(patches.size).toBe(1);
  });

  it('an Allow on some job names does not cover the names SageMaker Pipelines gives its jobs', async () => {
    const report = await run(
      world([allow('sagemaker:Create*', 'arn:aws:sagemaker:*:*:*/nightly-*'), allow('iam:PassRole', '*')]),
    );
    const creates = report.checks.filter((c) => c.principal === PIPELINE_ROLE && c.action.startsWith('sagemaker:'));
    expect(creates.map((c) => c.decision)).toEqual([
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
    ]);
  });

  it('without a pipeline role: the steps are checked, and the missing role is listed', async () => {
    const report = await run(world(ALL_STEPS), definition(), null);
    expect(report.checks.some((c) => c.principal === PIPELINE_ROLE)).toBe(false);
    expect(report.incomplete.map((e) => e.what)).toContain('pipeline role');
  });

  it('names the model a model step creates, and the model a transform step takes from it, in words a user reads', async () => {
    const def = definition();
    const branch = ((def.Steps as Json[])[2].Arguments as { IfSteps: Json[] }).IfSteps;
    (branch[0].Arguments as { PrimaryContainer: Json }).PrimaryContainer.ModelDataUrl = 's3://other/model.tar.gz';
    // Without a pipeline role, neither model names a role: both are listed, under their steps.
    const roleless = await run(world(ALL_STEPS), def, null);
    expect(roleless.incomplete.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        "step 'CreateModel': the new model of the CreateModel request",
        "step 'Score': the model of step 'CreateModel' of the transform job",
      ]),
    );
    const report = await run(world(ALL_STEPS), def);
    const modelData = report.checks.filter((c) => c.resource === 'arn:aws:s3:::other/model.tar.gz');
    expect(modelData.map((c) => `${c.purpose} ${c.decision}`)).toEqual([
      "step 'CreateModel': model data of the new model ImplicitlyDenied",
      "step 'Score': model data of the model of step 'CreateModel' ImplicitlyDenied",
    ]);
    const words = JSON.stringify([report, roleless]);
    expect(words).not.toContain("'?'");
    expect(words).not.toContain("'step:");
  });

  it("accepts DescribePipeline's output, whose definition is a JSON string, and takes its role and name", async () => {
    const described = {
      PipelineArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:pipeline/churn`,
      PipelineName: 'churn',
      PipelineDefinition: JSON.stringify(definition()),
      RoleArn: PIPELINE_ROLE,
    };
    const report = await run(world(ALL_STEPS), described, null);
    expect(report.job.name).toBe('churn');
    expect(report.job.roleArn).toBe(PIPELINE_ROLE);
    expect(report.checks.some((c) => c.principal === PIPELINE_ROLE)).toBe(true);
  });

  it('a parameter without a default leaves its field to run time', async () => {
    const def = definition();
    (def.Parameters as Json[])[0] = { Name: 'InputData', Type: 'String' };
    const report = await run(world(ALL_STEPS), def);
    expect(report.incomplete).toContainEqual({
      what: "step 'Preprocess': ProcessingInputs[0].S3Input.S3Uri",
      why: "parameter 'InputData' has no default value",
    });
  });

  it('a file that is not a definition is unusable input naming the file', async () => {
    await expect(run(world([]), { Version: '2020-12-01' })).rejects.toThrow(/^pipeline\.json: Steps is missing/);
    await expect(run(world([]), { Steps: [{ Type: 'Training' }] })).rejects.toThrow(
      /^pipeline\.json: Steps\[0\] has no Name/,
    );
  });
});
