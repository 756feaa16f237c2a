import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { InputError } from '../../../lambda/errors';
import { FakeEvidence } from './fake-evidence';
import { ACCOUNT, fixture } from './fixtures';
import { withoutKeySetting } from './fixtures';

describe('processing job models', () => {
  it('reads prefix and manifest inputs, S3 outputs with the output key, the volume key, image and VPC', async () => {
    // Given a processing job with S3 inputs, an Athena dataset input, S3 and Feature Store outputs
    const evidence = new FakeEvidence({
      [ACCOUNT]: { processingJobs: { 'churn-preprocess-2026-11-20': fixture('processing') } },
    });

    // When its model is built
    const job = await buildJobModel(
      { job: { name: 'churn-preprocess-2026-11-20', kind: 'processing', account: ACCOUNT } },
      evidence,
    );

    // Then the S3 locations are modelled and the dataset definition and Feature Store output are not
    expect(job.type).toBe('ProcessingJob');
    const [role] = job.roles;
    expect(role.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/ChurnProcessingRole`);
    expect(role.inputPrefixes).toEqual([
      { purpose: "processing input 'events'", bucket: 'acme-churn-raw', key: 'events/' },
      { purpose: "processing input 'code'", bucket: 'acme-ml-code', key: 'churn/preprocess.py' },
    ]);
    expect(role.inputObjects).toEqual([
      { purpose: "manifest of processing input 'labels'", bucket: 'acme-churn-raw', key: 'labels.manifest' },
    ]);
    expect(withoutKeySetting(role.outputs)).toEqual([
      {
        purpose: "processing output 'train'",
        bucket: 'acme-churn-features',
        key: 'train/',
        kmsKeyId: 'alias/churn-features',
      },
      {
        purpose: "processing output 'test'",
        bucket: 'acme-churn-features',
        key: 'test/',
        kmsKeyId: 'alias/churn-features',
      },
    ]);
    expect(role.volumeKeys).toEqual([{ purpose: 'storage volume', keyId: '5d2e8b17-9a4c-4f03-b6e1-7c8d9e0f1a2b' }]);
    expect(role.images).toEqual([`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-preprocess:latest`]);
    expect(role.vpcConfig).toEqual({
      Subnets: ['subnet-0123456789abcdef0'],
      SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    });
  });

  it('refuses a processing job description without RoleArn', async () => {
    // Given a description without its role
    const description = fixture('processing');
    delete description.RoleArn;
    const evidence = new FakeEvidence({ [ACCOUNT]: { processingJobs: { p: description } } });

    // When its model is built, Then an InputError names the field
    await expect(buildJobModel({ job: { name: 'p', kind: 'processing', account: ACCOUNT } }, evidence)).rejects.toThrow(
      /RoleArn is missing/,
    );
  });
});

describe('transform job models', () => {
  it("runs as the model's execution role and reads every container's model data, the input and the output", async () => {
    // Given a transform job whose model is a serial inference pipeline of three containers
    const evidence = new FakeEvidence({
      [ACCOUNT]: {
        transformJobs: { 'churn-batch-2026-11-20': fixture('transform') },
        models: { 'churn-pipeline-model': fixture('model-multi-container') },
      },
    });

    // When its model is built
    const job = await buildJobModel(
      { job: { name: 'churn-batch-2026-11-20', kind: 'transform', account: ACCOUNT } },
      evidence,
    );

    // Then the model's role gets the model data (object, prefix, https URL), the input and the output
    expect(job.type).toBe('TransformJob');
    expect(job.roles).toHaveLength(1);
    const [role] = job.roles;
    expect(role.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/ChurnInferenceRole`);
    expect(role.inputObjects).toEqual([
      {
        purpose: "model data of container 'preprocess' of model 'churn-pipeline-model'",
        bucket: 'acme-model-registry',
        key: 'churn/preprocess/model.tar.gz',
      },
      {
        purpose: "model data of container 'postprocess' of model 'churn-pipeline-model'",
        bucket: 'acme-model-registry',
        key: 'churn/post/model.tar.gz',
      },
    ]);
    expect(role.inputPrefixes).toEqual([
      {
        purpose: "model data of container 'xgboost' of model 'churn-pipeline-model'",
        bucket: 'acme-model-registry',
        key: 'churn/xgb/uncompressed/',
      },
      { purpose: 'transform input', bucket: 'acme-churn-batch', key: 'input/2026-11-20/' },
    ]);
    expect(withoutKeySetting(role.outputs)).toEqual([
      {
        purpose: 'transform output',
        bucket: 'acme-churn-batch',
        key: 'output/2026-11-20/',
        kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:alias/churn-batch',
      },
    ]);
    expect(role.volumeKeys).toEqual([
      {
        purpose: 'storage volume',
        keyId: 'arn:aws:kms:us-east-1:111111111111:key/0c9a3f5e-2b7d-4c1e-8f6a-3d5b7e9c1a24',
      },
    ]);
    expect(role.images).toHaveLength(3);
    expect(role.vpcConfig).toEqual({
      Subnets: ['subnet-0aaaaaaaaaaaaaaaa'],
      SecurityGroupIds: ['sg-0b1c2d3e4f5a60718'],
    });
    expect(evidence.calls).toContain(`describeModel ${ACCOUNT} churn-pipeline-model`);
  });

  it('reads a manifest transform input as one object', async () => {
    // Given a transform job whose input is a manifest
    const evidence = new FakeEvidence({
      [ACCOUNT]: {
        transformJobs: { 'labels-batch': fixture('transform-manifest') },
        models: { 'churn-pipeline-model': fixture('model-multi-container') },
      },
    });

    // When its model is built
    const job = await buildJobModel({ job: { name: 'labels-batch', kind: 'transform', account: ACCOUNT } }, evidence);

    // Then the manifest is an input object and not a prefix
    expect(job.roles[0].inputObjects).toContainEqual({
      purpose: 'manifest of transform input',
      bucket: 'acme-churn-batch',
      key: 'input.manifest',
    });
    expect(job.roles[0].inputPrefixes.map((l) => l.purpose)).not.toContain('transform input');
  });

  it.each([
    ['unknown', {}, 'account 111111111111 has no models in the fake evidence'],
    [
      'known not to exist',
      { models: {} },
      "model 'churn-pipeline-model' does not exist in account 111111111111 (deleted since?)",
    ],
  ])('records a model the evidence holds as %s as a gap, with no role', async (_case, models, why) => {
    // Given a transform job whose model the evidence lacks
    const evidence = new FakeEvidence({
      [ACCOUNT]: { transformJobs: { 'labels-batch': fixture('transform-manifest') }, ...models },
    });

    // When its model is built
    const job = await buildJobModel({ job: { name: 'labels-batch', kind: 'transform', account: ACCOUNT } }, evidence);

    // Then there is no role and one gap that names the model and why
    expect(job.roles).toEqual([]);
    expect(job.gaps).toEqual([{ what: "model 'churn-pipeline-model' of transform job 'labels-batch'", why }]);
  });

  it('refuses a transform job description without ModelName', async () => {
    // Given a description without its model
    const description = fixture('transform');
    delete description.ModelName;
    const evidence = new FakeEvidence({ [ACCOUNT]: { transformJobs: { t: description } } });

    // When its model is built, Then an InputError names the field
    const build = buildJobModel({ job: { name: 't', kind: 'transform', account: ACCOUNT } }, evidence);
    await expect(build).rejects.toBeInstanceOf(InputError);
  });
});
