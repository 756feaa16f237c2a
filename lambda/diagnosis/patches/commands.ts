/**
 * AWS CLI commands that put a patch's document, runnable as printed in a POSIX shell.
 */
import { parseArn, regionOfArn } from '../../arn';
import { compact, shellQuote } from './document';

export const putRolePolicy = (roleName: string, policyName: string, document: unknown): string =>
  `aws iam put-role-policy --role-name ${roleName} --policy-name ${policyName} --policy-document ${shellQuote(compact(document))}`;

export const updateAssumeRolePolicy = (roleName: string, document: unknown): string =>
  `aws iam update-assume-role-policy --role-name ${roleName} --policy-document ${shellQuote(compact(document))}`;

export const putBucketPolicy = (bucket: string, document: unknown): string =>
  `aws s3api put-bucket-policy --bucket ${bucket} --policy ${shellQuote(compact(document))}`;

export const putKeyPolicy = (keyArn: string, document: unknown): string =>
  `aws kms put-key-policy --region ${regionOfArn(keyArn)} --key-id ${keyArn} --policy-name default --policy ${shellQuote(compact(document))}`;

export const setRepositoryPolicy = (repositoryArn: string, document: unknown): string => {
  const { region = '', account = '', resource = '' } = parseArn(repositoryArn) ?? {};
  const name = resource.replace(/^repository\//, '');
  return `aws ecr set-repository-policy --region ${region} --registry-id ${account} --repository-name ${name} --policy-text ${shellQuote(compact(document))}`;
};

export const modifyVpcEndpoint = (endpointId: string, region: string, document: unknown): string =>
  `aws ec2 modify-vpc-endpoint --region ${region} --vpc-endpoint-id ${endpointId} --policy-document ${shellQuote(compact(document))}`;
