import type { Evidence } from '../../../lambda/evidence/evidence';
import { namedIn, prefetch } from '../../../lambda/evidence/live/prefetch';

const known = <T>(value: T) => Promise.resolve({ known: true as const, value });

describe('the prefetch of what a job names', () => {
  it('finds the roles, buckets, keys, models, endpoint configurations and VPC wherever they sit', () => {
    const named = namedIn({
      RoleArn: 'arn:aws:iam::111111111111:role/R',
      InputDataConfig: [{ DataSource: { S3DataSource: { S3Uri: 's3://in-bucket/train/' } } }],
      OutputDataConfig: { S3OutputPath: 's3://out-bucket/', KmsKeyId: 'alias/out' },
      ResourceConfig: { VolumeKmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/v' },
      ModelName: 'm',
      VpcConfig: { Subnets: ['subnet-1'], SecurityGroupIds: [] },
    });
    expect(named).toEqual({
      roles: new Set(['arn:aws:iam::111111111111:role/R']),
      buckets: new Set(['in-bucket', 'out-bucket']),
      keys: new Set(['alias/out', 'arn:aws:kms:us-east-1:111111111111:key/v']),
      models: new Set(['m']),
      endpointConfigs: new Set(),
      vpc: true,
    });
  });

  it('reads a model that names itself once, and follows it to its role and artifacts', async () => {
    // Given a model whose description names the model itself
    const model = {
      ModelName: 'm',
      ExecutionRoleArn: 'arn:aws:iam::111111111111:role/M',
      PrimaryContainer: { ModelDataUrl: 's3://models/m.tar.gz' },
    };
    const calls: string[] = [];
    const evidence = {
      describeModel: jest.fn((_account: string, name: string) => {
        calls.push(`model ${name}`);
        return known(model);
      }),
      role: jest.fn((arn: string) => (calls.push(`role ${arn}`), known(null))),
      organization: jest.fn(() => known(null)),
      bucket: jest.fn((name: string) => (calls.push(`bucket ${name}`), known(null))),
      key: jest.fn(() => known(null)),
    } as unknown as Evidence;
    // When a transform job naming it is prefetched
    prefetch(evidence, '111111111111', { ModelName: 'm' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Then the model was described once and what it names was read
    expect(calls).toEqual(['model m', 'role arn:aws:iam::111111111111:role/M', 'bucket models']);
  });
});
