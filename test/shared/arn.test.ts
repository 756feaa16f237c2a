/**
 * The project's one ARN module (lambda/arn.ts). ARN format and partitions:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import {
  accountOfArn,
  accountRootArn,
  formatArn,
  isAccountId,
  kmsArn,
  parseArn,
  parseKmsArn,
  parseRoleArn,
  parseRoleOrSessionArn,
  parseSageMakerArn,
  partitionOfArn,
  partitionOfRegion,
  regionOfArn,
  roleArn,
  s3Arn,
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
