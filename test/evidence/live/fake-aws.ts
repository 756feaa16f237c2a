/**
 * A fake AWS answering every read of the live evidence from a snapshot (docs/formats/snapshot.md),
 * with aws-sdk-client-mock: an absent key answers AccessDenied (unknown), `null` the service's
 * documented "none" error. Lets the tests compare a live diagnosis with the offline one.
 */
import { DescribeSubnetsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
} from '@aws-sdk/client-kms';
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAccountsCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import type { AccountSnapshot, KmsKeySnapshot, Snapshot } from '../../../lambda/evidence/snapshot/types';
import { ORGANIZATION_UNREADABLE } from '../../../lambda/evidence/snapshot/types';
import { awsError } from './helpers';

type Input = Record<string, string | undefined>;
const denied = (what: string) => awsError('AccessDenied', `fake AWS: ${what} is not in the snapshot`, 403);
const text = (document: unknown): string => (typeof document === 'string' ? document : JSON.stringify(document));

/** Optional latency per call, to measure how many rounds the reads take. */
export interface FakeAwsOptions {
  latencyMs?: number;
}

export interface FakeAws {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  stubs: AwsStub<any, any, any>[];
  /** Every command sent, by its class name. */
  commandNames(): string[];
  /** When each command was sent (ms since the fake was made), in order. */
  timeline(): [number, string][];
  restore(): void;
}

