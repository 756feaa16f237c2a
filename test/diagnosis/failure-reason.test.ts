/**
 * FailureReason texts (contract section 7): the access-denied markers, the enhanced AccessDenied
 * message's action, resource and policy type
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html), and the S3
 * texts of SageMaker's data downloads and artifact uploads
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html: the role needs
 * s3:ListBucket, s3:GetObject and s3:PutObject; ECR pulls need ecr:BatchGetImage). `403` counts only
 * as `(403)` or `403 Forbidden`, S3's status in its error texts
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), never a number an
 * algorithm prints.
 */
import fc from 'fast-check';
import { parseFailureReason } from '../../lambda/diagnosis/failure-reason';
import type { JobModel } from '../../lambda/diagnosis/jobs/model';
import type { Failure } from '../../lambda/diagnosis/report';

const JOB: JobModel = {
  type: 'TrainingJob',
  name: 'j',
  arn: 'arn:aws:sagemaker:us-east-1:111111111111:training-job/j',
  account: '111111111111',
  region: 'us-east-1',
  sourceArn: 'arn:aws:sagemaker:us-east-1:111111111111:training-job/j',
  gaps: [],
  roles: [
    {
      roleArn: 'arn:aws:iam::111111111111:role/R',
      inputPrefixes: [],
      inputObjects: [],
      outputs: [
        { purpose: 'output', bucket: 'acme-ml-artifacts', key: 'demand-forecast/' },
        { purpose: 'checkpoint', bucket: 'acme-ml-artifacts', key: 'checkpoints/' },
      ],
      volumeKeys: [],
      images: [],
    },
  ],
};
const SESSION = 'arn:aws:sts::111111111111:assumed-role/R/SageMaker';

