import { InputError } from '../../../lambda/errors';
import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { FakeEvidence } from './fake-evidence';
import { ACCOUNT, fixture } from './fixtures';
import { withoutKeySetting } from './fixtures';

const byName = (name: string, kind?: 'training') => ({ job: { name, kind, account: ACCOUNT } });

describe('training job models', () => {
  it('reads every channel, output, key, image and the VPC of a training job', async () => {
    // Given a training job with prefix, manifest, augmented-manifest and file-system channels,
    // a checkpoint, debugger, profiler and TensorBoard outputs, output and volume keys, a VPC
    const description = fixture('training-full');
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { 'vision-multi-2026-11-20': description } } });

    // When its model is built
    const job = await buildJobModel(byName('vision-multi-2026-11-20', 'training'), evidence);

    // Then it has one role with every location, in the job's own words
    expect(job).toMatchObject({
      type: 'TrainingJob',
      name: 'vision-multi-2026-11-20',
      arn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/vision-multi-2026-11-20`,
      sourceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/vision-multi-2026-11-20`,
      account: ACCOUNT,
      region: 'us-east-1',
      status: 'Failed',
      failureReason: 'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied',
      gaps: [],
    });
    expect(job.roles).toHaveLength(1);
    const [role] = job.roles;
    expect(role.roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/VisionTrainingRole`);
    expect(role.inputPrefixes).toEqual([
      { purpose: "input channel 'train'", bucket: 'acme-vision', key: 'train/' },
      { purpose: "input channel 'validation'", bucket: 'acme-vision-validation', key: '' },
      { purpose: 'checkpoint', bucket: 'acme-ml-artifacts', key: 'checkpoints/vision/' },
    ]);
    expect(role.inputObjects).toEqual([
      { purpose: "manifest of channel 'labels'", bucket: 'acme-labels', key: 'manifests/train.manifest' },
      { purpose: "manifest of channel 'augmented'", bucket: 'acme-labels', key: 'manifests/augmented.manifest' },
    ]);
    expect(withoutKeySetting(role.outputs)).toEqual([
      {
        purpose: 'output',
        bucket: 'acme-ml-artifacts',
        key: 'vision/',
        kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b`,
      },
      { purpose: 'checkpoint', bucket: 'acme-ml-artifacts', key: 'checkpoints/vision/' },
      { purpose: 'debugger output', bucket: 'acme-ml-debug', key: 'vision/tensors/' },
      { purpose: "debugger rule 'LossNotDecreasing' output", bucket: 'acme-ml-debug', key: 'vision/rules/' },
      { purpose: 'profiler output', bucket: 'acme-ml-debug', key: 'vision/profiler/' },
      { purpose: "profiler rule 'ProfilerReport' output", bucket: 'acme-ml-debug', key: 'vision/profiler-rules/' },
      { purpose: 'TensorBoard output', bucket: 'acme-ml-debug', key: 'vision/tensorboard/' },
    ]);
    expect(role.volumeKeys).toEqual([{ purpose: 'storage volume', keyId: 'alias/ml-volumes' }]);
    expect(role.images).toEqual([`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/vision-train:3.1`]);
    expect(role.vpcConfig).toEqual({
      Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      SecurityGroupIds: ['sg-0a1b2c3d4e5f60718'],
    });
    expect(role.origin).toBeUndefined();
  });

  it('names no image for a job that runs an algorithm resource (AlgorithmName)', async () => {
    // Given a job that runs a Marketplace algorithm
    const evidence = new FakeEvidence({
      [ACCOUNT]: { trainingJobs: { 'marketplace-algo-job': fixture('training-algorithm-name') } },
    });

    // When its model is built
    const job = await buildJobModel(byName('marketplace-algo-job'), evidence);

    // Then the role pulls no image, and the job has no VPC, volume key or output key
    expect(job.roles[0].images).toEqual([]);
    expect(job.roles[0].vpcConfig).toBeUndefined();
    expect(job.roles[0].volumeKeys).toEqual([]);
    expect(withoutKeySetting(job.roles[0].outputs)).toEqual([
      { purpose: 'output', bucket: 'acme-tabular', key: 'output/' },
    ]);
  });

  it.each([
    ['RoleArn', (d: Record<string, unknown>) => delete d.RoleArn],
    ['OutputDataConfig', (d: Record<string, unknown>) => delete d.OutputDataConfig],
  ])('refuses a description without %s, naming the field', async (field, remove) => {
    // Given a description that lacks a field the API requires
    const description = fixture('training-algorithm-name');
    remove(description);
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { 'marketplace-algo-job': description } } });

    // When its model is built
    const build = buildJobModel(byName('marketplace-algo-job'), evidence);

    // Then an InputError names the job and the field
    await expect(build).rejects.toThrow(InputError);
    await expect(buildJobModel(byName('marketplace-algo-job'), evidence)).rejects.toThrow(
      new RegExp(`training job 'marketplace-algo-job'.*${field} is missing`),
    );
  });

  it('records a location that is not an S3 URI as a gap instead of failing', async () => {
    // Given a channel whose S3Uri is not an S3 URI
    const description = fixture('training-algorithm-name');
    (
      description.InputDataConfig as { DataSource: { S3DataSource: { S3Uri: string } } }[]
    )[0].DataSource.S3DataSource.S3Uri = 'not-a-uri';
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { 'marketplace-algo-job': description } } });

    // When its model is built
    const job = await buildJobModel(byName('marketplace-algo-job'), evidence);

    // Then the channel is a gap and the rest is modelled
    expect(job.roles[0].inputPrefixes).toEqual([]);
    expect(job.gaps).toEqual([
      { what: "input channel 'training': not-a-uri", why: expect.stringContaining('not an S3 URI') },
    ]);
  });
});
