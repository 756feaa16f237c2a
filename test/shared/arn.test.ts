/**
 * The project's one ARN module (lambda/arn.ts). ARN format and partitions:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import {
  accountOfArn,
  accountRootArn,
  accountsOfArnsIn,
  assumedRoleArn,
  ecrRepositoryArn,
  formatArn,
  isAccountId,
  isAwsManagedPolicyArn,
  isSageMakerResourceArn,
  kmsArn,
  parseArn,
  parseKmsArn,
  parseRoleArn,
  parseRoleOrSessionArn,
  parseEcrImage,
  parsePipelineExecutionArn,
  parseSageMakerArn,
  partitionOfArn,
  partitionOfRegion,
  regionOfArn,
  roleArn,
  s3Arn,
  s3PathOfArn,
  sageMakerArn,
} from '../../lambda/arn';

describe('partitionOfRegion (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-3', 'aws'],
    ['ap-southeast-4', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is in partition %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe('parseArn and formatArn', () => {
  it.each([
    [
      'arn:aws:s3:::bucket/key:with:colons',
      { partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/key:with:colons' },
    ],
    [
      'arn:aws-us-gov:iam::111111111111:role/R',
      { partition: 'aws-us-gov', service: 'iam', region: '', account: '111111111111', resource: 'role/R' },
    ],
    [
      'arn:aws-cn:kms:cn-north-1:111111111111:key/k',
      { partition: 'aws-cn', service: 'kms', region: 'cn-north-1', account: '111111111111', resource: 'key/k' },
    ],
  ])('%s parses into its five fields and formats back to itself', (text, fields) => {
    expect(parseArn(text)).toEqual(fields);
    expect(formatArn(fields)).toBe(text);
  });

  it.each(['*', 'bucket', 'arn:aws:s3', 'arn::s3:::b', 'arn:aws::::x'])('%s is no ARN', (text) => {
    expect(parseArn(text)).toBeUndefined();
    expect(regionOfArn(text)).toBe('');
    expect(partitionOfArn(text)).toBe('aws');
  });

  it('reads the account, the region and the partition of an ARN', () => {
    const arn = 'arn:aws-cn:kms:cn-north-1:111111111111:key/k';
    expect(accountOfArn(arn)).toBe('111111111111');
    expect(regionOfArn(arn)).toBe('cn-north-1');
    expect(partitionOfArn(arn)).toBe('aws-cn');
    expect(accountOfArn('arn:aws:s3:::bucket')).toBeUndefined();
  });

  it.each([
    ['111111111111', true],
    ['11111111111', false],
    ['1111111111111', false],
    ['aws', false],
  ])('isAccountId(%s) is %s', (text, expected) => {
    expect(isAccountId(text)).toBe(expected);
  });
});

describe('role ARNs (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns)', () => {
  it.each([
    ['arn:aws:iam::111111111111:role/R', { partition: 'aws', account: '111111111111', path: '/', roleName: 'R' }],
    [
      'arn:aws-cn:iam::111111111111:role/a/b/R',
      { partition: 'aws-cn', account: '111111111111', path: '/a/b/', roleName: 'R' },
    ],
  ])('%s is a role', (text, role) => {
    expect(parseRoleArn(text)).toEqual(role);
    expect(parseRoleOrSessionArn(text)).toEqual(role);
  });

  it.each([
    'arn:aws:iam::111111111111:user/U',
    'arn:aws:iam::11111:role/R',
    'arn:aws:iam:us-east-1:111111111111:role/R',
    'arn:aws:iam::111111111111:role/',
    'arn:aws:sts::111111111111:assumed-role/R/S',
  ])('%s is not a role ARN', (text) => {
    expect(parseRoleArn(text)).toBeUndefined();
  });

  it('a session ARN names its role, without the path', () => {
    expect(parseRoleOrSessionArn('arn:aws-us-gov:sts::111111111111:assumed-role/R/SageMaker')).toEqual({
      partition: 'aws-us-gov',
      account: '111111111111',
      path: '/',
      roleName: 'R',
    });
    expect(parseRoleOrSessionArn('arn:aws:sts::111111111111:federated-user/U')).toBeUndefined();
  });

  it('builds role and account-root ARNs in the partition given', () => {
    expect(roleArn('aws-cn', '111111111111', 'R')).toBe('arn:aws-cn:iam::111111111111:role/R');
    expect(accountRootArn('aws-us-gov', '111111111111')).toBe('arn:aws-us-gov:iam::111111111111:root');
  });
});

describe('S3 and KMS ARNs', () => {
  it.each([
    ['aws', 'b', undefined, 'arn:aws:s3:::b'],
    ['aws-cn', 'b', 'k/x.csv', 'arn:aws-cn:s3:::b/k/x.csv'],
  ])('s3Arn(%s, %s, %s) is %s', (partition, bucket, key, arn) => {
    expect(s3Arn(partition, bucket, key)).toBe(arn);
  });

  it.each([
    ['arn:aws:kms:us-east-1:111111111111:key/k', 'key'],
    ['arn:aws-cn:kms:cn-north-1:111111111111:alias/a', 'alias'],
  ])('%s is a KMS %s ARN', (text, type) => {
    expect(parseKmsArn(text)?.type).toBe(type);
  });

  it.each([
    'arn:aws:kms:bad',
    'arn:aws:kms::111111111111:key/k',
    'arn:aws:kms:us-east-1:111111111111:key/',
    'arn:aws:kms:us-east-1:111111111111:grant/g',
    'arn:aws:s3:us-east-1:111111111111:key/k',
  ])('%s is no KMS key or alias ARN', (text) => {
    expect(parseKmsArn(text)).toBeUndefined();
  });

  it('builds key ARNs in the partition given', () => {
    expect(kmsArn('aws-us-gov', 'us-gov-west-1', '111111111111', 'key/k')).toBe(
      'arn:aws-us-gov:kms:us-gov-west-1:111111111111:key/k',
    );
  });
});

describe('parseSageMakerArn (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html)', () => {
  it('reads a job ARN of any partition', () => {
    expect(parseSageMakerArn('arn:aws-cn:sagemaker:cn-north-1:111111111111:training-job/t-1')).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '111111111111',
      resourceType: 'training-job',
      name: 't-1',
    });
  });

  it.each([
    'arn:aws:sagemaker:us-east-1:111:training-job/t',
    'arn:aws:sagemaker:us-east-1:111111111111:tuningJob/t',
    'arn:aws:sagemaker:us-east-1:111111111111:training-job/',
    'arn:aws:iam::111111111111:role/R',
  ])('%s is no SageMaker job ARN', (text) => {
    expect(parseSageMakerArn(text)).toBeUndefined();
  });
});

describe('ARNs the project writes, in the partition it is given', () => {
  it('writes sessions, ECR repositories and SageMaker resources', () => {
    expect(assumedRoleArn('aws-cn', '111122223333', 'Exec', 'SageMaker')).toBe(
      'arn:aws-cn:sts::111122223333:assumed-role/Exec/SageMaker',
    );
    expect(ecrRepositoryArn('aws-us-gov', 'us-gov-west-1', '111122223333', 'team/image')).toBe(
      'arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/team/image',
    );
    expect(sageMakerArn('aws', 'eu-west-1', '111122223333', 'training-job', 'job-1')).toBe(
      'arn:aws:sagemaker:eu-west-1:111122223333:training-job/job-1',
    );
    expect(parseSageMakerArn(sageMakerArn('aws-cn', 'cn-north-1', '111122223333', 'pipeline', 'p'))).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      account: '111122223333',
      resourceType: 'pipeline',
      name: 'p',
    });
  });
});

describe('ARN shapes read from evidence', () => {
  it.each([
    ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', true],
    ['arn:aws-cn:iam::aws:policy/service-role/AmazonSageMakerServiceCatalogProductsUseRole', true],
    ['arn:aws:iam::111122223333:policy/Mine', false],
    ['arn:aws:iam:us-east-1:aws:policy/X', false],
    ['arn:aws:iam::aws:role/X', false],
    ['arn::iam::aws:policy/X', false],
  ])(
    'isAwsManagedPolicyArn(%j) is %j (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html)',
    (arn, managed) => {
      expect(isAwsManagedPolicyArn(arn)).toBe(managed);
    },
  );

  it.each([
    ['arn:aws:sagemaker:us-east-1:111122223333:training-job/my-job', true],
    ['arn:aws-cn:sagemaker:cn-north-1:111122223333:tuningJob/t', true],
    ['arn:aws:sagemaker:us-east-1:11112222333:training-job/my-job', false],
    ['arn:aws:s3:::bucket/key', false],
    ['arn:aws:sagemaker:us-east-1:111122223333:training-job/with space', false],
    ['arn:other:sagemaker:us-east-1:111122223333:training-job/j', false],
  ])('isSageMakerResourceArn(%j) is %j', (arn, shaped) => {
    expect(isSageMakerResourceArn(arn)).toBe(shaped);
  });

  it('reads an ECR image URI, FIPS and China endpoints included (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html)', () => {
    expect(parseEcrImage('111122223333.dkr.ecr.us-east-1.amazonaws.com/team/image:latest')).toEqual({
      account: '111122223333',
      region: 'us-east-1',
      repositoryName: 'team/image',
    });
    expect(parseEcrImage('111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/x@sha256:ab')?.repositoryName).toBe(
      'x',
    );
    expect(parseEcrImage('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/x')?.region).toBe('cn-north-1');
    expect(parseEcrImage('public.ecr.aws/x/y:1')).toBeUndefined();
    expect(parseEcrImage('docker.io/library/python:3')).toBeUndefined();
  });

  it('finds the accounts of the ARNs written in a text, once each, not registry hosts', () => {
    const text = JSON.stringify({
      RoleArn: 'arn:aws:iam::111122223333:role/Exec',
      Output: 's3://bucket/out',
      Image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1',
      Key: 'arn:aws:kms:us-east-1:444455556666:key/abc',
      Again: 'arn:aws-cn:iam::111122223333:role/Other',
    });
    expect(accountsOfArnsIn(text)).toEqual(['111122223333', '444455556666']);
  });
});

describe('pipeline executions and S3 paths', () => {
  it('reads the pipeline of a pipeline execution ARN (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipelineExecution.html)', () => {
    expect(
      parsePipelineExecutionArn('arn:aws:sagemaker:us-east-1:111122223333:pipeline/train-and-eval/execution/abc123'),
    ).toEqual({
      pipelineArn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/train-and-eval',
      pipelineName: 'train-and-eval',
    });
    expect(parsePipelineExecutionArn('arn:aws:sagemaker:us-east-1:111122223333:pipeline/p/execution/')).toBeUndefined();
    expect(
      parsePipelineExecutionArn('arn:aws:sagemaker:us-east-1:111122223333:pipeline/-p/execution/x'),
    ).toBeUndefined();
    expect(parsePipelineExecutionArn('arn:aws:sagemaker:us-east-1:111122223333:training-job/j')).toBeUndefined();
  });

  it('writes the bucket or bucket/key of an S3 ARN, and leaves a bucket name as it is', () => {
    expect(s3PathOfArn('arn:aws:s3:::bucket')).toBe('bucket');
    expect(s3PathOfArn('arn:aws-cn:s3:::bucket/key/part')).toBe('bucket/key/part');
    expect(s3PathOfArn('bucket')).toBe('bucket');
  });
});
