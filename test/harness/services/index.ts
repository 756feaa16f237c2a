/** The services of the fake, by their SigV4 signing name. */
import { EC2, DYNAMODB, SNS } from './ec2-sns-dynamodb';
import { IAM, STS } from './iam-sts';
import { KMS } from './kms';
import { ORGANIZATIONS } from './organizations';
import { S3 } from './s3';
import { ECR, SAGEMAKER } from './sagemaker-ecr';
import type { ServiceDefinition } from './types';

export type { Published, ServiceRequest, World } from './types';

export const SERVICES: Record<string, ServiceDefinition> = {
  iam: IAM,
  sts: STS,
  s3: S3,
  kms: KMS,
  sagemaker: SAGEMAKER,
  ecr: ECR,
  organizations: ORGANIZATIONS,
  ec2: EC2,
  sns: SNS,
  dynamodb: DYNAMODB,
};
