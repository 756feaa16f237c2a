import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { DescribeModelCommand, DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { OWN, awsError, liveEvidence, resetLiveCaches } from './helpers';

const ec2 = mockClient(EC2Client);
const ecr = mockClient(ECRClient);
const sagemaker = mockClient(SageMakerClient);
const ENDPOINT_POLICY = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] };

beforeEach(() => {
  ec2.reset();
  ecr.reset();
  sagemaker.reset();
  resetLiveCaches();
});

describe('the network read from EC2', () => {
  it('gives the subnets of every page and the VPC endpoints with decoded policies', async () => {
    ec2
      .on(DescribeSubnetsCommand, {})
      .resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }], NextToken: 'n' })
      .on(DescribeSubnetsCommand, { NextToken: 'n' })
      .resolves({ Subnets: [{ SubnetId: 'subnet-2', VpcId: 'vpc-1' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-1',
          VpcId: 'vpc-1',
          ServiceName: 'com.amazonaws.us-east-1.s3',
          VpcEndpointType: 'Gateway',
          PolicyDocument: JSON.stringify(ENDPOINT_POLICY),
        },
      ],
    });
    const { evidence } = await liveEvidence();
    await expect(evidence.subnets(OWN)).resolves.toEqual({
      known: true,
      value: [
        { SubnetId: 'subnet-1', VpcId: 'vpc-1' },
        { SubnetId: 'subnet-2', VpcId: 'vpc-1' },
      ],
    });
    await expect(evidence.vpcEndpoints(OWN)).resolves.toEqual({
      known: true,
      value: [
        {
          VpcEndpointId: 'vpce-1',
          VpcId: 'vpc-1',
          ServiceName: 'com.amazonaws.us-east-1.s3',
          VpcEndpointType: 'Gateway',
          PolicyDocument: ENDPOINT_POLICY,
        },
      ],
    });
  });

  it('is unknown when DescribeVpcEndpoints is not authorized', async () => {
    ec2
      .on(DescribeVpcEndpointsCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const { evidence } = await liveEvidence();
    await expect(evidence.vpcEndpoints(OWN)).resolves.toEqual({
      known: false,
      why: 'ec2:DescribeVpcEndpoints was denied: You are not authorized to perform this operation.',
    });
  });
});

describe('a repository read from ECR', () => {
  it.each([
    [
      'a policy',
      () => ecr.on(GetRepositoryPolicyCommand).resolves({ policyText: JSON.stringify(ENDPOINT_POLICY) }),
      {
        known: true,
        value: {
          arn: `arn:aws:ecr:us-east-1:${OWN}:repository/team/train`,
          policy: { known: true, value: ENDPOINT_POLICY },
        },
      },
    ],
    [
      'RepositoryPolicyNotFoundException',
      () => ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException', 'none')),
      {
        known: true,
        value: { arn: `arn:aws:ecr:us-east-1:${OWN}:repository/team/train`, policy: { known: true, value: null } },
      },
    ],
    [
      'RepositoryNotFoundException',
      () => ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryNotFoundException', 'none')),
      { known: true, value: null },
    ],
  ])('on %s gives the documented answer', async (_case, given, expected) => {
    given();
    const { evidence } = await liveEvidence();
    await expect(evidence.repository(OWN, 'us-east-1', 'team/train')).resolves.toEqual(expected);
  });
});

describe('a job described by SageMaker', () => {
  const description = {
    TrainingJobName: 'job',
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:${OWN}:training-job/job`,
    RoleArn: `arn:aws:iam::${OWN}:role/R`,
    HyperParameters: { api_token: 'hp-secret-value' },
    Environment: { DB_PASSWORD: 'env-secret-value' },
    CreationTime: new Date('2026-11-20T10:00:00Z'),
  };

  it('is scrubbed of hyperparameters and environment variables, whose values are remembered as secrets', async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({ ...description, $metadata: {} } as never);
    const live = await liveEvidence();
    const answer = await live.evidence.describeJob(OWN, 'training', 'job');
    expect(answer).toEqual({
      known: true,
      value: {
        TrainingJobName: 'job',
        TrainingJobArn: description.TrainingJobArn,
        RoleArn: description.RoleArn,
        CreationTime: '2026-11-20T10:00:00.000Z',
      },
    });
    expect([...live.secrets()].sort()).toEqual(['env-secret-value', 'hp-secret-value']);
    expect(JSON.stringify(live.snapshot())).not.toMatch(/secret-value/);
  });

  it('is found by its ARN (pipeline steps name jobs by ARN)', async () => {
    sagemaker.on(DescribeTrainingJobCommand, { TrainingJobName: 'job' }).resolves(description as never);
    const { evidence } = await liveEvidence();
    const answer = await evidence.describeJobByArn(description.TrainingJobArn);
    expect(answer.known && answer.value?.kind).toBe('training');
  });

  it.each([
    ['ResourceNotFound', 'Requested resource not found.'],
    ['ValidationException', 'Could not find model "m".'],
  ])('is known not to exist on %s', async (code, message) => {
    sagemaker.on(DescribeModelCommand).rejects(awsError(code, message));
    const { evidence } = await liveEvidence();
    await expect(evidence.describeModel(OWN, 'm')).resolves.toEqual({ known: true, value: null });
  });

  it('is unknown on any other ValidationException', async () => {
    sagemaker.on(DescribeModelCommand).rejects(awsError('ValidationException', '1 validation error detected'));
    const { evidence } = await liveEvidence();
    await expect(evidence.describeModel(OWN, 'm')).resolves.toEqual({
      known: false,
      why: 'sagemaker:DescribeModel failed (ValidationException): 1 validation error detected',
    });
  });
});
