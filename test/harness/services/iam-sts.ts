/**
 * IAM and STS on the query protocol. IAM returns policy documents URL-encoded
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html) and pages with
 * `Marker` / `IsTruncated`. The caller reads its own account's IAM; a role of another account
 * in the snapshot may be assumed, any other AssumeRole is denied.
 */
import type { ManagedPolicyDetail, RoleDetail } from '../../../lambda/evidence/snapshot/types';
import { AwsFault, members } from '../wire';
import {
  dispatch,
  documentText,
  notInSnapshot,
  onePage,
  queryOperation,
  type ServiceDefinition,
  type ServiceRequest,
} from './types';

const encoded = (document: unknown): string => encodeURIComponent(documentText(document));

function roleOf(request: ServiceRequest): RoleDetail {
  const list = request.world.snapshot.accounts[request.account]?.iam?.RoleDetailList;
  if (!list) throw notInSnapshot(`the IAM roles of account ${request.account}`);
  const name = String(request.params.RoleName ?? '').toLowerCase();
  const role = list.find((candidate) => candidate.RoleName.toLowerCase() === name);
  if (!role) throw new AwsFault('NoSuchEntity', `The role with name ${request.params.RoleName} cannot be found.`, 404);
  return role;
}

/** A role field the snapshot marks unreadable is refused as AWS would refuse it. */
function readable<K extends keyof RoleDetail>(role: RoleDetail, key: K, action: string): RoleDetail[K] {
  if (role.unreadable?.includes(key)) throw notInSnapshot(`${action}: '${key}' of role ${role.RoleName}`);
  return role[key];
}

function policyOf(request: ServiceRequest): ManagedPolicyDetail {
  const arn = String(request.params.PolicyArn ?? '');
  const accounts = request.world.snapshot.accounts;
  // AWS managed policies are in every account; the snapshot lists them where they are attached.
  const holders = arn.startsWith('arn:aws:iam::aws:') ? Object.values(accounts) : [accounts[request.account]];
  const policy = holders.flatMap((holder) => holder?.iam?.Policies ?? []).find((candidate) => candidate.Arn === arn);
  if (!policy) throw notInSnapshot(`policy ${arn}`);
  return policy;
}

const defaultVersion = (policy: ManagedPolicyDetail): string =>
  policy.DefaultVersionId ?? policy.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.VersionId ?? 'v1';

const paged = <T>(list: readonly T[], request: ServiceRequest) => {
  const page = onePage(list, request.params.Marker);
  return { items: page.items, IsTruncated: page.next !== undefined, Marker: page.next };
};

const IAM_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  GetRole: (request) => {
    const role = roleOf(request);
    return {
      Role: {
        Path: role.Path ?? '/',
        RoleName: role.RoleName,
        RoleId: role.RoleId ?? `AROA${role.RoleName.toUpperCase().slice(0, 12)}`,
        Arn: role.Arn,
        CreateDate: new Date(0),
        AssumeRolePolicyDocument:
          role.AssumeRolePolicyDocument === undefined ? undefined : encoded(role.AssumeRolePolicyDocument),
        PermissionsBoundary: role.PermissionsBoundary ?? undefined,
        Tags: role.Tags ? members(role.Tags.map((tag) => ({ ...tag }))) : undefined,
      },
    };
  },
  ListRoleTags: (request) => {
    const role = roleOf(request);
    const { items, ...rest } = paged(readable(role, 'Tags', 'iam:ListRoleTags') ?? [], request);
    return { Tags: members(items.map((tag) => ({ ...tag }))), ...rest };
  },
  ListRolePolicies: (request) => {
    const role = roleOf(request);
    const list = readable(role, 'RolePolicyList', 'iam:ListRolePolicies') ?? [];
    const { items, ...rest } = paged(
      list.map((policy) => policy.PolicyName),
      request,
    );
    return { PolicyNames: members(items), ...rest };
  },
  GetRolePolicy: (request) => {
    const role = roleOf(request);
    const policy = (readable(role, 'RolePolicyList', 'iam:GetRolePolicy') ?? []).find(
      (candidate) => candidate.PolicyName === request.params.PolicyName,
    );
    if (!policy)
      throw new AwsFault(
        'NoSuchEntity',
        `The role policy with name ${request.params.PolicyName} cannot be found.`,
        404,
      );
    return { RoleName: role.RoleName, PolicyName: policy.PolicyName, PolicyDocument: encoded(policy.PolicyDocument) };
  },
  ListAttachedRolePolicies: (request) => {
    const role = roleOf(request);
    const list = readable(role, 'AttachedManagedPolicies', 'iam:ListAttachedRolePolicies') ?? [];
    const { items, ...rest } = paged(list, request);
    return { AttachedPolicies: members(items.map((policy) => ({ ...policy }))), ...rest };
  },
  GetPolicy: (request) => {
    const policy = policyOf(request);
    return { Policy: { PolicyName: policy.PolicyName, Arn: policy.Arn, DefaultVersionId: defaultVersion(policy) } };
  },
  GetPolicyVersion: (request) => {
    const policy = policyOf(request);
    const wanted = String(request.params.VersionId ?? '');
    const version =
      policy.PolicyVersionList?.find((candidate) => (candidate.VersionId ?? 'v1') === wanted) ??
      (policy.PolicyVersionList?.length === 1 ? policy.PolicyVersionList[0] : undefined);
    if (!version) throw new AwsFault('NoSuchEntity', `Policy ${policy.Arn} version ${wanted} does not exist.`, 404);
    return {
      PolicyVersion: {
        VersionId: wanted,
        IsDefaultVersion: wanted === defaultVersion(policy),
        Document: version.Document === undefined ? undefined : encoded(version.Document),
      },
    };
  },
};

export const IAM: ServiceDefinition = {
  protocol: 'query',
  operation: queryOperation,
  answer: (operation, request) => dispatch(IAM_HANDLERS, operation, request),
};

const STS_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  GetCallerIdentity: (request) => ({
    Account: request.account,
    Arn: `arn:aws:sts::${request.account}:assumed-role/doctor/session`,
    UserId: 'AROADOCTOR:session',
  }),
  AssumeRole: (request) => {
    const roleArn = String(request.params.RoleArn ?? '');
    const account = roleArn.split(':')[4] ?? '';
    // Only accounts the snapshot holds have a role to assume (unless made roleless); AWS denies any other.
    if (!(account in request.world.snapshot.accounts) || request.world.rolelessAccounts.has(account)) {
      throw new AwsFault(
        'AccessDenied',
        `User: arn:aws:sts::${request.account}:assumed-role/doctor/session is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    return {
      Credentials: {
        AccessKeyId: `ASIA${account}HRNS`,
        SecretAccessKey: 'harness-session-secret',
        SessionToken: `harness-session-${account}`,
        Expiration: new Date(Date.now() + 900_000),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROAHARNESS:${String(request.params.RoleSessionName ?? '')}`,
        Arn: `arn:aws:sts::${account}:assumed-role/${roleArn.split('/').pop()}/${String(request.params.RoleSessionName ?? '')}`,
      },
    };
  },
};

export const STS: ServiceDefinition = {
  protocol: 'query',
  operation: queryOperation,
  answer: (operation, request) => dispatch(STS_HANDLERS, operation, request),
};
