/**
 * The jobs of the acceptance scenarios (their events and the sagemaker sections of their
 * snapshots, copied from the acceptance corpus (test/fixtures/acceptance/README.md) into test/fixtures/jobs/scenario-jobs.json).
 */
import { parseFailureEvent } from '../../../lambda/diagnosis/events';
import { parseFailureReason } from '../../../lambda/diagnosis/failure-reason';
import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { FakeEvidence, type FakeSageMaker } from './fake-evidence';
import { fixture } from './fixtures';
import { withoutKeySetting } from './fixtures';

interface ScenarioJob {
  event: unknown;
  sagemaker: Record<string, FakeSageMaker>;
  failureCategory: string;
}

const SCENARIOS = Object.entries(fixture('scenario-jobs') as Record<string, ScenarioJob>);

const modelOf = async (name: string) => {
  const scenario = SCENARIOS.find(([n]) => n === name)![1];
  return buildJobModel({ event: parseFailureEvent(scenario.event) }, new FakeEvidence(scenario.sagemaker));
};

describe('the jobs of the acceptance scenarios', () => {
  it.each(SCENARIOS)(
    '%s: builds the job model from the snapshot and reads the failure category',
    async (_name, scenario) => {
      // Given the scenario's event and the snapshot's sagemaker sections
      const evidence = new FakeEvidence(scenario.sagemaker);

      // When the job model is built and its failure read
      const job = await buildJobModel({ event: parseFailureEvent(scenario.event) }, evidence);
      const failure = parseFailureReason(job.failureReason, job);

      // Then the snapshot described the job completely, and the category is the expected one
      expect(job.gaps).toEqual([]);
      expect(job.roles.length).toBeGreaterThan(0);
      expect(failure.category).toBe(scenario.failureCategory);
    },
  );

  it('resolves the pipeline step to its processing job and its output', async () => {
    const job = await modelOf('pipeline-step-processing-output-not-writable');
    expect(job.type).toBe('ProcessingJob');
    expect(withoutKeySetting(job.roles[0].outputs)).toEqual([
      { purpose: "processing output 'features'", bucket: 'acme-feature-staging', key: 'features/v2/2026-11-20/' },
    ]);
    expect(parseFailureReason(job.failureReason, job).resource).toBe(
      'arn:aws:s3:::acme-feature-staging/features/v2/2026-11-20/',
    );
  });

  it("runs the endpoint as its model's role, reading the model data", async () => {
    const job = await modelOf('endpoint-model-data-not-readable');
    expect(job.roles.map((role) => role.roleArn)).toEqual(['arn:aws:iam::111111111111:role/FraudInferenceRole']);
    expect(job.roles[0].inputObjects).toEqual([
      { purpose: "model data of model 'fraud-xgb-v12'", bucket: 'acme-model-registry', key: 'fraud/v12/model.tar.gz' },
    ]);
  });

  it('gives the tuning job its definition role with both channels', async () => {
    const job = await modelOf('tuning-definition-role-missing-validation-read');
    expect(job.roles[0].roleArn).toBe('arn:aws:iam::111111111111:role/ChurnTuningRole');
    expect(job.roles[0].inputPrefixes.map((l) => l.purpose)).toEqual([
      "input channel 'train'",
      "input channel 'validation'",
    ]);
  });

  it('reads the manifest channels as objects', async () => {
    const job = await modelOf('manifest-channel-manifest-not-readable');
    expect(job.roles[0].inputObjects.map((l) => l.key)).toEqual([
      'manifests/train-2026-11-20.manifest',
      'manifests/validation-2026-11-20.manifest',
    ]);
    expect(job.roles[0].inputPrefixes).toEqual([]);
  });

  it('reads the checkpoint as both an input prefix and an output', async () => {
    const job = await modelOf('healthy-job-capacity-error');
    const checkpoint = { purpose: 'checkpoint', bucket: 'acme-ml-artifacts', key: 'checkpoints/image-classifier/' };
    expect(job.roles[0].inputPrefixes).toContainEqual(checkpoint);
    expect(job.roles[0].outputs).toContainEqual(checkpoint);
  });
});
