import { parseFailureEvent } from '../../../lambda/diagnosis/events';
import { buildJobModel } from '../../../lambda/diagnosis/jobs';
import { InputError } from '../../../lambda/errors';
import { FakeEvidence } from './fake-evidence';
import { ACCOUNT, eventFixture, fixture } from './fixtures';

const TRAINING = 'vision-multi-2026-11-20';

describe('where the job description comes from', () => {
  it("prefers the evidence's description to the event's detail", async () => {
    // Given an event whose detail names another role than the snapshot's description
    const event = eventFixture('training');
    (event.detail as Record<string, unknown>).RoleArn = `arn:aws:iam::${ACCOUNT}:role/FromTheEvent`;
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { [TRAINING]: fixture('training-full') } } });

    // When the job model is built from the event
    const job = await buildJobModel({ event: parseFailureEvent(event) }, evidence);

    // Then the evidence's role is used, and nothing is missing
    expect(job.roles[0].roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/VisionTrainingRole`);
    expect(job.gaps).toEqual([]);
    expect(evidence.calls).toEqual([`describeJob ${ACCOUNT} training ${TRAINING}`]);
  });

  it.each([
    [
      'holds no such job',
      { [ACCOUNT]: { trainingJobs: {} } },
      `training job '${TRAINING}' is not in account ${ACCOUNT} of the evidence`,
    ],
    ['does not hold the account', {}, `account ${ACCOUNT} is not in the fake evidence`],
  ])("uses the event's detail when the evidence %s, and says so in a gap", async (_case, accounts, why) => {
    // Given evidence without the job, and an event with a complete detail
    const evidence = new FakeEvidence(accounts);

    // When the job model is built from the event
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('training')) }, evidence);

    // Then the detail gives the role and the locations, and a gap records where they came from
    expect(job.roles[0].roleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/service-role/VisionTrainingRole`);
    expect(job.roles[0].inputPrefixes[0]).toEqual({
      purpose: "input channel 'train'",
      bucket: 'acme-vision',
      key: 'train/',
    });
    expect(job.failureReason).toBe('ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied');
    expect(job.gaps).toEqual([
      { what: `description of training job '${TRAINING}'`, why: expect.stringContaining(why) },
    ]);
  });

  it('refuses an event whose detail lacks the role when the evidence lacks the job', async () => {
    // Given a minimal event (status and reason only) and evidence without the job
    const event = parseFailureEvent(eventFixture('training-minimal'));

    // When the job model is built
    const build = buildJobModel({ event }, new FakeEvidence({ [ACCOUNT]: { trainingJobs: {} } }));

    // Then an InputError says the event's detail lacks the role and how to fix it
    await expect(build).rejects.toThrow(InputError);
    await expect(buildJobModel({ event }, new FakeEvidence({}))).rejects.toThrow(
      /^event\.detail \(used because .*\): RoleArn is missing.*add the training job's Describe\* output/,
    );
  });

  it("takes the job's name, ARN and region from the event when the detail is minimal but the evidence holds the job", async () => {
    // Given a minimal event and evidence with the job
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { [TRAINING]: fixture('training-full') } } });

    // When the job model is built
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('training-minimal')) }, evidence);

    // Then the evidence's description is used, including its failure reason
    expect(job.name).toBe(TRAINING);
    expect(job.failureReason).toContain('Artifact upload failed');
  });
  it("follows an endpoint event's EndpointConfigName to its models when the evidence lacks the endpoint", async () => {
    // Given evidence with the endpoint's configuration and models but not the endpoint itself
    const evidence = new FakeEvidence({
      [ACCOUNT]: {
        endpoints: {},
        endpointConfigs: { 'recs-realtime-config-v3': fixture('endpoint-config') },
        models: {
          'recs-v3': fixture('model-recs-v3'),
          'recs-v4': fixture('model-recs-v4'),
          'recs-v5-missing': fixture('model-recs-v3'),
        },
      },
    });

    // When the job model is built from the endpoint event
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('endpoint-upper-case')) }, evidence);

    // Then the event's detail leads to the models' roles, and its status keeps the event's casing
    expect(job.type).toBe('Endpoint');
    expect(job.status).toBe('FAILED');
    expect(job.roles.map((role) => role.roleArn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/RecsInferenceRole`,
      `arn:aws:iam::${ACCOUNT}:role/RecsChallengerRole`,
      `arn:aws:iam::${ACCOUNT}:role/RecsInferenceRole`,
    ]);
    expect(job.gaps.map((gap) => gap.what)).toEqual(["description of endpoint 'recs-realtime'"]);
  });

  it("reads a tuning job from the event's detail when the evidence lacks it", async () => {
    // Given a tuning event and evidence without the tuning job
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('tuning')) }, new FakeEvidence({}));

    // Then each definition's role comes from the detail
    expect(job.roles.map((role) => role.origin)).toEqual([
      "training job definition 'xgb'",
      "training job definition 'linear'",
    ]);
  });
});

describe('pipeline step events', () => {
  it("resolve to their job by ARN, case-insensitively, and take the job's failure reason", async () => {
    // Given a step event naming the training job by an ARN in other case than the evidence's
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { [TRAINING]: fixture('training-full') } } });

    // When the job model is built
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('pipeline-step-training')) }, evidence);

    // Then the job is the training job, with its own ARN and failure reason
    expect(job.type).toBe('TrainingJob');
    expect(job.name).toBe(TRAINING);
    expect(job.arn).toBe(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/${TRAINING}`);
    expect(job.sourceArn).toBe(job.arn);
    expect(job.failureReason).toContain('Artifact upload failed');
    expect(job.status).toBe('Failed');
  });

  it("fall back to the step's failureReason when the job has none", async () => {
    // Given the step's job without a FailureReason
    const description = fixture('training-full');
    delete description.FailureReason;
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: { [TRAINING]: description } } });

    // When the job model is built
    const job = await buildJobModel({ event: parseFailureEvent(eventFixture('pipeline-step-training')) }, evidence);

    // Then the step's failure text is the job's
    expect(job.failureReason).toBe('ClientError: step failed');
  });

  it('refuse a step whose job is not in the evidence, naming the field', async () => {
    // Given evidence without the step's job
    const event = parseFailureEvent(eventFixture('pipeline-step-training'));

    // When the job model is built, Then an InputError names the metadata field
    await expect(buildJobModel({ event }, new FakeEvidence({ [ACCOUNT]: {} }))).rejects.toThrow(
      /^event\.detail\.metadata\.trainingJob\.arn: the step's job .* is not in the snapshot/,
    );
  });
});