export function fakeAws(snapshot: Snapshot, own: string, options: FakeAwsOptions = {}): FakeAws {
  const accounts = snapshot.accounts;
  const account = (id: string | undefined): AccountSnapshot | undefined =>
    id === undefined ? undefined : accounts[id];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stubs: AwsStub<any, any, any>[] = [];
  const timeline: [number, string][] = [];
  const started = Date.now();
  const delay = () =>
    options.latencyMs ? new Promise((resolve) => setTimeout(resolve, options.latencyMs)) : Promise.resolve();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const answer = (stub: AwsStub<any, any, any>, command: any, fn: (input: Input) => unknown) =>
    stub.on(command).callsFake(async (input: Input) => {
      timeline.push([Date.now() - started, (command as { name: string }).name]);
      await delay();
      return fn(input);
    });

  const sagemaker = mockClient(SageMakerClient);
  const sections: [unknown, keyof NonNullable<AccountSnapshot['sagemaker']>, string][] = [
    [DescribeTrainingJobCommand, 'trainingJobs', 'TrainingJobName'],
    [DescribeProcessingJobCommand, 'processingJobs', 'ProcessingJobName'],
    [DescribeTransformJobCommand, 'transformJobs', 'TransformJobName'],
    [DescribeHyperParameterTuningJobCommand, 'tuningJobs', 'HyperParameterTuningJobName'],
    [DescribeModelCommand, 'models', 'ModelName'],
    [DescribeEndpointCommand, 'endpoints', 'EndpointName'],
    [DescribeEndpointConfigCommand, 'endpointConfigs', 'EndpointConfigName'],
  ];
  for (const [command, section, field] of sections) {
    answer(sagemaker, command, (input) => {
      const found = account(own)?.sagemaker?.[section]?.[input[field] ?? ''];
      if (found) return found;
      throw awsError('ValidationException', `Could not find ${section} ${input[field]}`);
    });
  }

  const iam = mockClient(IAMClient);
  const roleOf = (name: string | undefined) => {
    const list = account(own)?.iam?.RoleDetailList;
    if (!list) throw denied('iam');
    const role = list.find((candidate) => candidate.RoleName === name);
    if (!role) throw awsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  };
  const policyOf = (arn: string | undefined) => {
    const policy = account(own)?.iam?.Policies?.find((candidate) => candidate.Arn === arn);
    if (!policy) throw denied(`policy ${arn}`);
    return policy;
  };
  answer(iam, GetRoleCommand, (input) => {
    const role = roleOf(input.RoleName);
    return {
      Role: {
        Path: role.Path ?? '/',
        RoleName: role.RoleName,
        RoleId: role.RoleId,
        Arn: role.Arn,
        CreateDate: new Date(0),
        AssumeRolePolicyDocument: encodeURIComponent(text(role.AssumeRolePolicyDocument)),
        ...(role.PermissionsBoundary ? { PermissionsBoundary: role.PermissionsBoundary } : {}),
      },
    };
  });
  answer(iam, ListRoleTagsCommand, (input) => ({ Tags: roleOf(input.RoleName).Tags ?? [] }));
  answer(iam, ListRolePoliciesCommand, (input) => ({
    PolicyNames: (roleOf(input.RoleName).RolePolicyList ?? []).map((policy) => policy.PolicyName),
  }));
  answer(iam, GetRolePolicyCommand, (input) => {
    const policy = (roleOf(input.RoleName).RolePolicyList ?? []).find(
      (candidate) => candidate.PolicyName === input.PolicyName,
    );
    if (!policy) throw awsError('NoSuchEntity', 'no such policy', 404);
    return {
      RoleName: input.RoleName,
      PolicyName: policy.PolicyName,
      PolicyDocument: encodeURIComponent(text(policy.PolicyDocument)),
    };
  });
  answer(iam, ListAttachedRolePoliciesCommand, (input) => ({
    AttachedPolicies: roleOf(input.RoleName).AttachedManagedPolicies ?? [],
  }));
  answer(iam, GetPolicyCommand, (input) => {
    const policy = policyOf(input.PolicyArn);
    const version =
      policy.DefaultVersionId ??
      policy.PolicyVersionList?.find((candidate) => candidate.IsDefaultVersion)?.VersionId ??
      'v1';
    return { Policy: { PolicyName: policy.PolicyName, Arn: policy.Arn, DefaultVersionId: version } };
  });
  answer(iam, GetPolicyVersionCommand, (input) => {
    const policy = policyOf(input.PolicyArn);
    const version =
      policy.PolicyVersionList?.find((candidate) => (candidate.VersionId ?? 'v1') === input.VersionId) ??
      policy.PolicyVersionList?.[0];
    if (!version) throw denied(`version of ${input.PolicyArn}`);
    return { PolicyVersion: { VersionId: input.VersionId, Document: encodeURIComponent(text(version.Document)) } };
  });

  const s3 = mockClient(S3Client);
  answer(s3, ListBucketsCommand, (input) => ({
    Buckets: Object.keys(account(own)?.s3?.buckets ?? {})
      .filter((name) => name.startsWith(input.Prefix ?? ''))
      .map((Name) => ({ Name })),
  }));
  const bucketField = (input: Input, field: string) => {
    const name = input.Bucket ?? '';
    const owner = Object.entries(accounts).find(([, held]) => held.s3?.buckets?.[name] !== undefined)?.[0];
    const bucket = owner === undefined ? undefined : accounts[owner].s3?.buckets?.[name];
    if (owner === undefined) throw denied(`bucket ${name}`);
    if (bucket === null) throw awsError('NoSuchBucket', 'The specified bucket does not exist', 404);
    if (owner !== input.ExpectedBucketOwner || bucket === undefined)
      throw awsError('AccessDenied', 'Access Denied', 403);
    if (!(field in bucket)) throw denied(`${field} of ${name}`);
    return (bucket as Record<string, unknown>)[field];
  };
  answer(s3, GetBucketPolicyCommand, (input) => {
    const policy = bucketField(input, 'policy');
    if (policy === null) throw awsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
    return { Policy: text(policy) };
  });
  answer(s3, GetBucketEncryptionCommand, (input) => {
    const encryption = bucketField(input, 'encryption') as {
      SSEAlgorithm: string;
      KMSMasterKeyID?: string;
      BucketKeyEnabled?: boolean;
    } | null;
    if (encryption === null) throw awsError('ServerSideEncryptionConfigurationNotFoundError', 'none', 404);
    const { BucketKeyEnabled, ...byDefault } = encryption;
    return {
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled }],
      },
    };
  });
  answer(s3, GetBucketOwnershipControlsCommand, (input) => {
    const ownership = bucketField(input, 'objectOwnership');
    if (ownership === null) throw awsError('OwnershipControlsNotFoundError', 'none', 404);
    return { OwnershipControls: { Rules: [{ ObjectOwnership: ownership }] } };
  });
  answer(s3, GetBucketLocationCommand, (input) => {
    const region = bucketField(input, 'region');
    return { LocationConstraint: region === 'us-east-1' ? '' : region };
  });
  answer(s3, GetBucketRequestPaymentCommand, (input) => ({
    Payer: bucketField(input, 'requesterPays') ? 'Requester' : 'BucketOwner',
  }));

  const kms = mockClient(KMSClient);
  const keyOf = (ref: string | undefined): [string, KmsKeySnapshot] => {
    const keys = account(own)?.kms?.keys;
    const heldIn = Object.entries(accounts).flatMap(([id, held]) =>
      Object.entries(held.kms?.keys ?? {}).map(([name, key]) => ({ id, name, key })),
    );
    const arnOf = (id: string, name: string) =>
      name.startsWith('arn:') ? name : `arn:aws:kms:${snapshot.region}:${id}:key/${name}`;
    const found = heldIn.find(({ id, name, key }) => {
      const arn = arnOf(id, name);
      return (
        ref === arn ||
        ref === name ||
        ref === arn.split('/')[1] ||
        (key?.aliases ?? []).some((alias) => ref === alias || ref?.endsWith(`:${alias}`))
      );
    });
    if (!found) {
      if (!keys) throw denied(`key ${ref}`);
      throw awsError('NotFoundException', `Key '${ref}' does not exist`);
    }
    if (found.key === null) throw awsError('NotFoundException', `Key '${ref}' does not exist`);
    return [arnOf(found.id, found.name), found.key];
  };
  answer(kms, DescribeKeyCommand, (input) => {
    const [Arn, key] = keyOf(input.KeyId);
    if (!key.KeyManager || !key.KeyState) throw denied(`metadata of ${Arn}`);
    return { KeyMetadata: { Arn, KeyId: Arn.split('/')[1], KeyManager: key.KeyManager, KeyState: key.KeyState } };
  });
  answer(kms, GetKeyPolicyCommand, (input) => {
    const [Arn, key] = keyOf(input.KeyId);
    if (!('policy' in key)) throw denied(`policy of ${Arn}`);
    return key.policy === null ? {} : { Policy: text(key.policy), PolicyName: 'default' };
  });
  answer(kms, ListGrantsCommand, (input) => {
    const [Arn, key] = keyOf(input.KeyId);
    if (!key.grants) throw denied(`grants of ${Arn}`);
    return { Grants: key.grants };
  });
  answer(kms, ListAliasesCommand, (input) => ({
    Aliases: (keyOf(input.KeyId)[1].aliases ?? []).map((AliasName) => ({ AliasName })),
  }));

  const organizations = mockClient(OrganizationsClient);
  const stated = account(own)?.organization;
  // An organization the snapshot could not read is one the caller may not describe.
  const unreadable = stated === ORGANIZATION_UNREADABLE;
  const organization = unreadable ? undefined : stated;
  const depth = Math.max(organization?.scps?.length ?? 0, organization?.rcps?.length ?? 0);
  // Level 0 is the root, the last level the account itself, OUs in between.
  const targetOf = (level: number) => (level === 0 ? 'r-root' : level === depth - 1 ? own : `ou-${level}`);
  answer(organizations, DescribeOrganizationCommand, () => {
    if (unreadable) throw denied('the organization');
    if (!organization)
      throw awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    return { Organization: { Id: organization.id } };
  });
  // The organization's accounts: those of the snapshot.
  answer(organizations, ListAccountsCommand, () => ({ Accounts: Object.keys(accounts).map((Id) => ({ Id })) }));
  answer(organizations, ListParentsCommand, (input) => {
    if (!organization) throw awsError('AWSOrganizationsNotInUseException', 'not a member');
    const level = [...Array(depth).keys()].find((candidate) => targetOf(candidate) === input.ChildId);
    if (level === undefined || level === 0) throw awsError('ChildNotFoundException', 'no such child');
    return { Parents: [{ Id: targetOf(level - 1), Type: level - 1 === 0 ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
  });
  answer(organizations, ListPoliciesForTargetCommand, (input) => {
    const levels = input.Filter === 'SERVICE_CONTROL_POLICY' ? organization?.scps : organization?.rcps;
    if (!levels) throw denied(`${input.Filter} levels`);
    const level = [...Array(depth).keys()].find((candidate) => targetOf(candidate) === input.TargetId) ?? -1;
    return {
      Policies: (levels[level] ?? []).map((_, index) => ({
        Id: `${input.Filter}-${level}-${index}`,
        Name: `${input.Filter}-${level}-${index}`,
      })),
    };
  });
  answer(organizations, DescribePolicyCommand, (input) => {
    const [filter, level, index] =
      (input.PolicyId ?? '').split('-').length === 3 ? (input.PolicyId ?? '').split('-') : ['', '0', '0'];
    const levels = filter === 'SERVICE_CONTROL_POLICY' ? organization?.scps : organization?.rcps;
    const policy = levels?.[Number(level)]?.[Number(index)] as unknown;
    const wrapped = policy !== null && typeof policy === 'object' && 'Content' in (policy as object);
    const content = wrapped ? (policy as { Content: unknown }).Content : policy;
    // Bare documents get the name the snapshot loader gives them.
    const fallback = `${filter === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} at level ${Number(level) + 1} #${Number(index) + 1}`;
    const name = wrapped ? ((policy as { Name?: string }).Name ?? fallback) : fallback;
    return { Policy: { PolicySummary: { Id: input.PolicyId, Name: name }, Content: text(content) } };
  });

  const ec2 = mockClient(EC2Client);
  answer(ec2, DescribeSubnetsCommand, () => {
    const subnets = account(own)?.ec2?.subnets;
    if (!subnets) throw denied('subnets');
    return { Subnets: subnets };
  });
  answer(ec2, DescribeVpcEndpointsCommand, () => {
    const endpoints = account(own)?.ec2?.vpcEndpoints;
    if (!endpoints) throw denied('VPC endpoints');
    return {
      VpcEndpoints: endpoints.map((endpoint) => ({
        ...endpoint,
        PolicyDocument: endpoint.PolicyDocument == null ? undefined : text(endpoint.PolicyDocument),
      })),
    };
  });

  const ecr = mockClient(ECRClient);
  answer(ecr, GetRepositoryPolicyCommand, (input) => {
    const repositories = account(input.registryId)?.ecr?.repositories;
    const repository = repositories?.[input.repositoryName ?? ''];
    if (repositories === undefined || repository === undefined) throw denied(`repository ${input.repositoryName}`);
    if (repository === null) throw awsError('RepositoryNotFoundException', 'no such repository');
    if (!('policy' in repository)) throw denied(`policy of ${input.repositoryName}`);
    if (repository.policy === null) throw awsError('RepositoryPolicyNotFoundException', 'no policy');
    return { policyText: text(repository.policy) };
  });

  const sts = mockClient(STSClient);
  answer(sts, GetCallerIdentityCommand, () => ({
    Account: own,
    Arn: `arn:aws:sts::${own}:assumed-role/doctor/session`,
  }));
  answer(sts, AssumeRoleCommand, () => ({
    Credentials: {
      AccessKeyId: 'ASIAFAKE',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(Date.now() + 900_000),
    },
  }));

  stubs.push(sagemaker, iam, s3, kms, organizations, ec2, ecr, sts);
  return {
    stubs,
    commandNames: () => stubs.flatMap((stub) => stub.calls().map((call) => (call.args[0] as object).constructor.name)),
    timeline: () => [...timeline],
    restore: () => stubs.forEach((stub) => stub.restore()),
  };
}
