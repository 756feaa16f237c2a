import { REDACTED, Secrets } from '../../lambda/redaction';

const secretsOf = (description: unknown): Secrets => {
  const secrets = new Secrets();
  secrets.collect(description);
  return secrets;
};

describe('the secrets of a description', () => {
  it.each([
    ['a hyperparameter', { HyperParameters: { api_key: 'hp-TOKEN-1234' } }, 'hp-TOKEN-1234'],
    [
      'a hyperparameter the SDK stored JSON-quoted, decoded',
      { HyperParameters: { api_key: '"hp-TOKEN-1234"' } },
      'hp-TOKEN-1234',
    ],
    [
      'a hyperparameter the SDK stored JSON-quoted, as stored',
      { HyperParameters: { api_key: '"hp-TOKEN-1234"' } },
      '"hp-TOKEN-1234"',
    ],
    [
      'a static hyperparameter of a tuning job',
      { TrainingJobDefinition: { StaticHyperParameters: { k: 'st-TOKEN-99' } } },
      'st-TOKEN-99',
    ],
    ['an environment variable', { Environment: { DB_PASSWORD: 'env-PASS-5678' } }, 'env-PASS-5678'],
    ["a model container's environment", { Containers: [{ Environment: { K: 'model-PASS-1' } }] }, 'model-PASS-1'],
    [
      'a container argument',
      { AlgorithmSpecification: { ContainerArguments: ['--token', 'arg-TOKEN-77'] } },
      'arg-TOKEN-77',
    ],
    [
      'a container entrypoint',
      { AppSpecification: { ContainerEntrypoint: ['sh', '-c', 'run --key ep-KEY-31'] } },
      'run --key ep-KEY-31',
    ],
    [
      'a Debugger rule parameter',
      { DebugRuleConfigurations: [{ RuleParameters: { token: 'rule-TOKEN-3' } }] },
      'rule-TOKEN-3',
    ],
  ])('redacts %s wherever free text quotes it', (_case, description, secret) => {
    // Given a failure text quoting the secret
    const text = `AlgorithmError: ExecuteUserScriptError: Command "python3 train.py ${secret}", exit code: 1`;
    // Then the redacted text does not hold it
    const redacted = secretsOf(description).redact(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it.each([
    ['--pw ab', 'python3 train.py --pw ab --epochs 5'],
    ['--pw "ab"', 'python3 train.py --pw "ab" --epochs 5'],
    ['--pw=ab', 'python3 train.py --pw=ab'],
    ['pw=ab', 'env pw=ab other=1'],
    ['pw: ab', 'settings pw: ab'],
    ['"pw": "ab"', '{"pw": "ab", "x": 1}'],
    ['\\"pw\\": \\"ab\\"', '{\\"pw\\": \\"ab\\"}'],
  ])('redacts a value shorter than 4 characters next to its name (%s)', (_case, text) => {
    const secrets = secretsOf({ HyperParameters: { pw: '"ab"' } });
    expect(secrets.redact(text)).not.toMatch(/\bab\b/);
  });

  it('leaves a short value alone where it is not the value of its name: it would mangle the text', () => {
    const secrets = secretsOf({ HyperParameters: { pw: 'ab' } });
    const text = 'ab: the lab has abc and a tab; --other ab';
    expect(secrets.redact(text)).toBe(text);
  });

  it('names a short container argument by the flag before it, or in it', () => {
    const secrets = secretsOf({ AlgorithmSpecification: { ContainerArguments: ['--token', 'q9', '--key=zz'] } });
    expect(secrets.redact('train --token q9 then --key zz')).toBe(
      `train ${REDACTED} ${REDACTED} then --key ${REDACTED}`,
    );
  });

  it('redacts a secret that the end of the text cut (SageMaker caps a failure reason)', () => {
    const secrets = secretsOf({ Environment: { TOKEN: 'env-TOKEN-123456' } });
    expect(secrets.redact('Command "run --token env-TOK')).toBe(`Command "run --token ${REDACTED}`);
  });

  it('replaces a secret that holds another one whole', () => {
    const secrets = secretsOf({ Environment: { A: 'pass-1234', B: 'pass-1234-longer' } });
    expect(secrets.redact('x pass-1234-longer y pass-1234 z')).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it('leaves a value that the names and ARNs already state: redacting it would hide nothing', () => {
    // Given the SDK's region hyperparameter, which is the job's region
    const secrets = secretsOf({ HyperParameters: { sagemaker_region: '"us-east-1"', api_key: 'hp-TOKEN-1234' } });
    const arn = 'arn:aws:s3:::bucket/us-east-1/input';
    const reason = `Unable to download ${arn} for --api_key hp-TOKEN-1234`;
    // When the free text is redacted beside the job's ARN
    expect(secrets.redactBeside(reason, { arn })).toBe(`Unable to download ${arn} for --api_key ${REDACTED}`);
  });
});

describe('a stripped description', () => {
  const description = {
    TrainingJobName: 'job',
    HyperParameters: { api_key: '"hp-TOKEN-1234"' },
    Environment: { DB_PASSWORD: 'env-PASS-5678' },
    AlgorithmSpecification: {
      TrainingImage: '111111111111.dkr.ecr.us-east-1.amazonaws.com/train:1',
      ContainerEntrypoint: ['python3', 'entry-TOKEN-1.py'],
      ContainerArguments: ['--token', 'arg-TOKEN-77'],
    },
    DebugRuleConfigurations: [{ RuleConfigurationName: 'loss', RuleParameters: { token: 'rule-TOKEN-3' } }],
    SecondaryStatusTransitions: [{ Status: 'Failed', StatusMessage: 'failed with env-PASS-5678' }],
    FailureReason: 'ExecuteUserScriptError: Command "python3 train.py --api_key hp-TOKEN-1234 --token arg-TOKEN-77"',
    CreationTime: new Date('2026-11-20T10:00:00Z'),
    $metadata: { httpStatusCode: 200 },
  };

  it('keeps no secret field, and its free text quotes no secret', () => {
    const secrets = new Secrets();
    const stripped = secrets.strip(description);
    expect(JSON.stringify(stripped)).not.toMatch(/TOKEN|PASS/);
    expect(stripped).toEqual({
      TrainingJobName: 'job',
      AlgorithmSpecification: { TrainingImage: description.AlgorithmSpecification.TrainingImage },
      DebugRuleConfigurations: [{ RuleConfigurationName: 'loss' }],
      SecondaryStatusTransitions: [{ Status: 'Failed', StatusMessage: `failed with ${REDACTED}` }],
      FailureReason: `ExecuteUserScriptError: Command "${REDACTED} train.py --api_key ${REDACTED} ${REDACTED} ${REDACTED}"`,
      CreationTime: '2026-11-20T10:00:00.000Z',
    });
  });

  it('remembers the values for the texts that come later', () => {
    const secrets = new Secrets();
    secrets.strip(description);
    expect([...secrets]).toEqual(
      expect.arrayContaining(['hp-TOKEN-1234', '"hp-TOKEN-1234"', 'env-PASS-5678', 'arg-TOKEN-77', 'rule-TOKEN-3']),
    );
  });
});

describe('secrets of an event and of live reads together', () => {
  it('redact the values of both', () => {
    const event = Secrets.ofEvent({ detail: { Environment: { A: 'event-PASS-1' } } });
    const live = Secrets.of(['live-PASS-2']);
    expect(event.merge(live).redact('event-PASS-1 live-PASS-2')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('are empty for an event without detail, or that is no object', () => {
    expect(Secrets.ofEvent('text').size).toBe(0);
    expect(Secrets.ofEvent({}).size).toBe(0);
  });
});
