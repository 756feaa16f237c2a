import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { FakeEvidence } from './fake-evidence';
import { ACCOUNT, fixture } from './fixtures';

describe('tuning job models', () => {
  it('gives one role per training job definition, each with its own locations', async () => {
    // Given a tuning job with two training job definitions run by two roles
    const evidence = new FakeEvidence({
      [ACCOUNT]: { tuningJobs: { 'churn-multi-algo-hpo': fixture('tuning-several-definitions') } },
    });

    // When its model is built
    const job = await buildJobModel(
      { job: { name: 'churn-multi-algo-hpo', kind: 'tuning', account: ACCOUNT } },
      evidence,
    );

    // Then each definition has its role, channels, output, checkpoint, key and image
    expect(job.type).toBe('HyperParameterTuningJob');
    expect(job.sourceArn).toBe(
      `arn:aws:sagemaker:us-east-1:${ACCOUNT}:hyper-parameter-tuning-job/churn-multi-algo-hpo`,
    );
    expect(job.roles.map((role) => [role.roleArn, role.origin])).toEqual([
      [`arn:aws:iam::${ACCOUNT}:role/ChurnXgbTuningRole`, "training job definition 'xgb'"],
      [`arn:aws:iam::${ACCOUNT}:role/ChurnLinearTuningRole`, "training job definition 'linear'"],
    ]);
    const [xgb, linear] = job.roles;
    expect(xgb.inputPrefixes.map((l) => `${l.purpose} -> ${l.key}`)).toEqual([
      "input channel 'train' of training job definition 'xgb' -> xgb/train/",
      "input channel 'validation' of training job definition 'xgb' -> xgb/validation/",
      "checkpoint of training job definition 'xgb' -> xgb/checkpoints/",
    ]);
    expect(xgb.outputs.map((l) => l.key)).toEqual(['xgb/output/', 'xgb/checkpoints/']);
    expect(xgb.vpcConfig).toEqual({ Subnets: ['subnet-1'], SecurityGroupIds: ['sg-1'] });
    expect(xgb.volumeKeys).toEqual([]);
    expect(linear.inputPrefixes.map((l) => l.key)).toEqual(['linear/train/', 'linear/validation/']);
    expect(linear.volumeKeys).toEqual([
      { purpose: "storage volume of training job definition 'linear'", keyId: 'alias/ml-volumes' },
    ]);
    expect(linear.images).toEqual([`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/linear:1`]);
    expect(linear.vpcConfig).toBeUndefined();
  });

  it('refuses a tuning job without any training job definition', async () => {
    // Given a tuning job description that names no definition
    const description = fixture('tuning-several-definitions');
    delete description.TrainingJobDefinitions;
    const evidence = new FakeEvidence({ [ACCOUNT]: { tuningJobs: { h: description } } });

    // When its model is built, Then an InputError names the missing field
    await expect(buildJobModel({ job: { name: 'h', kind: 'tuning', account: ACCOUNT } }, evidence)).rejects.toThrow(
      /TrainingJobDefinition \(or TrainingJobDefinitions\) is missing/,
    );
  });
});

describe('endpoint models', () => {
  const endpointEvidence = () =>
    new FakeEvidence({
      [ACCOUNT]: {
        endpoints: { 'recs-realtime': fixture('endpoint') },
        endpointConfigs: { 'recs-realtime-config-v3': fixture('endpoint-config') },
        models: { 'recs-v3': fixture('model-recs-v3'), 'recs-v4': fixture('model-recs-v4') },
      },
    });

  it("gives one role per variant's model, each model once, and a gap for a model the evidence lacks", async () => {
    // Given an endpoint with two variants of one model, one of another, and a shadow variant whose model is gone
    const evidence = endpointEvidence();

    // When its model is built
    const job = await buildJobModel({ job: { name: 'recs-realtime', kind: 'endpoint', account: ACCOUNT } }, evidence);

    // Then each model gives one role with its model data and image
    expect(job.type).toBe('Endpoint');
    expect(job.arn).toBe(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/recs-realtime`);
    expect(job.roles.map((role) => [role.roleArn, role.origin])).toEqual([
      [
        `arn:aws:iam::${ACCOUNT}:role/RecsInferenceRole`,
        "model 'recs-v3' of variant 'Champion' of endpoint 'recs-realtime'",
      ],
      [
        `arn:aws:iam::${ACCOUNT}:role/RecsChallengerRole`,
        "model 'recs-v4' of variant 'Challenger' of endpoint 'recs-realtime'",
      ],
    ]);
    expect(job.roles[0].inputObjects).toEqual([
      { purpose: "model data of model 'recs-v3'", bucket: 'acme-model-registry', key: 'recs/v3/model.tar.gz' },
    ]);
    expect(job.roles[1].inputObjects).toEqual([
      { purpose: "model data of model 'recs-v4'", bucket: 'acme-model-registry', key: 'recs/v4/model.tar.gz' },
    ]);
    expect(job.roles[1].inputPrefixes).toEqual([
      {
        purpose: "additional model data 'adapter' of model 'recs-v4'",
        bucket: 'acme-model-registry',
        key: 'recs/v4/adapter/',
      },
    ]);
    // And the endpoint config's own key and data capture are not the models' roles' business
    expect(job.roles.flatMap((role) => role.outputs)).toEqual([]);
    expect(job.roles.flatMap((role) => role.volumeKeys)).toEqual([]);
    expect(job.gaps).toEqual([
      {
        what: "model 'recs-v5-missing' of variant 'Shadow' of endpoint 'recs-realtime'",
        why: "model 'recs-v5-missing' does not exist in account 111111111111 (deleted since?)",
      },
    ]);
    expect(evidence.calls.filter((call) => call === `describeModel ${ACCOUNT} recs-v3`)).toHaveLength(1);
  });

  it('records an endpoint configuration the evidence lacks as a gap, never a crash', async () => {
    // Given an endpoint whose configuration the evidence does not hold
    const evidence = new FakeEvidence({ [ACCOUNT]: { endpoints: { 'recs-realtime': fixture('endpoint') } } });

    // When its model is built
    const job = await buildJobModel({ job: { name: 'recs-realtime', kind: 'endpoint', account: ACCOUNT } }, evidence);

    // Then it has no role and one gap naming the configuration
    expect(job.roles).toEqual([]);
    expect(job.gaps).toEqual([
      {
        what: "endpoint configuration 'recs-realtime-config-v3' of endpoint 'recs-realtime'",
        why: 'account 111111111111 has no endpointConfigs in the fake evidence',
      },
    ]);
  });
});