describe('jobs given by name', () => {
  it('finds the job among every kind when no kind is given', async () => {
    // Given an account with a processing job of that name only
    const evidence = new FakeEvidence({
      [ACCOUNT]: { trainingJobs: {}, processingJobs: { p: fixture('processing') } },
    });

    // When the job model is built by name alone
    const job = await buildJobModel({ job: { name: 'p', account: ACCOUNT } }, evidence);

    // Then the processing job is found
    expect(job.type).toBe('ProcessingJob');
  });

  it('refuses an ambiguous name, naming the kinds found', async () => {
    // Given a training job and an endpoint of the same name
    const evidence = new FakeEvidence({
      [ACCOUNT]: { trainingJobs: { same: fixture('training-full') }, endpoints: { same: fixture('endpoint') } },
    });

    // When the job model is built by name alone, Then an InputError names both kinds
    await expect(buildJobModel({ job: { name: 'same', account: ACCOUNT } }, evidence)).rejects.toThrow(
      "job 'same' is ambiguous: account 111111111111 has a training job and an endpoint of that name: pass --job-type training or endpoint",
    );
  });

  it.each([
    [
      { name: 'nope', account: ACCOUNT },
      /^job 'nope': no training job, processing job, .* of that name in account 111111111111/,
    ],
    [{ name: 'nope', kind: 'training' as const, account: ACCOUNT }, /^job 'nope': no training job of that name/],
    [{ name: 'nope' }, /^job 'nope': no account to look it up in/],
    [
      { name: 'nope', accounts: [ACCOUNT, '222222222222'] },
      /^job 'nope': no .* of that name in accounts 111111111111, 222222222222 \(could not look everywhere: account 111111111111 has no processingJobs in the fake evidence; .*; 2 more\)/,
    ],
  ])('refuses an unknown job %j', async (job, message) => {
    // Given evidence without the job
    const evidence = new FakeEvidence({ [ACCOUNT]: { trainingJobs: {} } });

    // When the job model is built, Then an InputError says why
    await expect(buildJobModel({ job }, evidence)).rejects.toThrow(message);
  });

  it('searches the given accounts when the job names none', async () => {
    // Given two accounts, the second holding the job
    const evidence = new FakeEvidence({
      '222222222222': { trainingJobs: {} },
      [ACCOUNT]: { trainingJobs: { [TRAINING]: fixture('training-full') } },
    });

    // When the job model is built by name with both accounts as candidates
    const job = await buildJobModel({ job: { name: TRAINING, accounts: ['222222222222', ACCOUNT] } }, evidence);

    // Then the job is found in the account that holds it
    expect(job.account).toBe(ACCOUNT);
    expect(job.type).toBe('TrainingJob');
  });

  it('refuses a name found in several accounts', async () => {
    // Given two accounts with a training job of the same name
    const description = fixture('training-full');
    const evidence = new FakeEvidence({
      '222222222222': { trainingJobs: { [TRAINING]: description } },
      [ACCOUNT]: { trainingJobs: { [TRAINING]: description } },
    });

    // When the job model is built by name, Then an InputError names both accounts
    await expect(
      buildJobModel({ job: { name: TRAINING, kind: 'training', accounts: ['222222222222', ACCOUNT] } }, evidence),
    ).rejects.toThrow(
      `job '${TRAINING}' is ambiguous: the accounts have a training job in account 222222222222 and a training job in account ${ACCOUNT} of that name: name the account`,
    );
  });

  it('refuses input with neither an event nor a job', async () => {
    await expect(buildJobModel({}, new FakeEvidence({}))).rejects.toThrow(InputError);
  });

  it('builds the ARN of a job whose description lacks it', async () => {
    // Given a description without its ARN
    const description = fixture('processing');
    delete description.ProcessingJobArn;
    const evidence = new FakeEvidence({
      [ACCOUNT]: { processingJobs: { 'churn-preprocess-2026-11-20': description } },
    });

    // When the job model is built by name
    const job = await buildJobModel({ job: { name: 'churn-preprocess-2026-11-20', account: ACCOUNT } }, evidence);

    // Then the ARN is built from the partition, region, account and name
    expect(job.arn).toBe(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:processing-job/churn-preprocess-2026-11-20`);
  });
});
