/**
 * A realistic SageMaker-role workload for the engine benchmark: execution roles with five
 * identity policies of ten statements, a bucket or key policy, a permissions boundary, two SCP
 * levels and conditions, as `simulate` requests (docs/formats/requests.md).
 */

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const REGION = 'us-east-1';
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

type Doc = Record<string, unknown>;

/** A `simulate` request (docs/formats/requests.md). */
export interface SimulateRequest {
  id: string;
  principal: string;
  roleArn: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context: Record<string, string | string[]>;
  identityPolicies: Doc[];
  permissionBoundaries: Doc[];
  resourcePolicy: Doc | null;
  scps: Doc[][];
  rcps: Doc[][];
  vpcEndpointPolicies: Doc[];
  kmsGrants?: { GranteePrincipal: string; Operations: string[] }[];
}

function identityPolicy(role: number, policy: number): Doc {
  const bucket = `ml-data-${role % 7}`;
  const statements: Doc[] = [
    {
      Sid: `List${policy}`,
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: `arn:aws:s3:::${bucket}`,
      Condition: { StringLike: { 's3:prefix': [`team${policy}/*`, 'train/*', 'shared/'] } },
    },
    {
      Sid: `Read${policy}`,
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [`arn:aws:s3:::${bucket}/team${policy}/*`, `arn:aws:s3:::${bucket}/shared/*`],
    },
    {
      Sid: `Write${policy}`,
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
      Resource: `arn:aws:s3:::${bucket}/output/${policy}/*`,
      Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: `Kms${policy}`,
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:Encrypt'],
      Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/*`,
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
    },
    {
      Sid: `Ecr${policy}`,
      Effect: 'Allow',
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-${policy}-*`,
    },
    { Sid: `Token${policy}`, Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    {
      Sid: `Logs${policy}`,
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/sagemaker/*`,
    },
    {
      Sid: `Vpc${policy}`,
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface*', 'ec2:DeleteNetworkInterface*', 'ec2:Describe*'],
      Resource: '*',
      Condition: { StringEqualsIfExists: { 'aws:RequestedRegion': REGION } },
    },
    {
      Sid: `Tagged${policy}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::*sagemaker*/*',
      Condition: { StringEquals: { 's3:ExistingObjectTag/SageMaker': 'true' } },
    },
    {
      Sid: `DenyOther${policy}`,
      Effect: 'Deny',
      NotAction: ['s3:*', 'kms:*', 'ecr:*', 'ec2:*', 'logs:*'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalTag/team': `team${policy}` } },
    },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

const BOUNDARY: Doc = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Data', Effect: 'Allow', Action: ['s3:*', 'kms:*', 'ecr:*', 'ec2:*', 'logs:*'], Resource: '*' },
    { Sid: 'NoIam', Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
  ],
};

const SCPS: Doc[][] = [
  [{ Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }] }],
  [
    {
      Statement: [
        {
          Sid: 'RegionLock',
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*', 'organizations:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': [REGION, 'us-west-2'] } },
        },
        { Sid: 'NoLeaveOrg', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
        { Sid: 'Allow', Effect: 'Allow', Action: '*', Resource: '*' },
      ],
    },
  ],
];

function bucketPolicy(bucket: string, role: string): Doc {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecure',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyUnencrypted',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${OTHER}:root`, role] },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  };
}

function keyPolicy(role: string): Doc {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'Allow use of the key',
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
      },
      {
        Sid: 'Allow attachment of persistent resources',
        Effect: 'Allow',
        Principal: { AWS: role },
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ],
  };
}

/** `count` requests over `roles` execution roles: S3 reads, lists and writes, KMS and ECR. */
export function sageMakerRequests(count: number, roles = 20): SimulateRequest[] {
  const policies = Array.from({ length: roles }, (_, r) => Array.from({ length: 5 }, (_, p) => identityPolicy(r, p)));
  const requests: SimulateRequest[] = [];
  for (let i = 0; i < count; i++) {
    const r = i % roles;
    const team = i % 5;
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/service-role/SageMakerExec-${r}`;
    const bucket = `ml-data-${r % 7}`;
    const base = {
      id: `req-${i}`,
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/SageMakerExec-${r}/SageMaker`,
      roleArn,
      identityPolicies: policies[r],
      permissionBoundaries: [BOUNDARY],
      scps: SCPS,
      rcps: [],
      vpcEndpointPolicies: [],
      context: {
        'aws:RequestedRegion': REGION,
        'aws:PrincipalTag/team': `team${team}`,
        'aws:PrincipalOrgID': 'o-exampleorgid',
      } as Record<string, string | string[]>,
    };
    switch (i % 6) {
      case 0:
        requests.push({
          ...base,
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${bucket}/team${team}/part-${i}.csv`,
          resourceAccount: ACCOUNT,
          resourcePolicy: bucketPolicy(bucket, roleArn),
        });
        break;
      case 1:
        requests.push({
          ...base,
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::${bucket}`,
          resourceAccount: ACCOUNT,
          resourcePolicy: bucketPolicy(bucket, roleArn),
          context: { ...base.context, 's3:prefix': `team${team}/` },
        });
        break;
      case 2:
        requests.push({
          ...base,
          action: 's3:PutObject',
          resource: `arn:aws:s3:::${bucket}/output/${(i >> 1) % 7}/*`,
          resourceAccount: ACCOUNT,
          resourcePolicy: bucketPolicy(bucket, roleArn),
          context: { ...base.context, 's3:x-amz-server-side-encryption': 'aws:kms' },
        });
        break;
      case 3:
        requests.push({
          ...base,
          action: i % 4 === 3 ? 'kms:GenerateDataKey' : 'kms:Decrypt',
          resource: KEY,
          resourcePolicy: keyPolicy(roleArn),
          context: { ...base.context, 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
          kmsGrants: [{ GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/other`, Operations: ['Decrypt'] }],
        });
        break;
      case 4:
        requests.push({
          ...base,
          action: 'ecr:BatchGetImage',
          resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team-${team}-${i % 3 === 0 ? 'train' : 'x'}`,
          resourcePolicy: null,
        });
        break;
      default:
        requests.push({ ...base, action: 'ecr:GetAuthorizationToken', resource: '*', resourcePolicy: null });
    }
  }
  return requests;
}
