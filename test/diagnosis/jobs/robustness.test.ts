import fc from 'fast-check';
import { JOB_KINDS, type Description } from '../../../lambda/evidence/evidence';
import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { InputError } from '../../../lambda/errors';
import { FakeEvidence } from './fake-evidence';
import { ACCOUNT, fixture } from './fixtures';

// Descriptions built from the fixtures' own field names, with arbitrary values: the job model
// either reads them or refuses them with an InputError, and never crashes.
const FIELD_NAMES = [
  'RoleArn',
  'ExecutionRoleArn',
  'InputDataConfig',
  'OutputDataConfig',
  'CheckpointConfig',
  'DebugRuleConfigurations',
  'ProcessingInputs',
  'ProcessingOutputConfig',
  'ModelName',
  'TransformInput',
  'TransformOutput',
  'TrainingJobDefinition',
  'TrainingJobDefinitions',
  'EndpointConfigName',
  'ProductionVariants',
  'PrimaryContainer',
  'Containers',
  'VpcConfig',
];
const anyDescription = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.jsonValue(), {
  maxKeys: 8,
}) as fc.Arbitrary<Description>;
const knownGood = [
  fixture('training-full'),
  fixture('processing'),
  fixture('transform'),
  fixture('tuning-several-definitions'),
  fixture('endpoint'),
];
// A realistic description with one field replaced by an arbitrary value.
const damaged = fc
  .tuple(fc.constantFrom(...knownGood), fc.constantFrom(...FIELD_NAMES), fc.jsonValue())
  .map(([description, field, value]) => ({ ...description, [field]: value }) as Description);

describe('buildJobModel on malformed descriptions', () => {
  it('throws nothing but InputError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...JOB_KINDS),
        fc.oneof(anyDescription, damaged),
        anyDescription,
        async (kind, job, other) => {
          const evidence = new FakeEvidence({
            [ACCOUNT]: {
              trainingJobs: { j: job },
              processingJobs: { j: job },
              transformJobs: { j: job },
              tuningJobs: { j: job },
              endpoints: { j: job },
              models: { 'churn-pipeline-model': other, m: other },
              endpointConfigs: { 'recs-realtime-config-v3': other },
            },
          });
          try {
            await buildJobModel({ job: { name: 'j', kind, account: ACCOUNT } }, evidence);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