// Every phrasing the failure categories name (docs/formats/report.md, "failure"), with the real texts.
const CASES: [string, string | undefined, Omit<Failure, 'raw'>][] = [
  ['no failure reason', undefined, { category: 'none' }],
  ['a blank failure reason', '  ', { category: 'none' }],
  [
    'an unreadable object',
    'ClientError: Data download failed:Unable to download object s3://awsdoc-example-bucket/input/data.csv (AccessDenied: Access Denied)',
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::awsdoc-example-bucket/input/data.csv',
    },
  ],
  [
    'a failed artifact upload (the first output)',
    'ClientError: Artifact upload failed:Error 7: AccessDenied (403): Access Denied',
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::acme-ml-artifacts/demand-forecast/',
    },
  ],
  [
    'a 403 download without an object URI',
    'ClientError: Data download failed:failed to download data. 403 Forbidden (403): Forbidden',
    { category: 'access-denied', service: 's3', action: 's3:GetObject' },
  ],
  [
    'the trust failure (unable to assume)',
    "ClientError: SageMaker was unable to assume the role 'arn:aws:iam::111111111111:role/LegacyBatchRole'",
    { category: 'trust' },
  ],
  [
    'the trust failure (sts:AssumeRole on the role)',
    "ClientError: TrainingHostAgent Initialization failed:InvalidInputException: SageMaker is unable to perform: sts:AssumeRole on the role. Check if you have a trust relationship for 'sagemaker.amazonaws.com' to assume the role.",
    { category: 'trust' },
  ],
  [
    'the trust failure (could not assume)',
    'ClientError: Could not assume role arn:aws:iam::111111111111:role/R',
    { category: 'trust' },
  ],
  [
    'an image pull failure',
    'ClientError: Cannot pull algorithm container. Either the image does not exist or its permissions are incorrect.',
    { category: 'access-denied' },
  ],
  [
    'a missing route (network, before access-denied)',
    "ClientError: Artifact upload failed:Please ensure that the subnet's route table has a route to an S3 VPC endpoint or a NAT device, and both the security groups and the subnet's network ACL allow outbound traffic to S3.",
    {
      category: 'network',
      service: 's3',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::acme-ml-artifacts/demand-forecast/',
    },
  ],
  [
    'an unreachable S3 on listing',
    'ClientError: Failed to download data. ListObjectsV2 failed for s3://acme-churn-raw/events/ nextToken:[null]: Unable to execute request to S3',
    { category: 'network', service: 's3', action: 's3:ListBucket', resource: 'arn:aws:s3:::acme-churn-raw' },
  ],
  [
    'a route table hint',
    'ClientError: Please check that an S3 VPC endpoint exists in route table rtb-1',
    { category: 'network' },
  ],
  [
    'a capacity error',
    'CapacityError: Unable to provision requested ML compute capacity. Please retry using a different ML instance type.',
    { category: 'capacity' },
  ],
  [
    'an internal error',
    'InternalServerError: We encountered an internal error. Please try again.',
    { category: 'internal' },
  ],
  ['an algorithm error', 'AlgorithmError: ExecuteUserScriptError: exit code 1', { category: 'algorithm' }],
  [
    'an unknown text',
    'No training job succeeded after 5 attempts. Please take a look at the training job failures to get more details.',
    { category: 'other' },
  ],
  [
    "an endpoint's model data download",
    'Failed to download model data for container "container_1" from URL: "s3://acme-model-registry/fraud/v12/model.tar.gz". Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object.',
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::acme-model-registry/fraud/v12/model.tar.gz',
    },
  ],
  [
    'a KMS exception',
    'ClientError: KMS.AccessDeniedException: The ciphertext refers to a customer master key that does not exist',
    { category: 'access-denied' },
  ],
  ['a grant refusal', 'ClientError: The key policy does not grant the role kms:Decrypt', { category: 'access-denied' }],
  [
    'an image pull without BatchGetImage',
    'ClientError: Cannot pull image: the role arn:aws:iam::111111111111:role/R does not have BatchGetImage permission for the image 222222222222.dkr.ecr.us-east-1.amazonaws.com/r:1',
    { category: 'access-denied' },
  ],
  [
    'inputs the role may not access',
    'ClientError: Please ensure that the input files exist and that the role has permissions to access them.',
    { category: 'access-denied' },
  ],
  [
    'an empty (or unlistable) input prefix, naming s3:ListBucket',
    'ClientError: No S3 objects found under S3 URL "s3://b/train/" given in input data source. Please ensure that the bucket exists in the selected region (us-east-1), that objects exist under that S3 prefix, and that the role "arn:aws:iam::111111111111:role/R" has "s3:ListBucket" permissions on bucket "b".',
    { category: 'access-denied' },
  ],
  [
    'an empty (or unlistable) input prefix, without s3:ListBucket',
    'ClientError: No S3 objects found under S3 URL "s3://b/train/" given in input data source.',
    { category: 'access-denied' },
  ],
  ['a 403 status in parentheses', 'ClientError: S3 answered (403) for s3://b/k', { category: 'access-denied' }],
  ['a 403 Forbidden status', 'ClientError: HTTP 403 Forbidden', { category: 'access-denied' }],
  [
    'an algorithm error quoting 0.403 is no access failure',
    'AlgorithmError: validation-auc 0.403 is below the threshold 0.5',
    { category: 'algorithm' },
  ],
  ['a bare 403 elsewhere is no access failure', 'ClientError: 403 retries exhausted', { category: 'other' }],
  [
    'an identity-based policy without an Allow (quoted resource)',
    `ClientError: Data download failed:User: ${SESSION} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::acme-fraud-ml" because no identity-based policy allows the s3:ListBucket action`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::acme-fraud-ml',
      policyType: 'identity',
    },
  ],
  [
    'an identity-based policy without an Allow (unquoted resource)',
    `ClientError: An error occurred (AccessDeniedException) when calling the CreateGrant operation: User: ${SESSION} is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:us-east-1:111111111111:key/9b1f4c6d-3e2a-4d8b-a7c5-2e4f6a8b0c1d because no identity-based policy allows the kms:CreateGrant action`,
    {
      category: 'access-denied',
      service: 'kms',
      action: 'kms:CreateGrant',
      resource: 'arn:aws:kms:us-east-1:111111111111:key/9b1f4c6d-3e2a-4d8b-a7c5-2e4f6a8b0c1d',
      policyType: 'identity',
    },
  ],
  [
    'a permissions boundary without an Allow',
    `ClientError: Data download failed:User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::acme-team-beta-ml/datasets/sales/part-0000.csv" because no permissions boundary allows the s3:GetObject action`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::acme-team-beta-ml/datasets/sales/part-0000.csv',
      policyType: 'permissions-boundary',
    },
  ],
  [
    'a service control policy that denies',
    `ClientError: Data download failed:User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::restricted-datasets/pii/customers/part-0000.csv" with an explicit deny in a service control policy`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::restricted-datasets/pii/customers/part-0000.csv',
      policyType: 'scp',
    },
  ],
  [
    'a service control policy that denies, with its ARN',
    `User: ${SESSION} is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::b/k with an explicit deny in a service control policy: arn:aws:organizations::999999999999:policy/o-abc/service_control_policy/p-123`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'scp',
    },
  ],
  [
    'a service control policy without an Allow',
    `User: ${SESSION} is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:111111111111:repository/r because no service control policy allows the ecr:BatchGetImage action`,
    {
      category: 'access-denied',
      service: 'ecr',
      action: 'ecr:BatchGetImage',
      resource: 'arn:aws:ecr:us-east-1:111111111111:repository/r',
      policyType: 'scp',
    },
  ],
  [
    'a resource-based policy that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a resource-based policy`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'resource',
    },
  ],
  [
    'a resource-based policy without an Allow',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" because no resource-based policy allows the s3:GetObject action`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'resource',
    },
  ],
  [
    'an identity-based policy that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in an identity-based policy: arn:aws:iam::111111111111:policy/DenyAll`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'identity',
    },
  ],
  [
    'a permissions boundary that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a permissions boundary`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'permissions-boundary',
    },
  ],
  [
    'a session policy without an Allow',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" because no session policy allows the s3:GetObject action`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'session',
    },
  ],
  [
    'a session policy that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a session policy`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'session',
    },
  ],
  [
    'a resource control policy that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a resource control policy`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'rcp',
    },
  ],
  [
    'a VPC endpoint policy without an Allow',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" because no VPC endpoint policy allows the s3:GetObject action`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'vpc-endpoint',
    },
  ],
  [
    'a VPC endpoint policy that denies',
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" with an explicit deny in a VPC endpoint policy`,
    {
      category: 'access-denied',
      service: 's3',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      policyType: 'vpc-endpoint',
    },
  ],
  [
    'the KMS phrasing',
    `ClientError: KMS.AccessDeniedException: User: ${SESSION} is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`,
    { category: 'access-denied', service: 'kms', action: 'kms:Decrypt', policyType: 'resource' },
  ],
  [
    'an enhanced message without its reason',
    `User: ${SESSION} is not authorized to perform: ecr:GetAuthorizationToken on resource: *`,
    { category: 'access-denied', service: 'ecr', action: 'ecr:GetAuthorizationToken', resource: '*' },
  ],
  [
    'an AccessDenied that starts like an algorithm error (access-denied comes first)',
    'AlgorithmError: botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied',
    { category: 'access-denied' },
  ],
];

