import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_EVENT_TYPES } from '../../lambda/job-kinds';
import { ROLE_MODEL_BUILDERS } from '../../lambda/diagnosis/jobs/build';
import { READ_PERMISSIONS } from '../../lambda/evidence/live/permissions';
import { SAGEMAKER_SECTIONS } from '../../lambda/evidence/snapshot/types';
import {
  JOB_KINDS,
  PIPELINE_STEP_JOB_KEYS,
  jobKind,
  jobKindOfArnType,
  jobKindOfPipelineStepKey,
  jobKindOfType,
} from '../../lambda/job-kinds';
import { subject } from '../../lambda/notify/summary';
import type { Report } from '../../lambda/diagnosis/report';

describe('the job-kind catalogue', () => {
  it.each(JOB_KINDS)("names the %s kind's fields and action after its API type", (kind) => {
    // The Describe* API names every field after the resource (API_DescribeTrainingJob.html):
    // TrainingJobName, TrainingJobArn, TrainingJobStatus, sagemaker:DescribeTrainingJob.
    const { type, nameField, arnField, statusField, describeAction, detailType } = jobKind(kind);
    expect([nameField, arnField, statusField, describeAction]).toEqual([
      `${type}Name`,
      `${type}Arn`,
      `${type}Status`,
      `sagemaker:Describe${type}`,
    ]);
    expect(detailType).toMatch(/^SageMaker .+ State Change$/);
  });

  it('gives every kind its own type, label, section, detail-type and ARN resource type', () => {
    for (const field of ['type', 'label', 'section', 'detailType', 'arnResourceType'] as const) {
      const values = JOB_KINDS.map((kind) => jobKind(kind)[field]);
      expect(new Set(values).size).toBe(JOB_KINDS.length);
    }
  });

  it('finds a kind back from its ARN resource type, report type and pipeline step key', () => {
    for (const kind of JOB_KINDS) {
      expect(jobKindOfArnType(jobKind(kind).arnResourceType)).toBe(kind);
      expect(jobKindOfType(jobKind(kind).type)).toBe(kind);
    }
    expect(jobKindOfArnType('model')).toBeUndefined();
    // Events write the key camelCase, the API PascalCase.
    expect(jobKindOfPipelineStepKey('TrainingJob')).toBe('training');
    expect(PIPELINE_STEP_JOB_KEYS.map(jobKindOfPipelineStepKey)).toEqual([
      'training',
      'processing',
      'transform',
      'tuning',
    ]);
  });

  it('is what the event types, snapshot sections, IAM grants and builders are made of', () => {
    expect(FAILURE_EVENT_TYPES.map((type) => type.subject)).toEqual([...JOB_KINDS, 'pipeline-step']);
    expect(SAGEMAKER_SECTIONS).toEqual(expect.arrayContaining(JOB_KINDS.map((kind) => jobKind(kind).section)));
    const sagemakerGrant = READ_PERMISSIONS.find((permission) =>
      permission.actions.includes('sagemaker:DescribeModel'),
    );
    for (const kind of JOB_KINDS) {
      expect(sagemakerGrant?.actions).toContain(jobKind(kind).describeAction);
      expect(sagemakerGrant?.resources).toContain(
        `arn:\${Partition}:sagemaker:\${Region}:\${Account}:${jobKind(kind).arnResourceType}/*`,
      );
    }
    expect(Object.keys(ROLE_MODEL_BUILDERS)).toEqual([...JOB_KINDS]);
  });

  it('has a schema entry for every snapshot section, so that a new kind cannot be left out of it', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/snapshot.schema.json'), 'utf8')) as {
      definitions: { sagemaker: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.definitions.sagemaker.properties).sort()).toEqual([...SAGEMAKER_SECTIONS].sort());
  });

  it("labels a tuning job with AWS's name in notifications, as everywhere else", () => {
    // Given the report of a failed tuning job
    const report = {
      job: { type: 'HyperParameterTuningJob', name: 'tune-1' },
      failure: { category: 'other' },
      findings: [],
      checks: [],
    } as unknown as Report;
    // Then its subject uses the catalogue's label
    expect(subject(report)).toBe("SageMaker hyperparameter tuning job 'tune-1' failed: OTHER");
  });
});