describe('parseFailureReason', () => {
  it.each(CASES)('reads %s', (_case, text, expected) => {
    // When the failure text is read
    const failure = parseFailureReason(text, JOB);

    // Then the category, action, resource and policy type are what the text says, and raw is the text
    expect(failure).toEqual(text === undefined ? expected : { ...expected, raw: text });
  });

  it('points an artifact upload failure at no resource when the job has no output', () => {
    // Given a job without outputs
    const job: JobModel = { ...JOB, roles: [] };

    // When an upload failure is read, Then the action is known and the resource is not
    expect(parseFailureReason('ClientError: Artifact upload failed:Error 7', job)).toEqual({
      category: 'other',
      service: 's3',
      action: 's3:PutObject',
      raw: 'ClientError: Artifact upload failed:Error 7',
    });
  });

  it("writes S3 ARNs in the job's partition", () => {
    // Given a job in the China partition
    const job: JobModel = { ...JOB, arn: 'arn:aws-cn:sagemaker:cn-north-1:111111111111:training-job/j' };

    // When an object download failure is read, Then the ARN is an aws-cn one
    expect(parseFailureReason('Unable to download object s3://b/k (AccessDenied: Access Denied)', job).resource).toBe(
      'arn:aws-cn:s3:::b/k',
    );
  });

  it('never throws, whatever the text', () => {
    const phrases = fc.constantFrom(
      'is not authorized to perform: ',
      ' on resource: ',
      '"',
      ' because no ',
      ' with an explicit deny in a ',
      'Unable to download object s3://',
      'ListObjectsV2 failed for s3://',
      'Failed to download model data from URL: "https://',
      'Artifact upload failed',
      'Data download failed',
      'permissions boundary',
      'kms:Decrypt',
      '%',
      '/',
    );
    const texts = fc.oneof(
      fc.string(),
      fc.array(fc.oneof(phrases, fc.string()), { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const failure = parseFailureReason(text, JOB);
        expect(failure.raw).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });
});
