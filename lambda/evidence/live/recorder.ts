/**
 * Writes down every piece of evidence that was read, in the snapshot format
 * (docs/formats/snapshot.md), so that `diagnose --snapshot` replays a live diagnosis offline to
 * the same report. Only what is known is written: an unknown piece stays absent, which the
 * snapshot reads as "not known". Where absence would state a fact (a role's policy lists: "none";
 * an account's organization: "in none"), what could not be read is marked unreadable instead: a
 * refused GetRolePolicy is never `RolePolicyList: []`.
 */
import type {
  BucketEvidence,
  Description,
  KeyEvidence,
  NamedPolicy,
  OrganizationEvidence,
  RepositoryEvidence,
  RoleEvidence,
  SubnetEvidence,
  VpcEndpointEvidence,
} from '../evidence';
import type {
  AccountSnapshot,
  ManagedPolicyDetail,
  OrganizationPolicy,
  RoleDetail,
  SageMakerSection,
  Snapshot,
} from '../snapshot/types';
import { ORGANIZATION_UNREADABLE } from '../snapshot/types';

/** The fields of a recorded role that may be marked unreadable. */
export type RoleField =
  'AssumeRolePolicyDocument' | 'RolePolicyList' | 'AttachedManagedPolicies' | 'PermissionsBoundary';

export class Recorder {
  private readonly accounts: Record<string, AccountSnapshot> = {};

  public constructor(
    private readonly partition: string,
    private readonly region: string,
  ) {}

  /** The snapshot of everything recorded so far (a deep copy: later reads do not change it). */
  public snapshot(): Snapshot {
    const snapshot: Snapshot = {
      snapshotVersion: 1,
      partition: this.partition,
      region: this.region,
      accounts: this.accounts,
    };
    return JSON.parse(JSON.stringify(snapshot)) as Snapshot;
  }

  public description(account: string, section: SageMakerSection, name: string, value: Description | null): void {
    const sagemaker = (this.account(account).sagemaker ??= {});
    (sagemaker[section] ??= {})[name] = value;
  }

  /**
   * A role; `null`: the account's role list is known not to hold it. The `unreadable` fields
   * are written as such and their values left out (the role's evidence holds placeholders there).
   */
  public role(
    account: string,
    role: RoleEvidence | null,
    read: { roleId?: string; unreadable?: readonly RoleField[] } = {},
  ): void {
    const iam = (this.account(account).iam ??= {});
    const roles = (iam.RoleDetailList ??= []);
    if (role === null) return;
    const unreadable = new Set(read.unreadable ?? []);
    const detail: RoleDetail = { Path: role.path, RoleName: role.roleName, Arn: role.arn };
    if (read.roleId !== undefined) detail.RoleId = read.roleId;
    if (role.assumeRolePolicy.known && !unreadable.has('AssumeRolePolicyDocument'))
      detail.AssumeRolePolicyDocument = role.assumeRolePolicy.value;
    if (!unreadable.has('RolePolicyList')) {
      detail.RolePolicyList = role.inlinePolicies.flatMap((policy) =>
        policy.document.known ? [{ PolicyName: policy.name, PolicyDocument: policy.document.value }] : [],
      );
    }
    if (!unreadable.has('AttachedManagedPolicies')) {
      detail.AttachedManagedPolicies = role.attachedPolicies.map((policy) => ({
        PolicyName: policy.name,
        PolicyArn: policy.arn ?? '',
      }));
    }
    if (
      !unreadable.has('PermissionsBoundary') &&
      role.permissionsBoundary !== null &&
      role.permissionsBoundary.arn !== undefined
    ) {
      detail.PermissionsBoundary = {
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: role.permissionsBoundary.arn,
      };
    }
    if (unreadable.size > 0) detail.unreadable = [...unreadable].sort();
    const at = roles.findIndex((existing) => existing.Arn === role.arn);
    if (at >= 0) roles[at] = detail;
    else roles.push(detail);
    const managed = [
      ...(unreadable.has('AttachedManagedPolicies') ? [] : role.attachedPolicies),
      ...(role.permissionsBoundary && !unreadable.has('PermissionsBoundary') ? [role.permissionsBoundary] : []),
    ];
    for (const policy of managed) this.managedPolicy(account, policy);
  }

  public bucket(account: string, name: string, bucket: BucketEvidence | null): void {
    const buckets = ((this.account(account).s3 ??= {}).buckets ??= {});
    if (bucket === null) {
      buckets[name] = null;
      return;
    }
    buckets[name] = {
      ...(bucket.region.known ? { region: bucket.region.value } : {}),
      ...(bucket.policy.known ? { policy: bucket.policy.value } : {}),
      ...(bucket.encryption.known ? { encryption: bucket.encryption.value } : {}),
      ...(bucket.objectOwnership.known ? { objectOwnership: bucket.objectOwnership.value } : {}),
      ...(bucket.requesterPays.known ? { requesterPays: bucket.requesterPays.value } : {}),
      ...(bucket.objects.known ? { objects: bucket.objects.value } : {}),
    };
  }

  /** A key by its ARN; `ref` (as the job named it) is recorded as known not to exist when `key` is null. */
  public key(account: string, ref: string, key: KeyEvidence | null): void {
    const keys = ((this.account(key?.account ?? account).kms ??= {}).keys ??= {});
    if (key === null) {
      // An alias that names no key cannot be written as a key: leave it unknown.
      if (!ref.includes('alias/')) keys[ref] = null;
      return;
    }
    keys[key.arn] = {
      ...(key.keyManager.known ? { KeyManager: key.keyManager.value } : {}),
      ...(key.keyState.known ? { KeyState: key.keyState.value } : {}),
      aliases: key.aliases,
      ...(key.policy.known ? { policy: key.policy.value } : {}),
      ...(key.grants.known ? { grants: key.grants.value } : {}),
    };
  }

  /** An account's organization; `null`: in none; `unreadable`: it could not be read. */
  public organization(
    account: string,
    organization: OrganizationEvidence | null | typeof ORGANIZATION_UNREADABLE,
  ): void {
    if (organization === null || organization === ORGANIZATION_UNREADABLE) {
      this.account(account).organization = organization;
      return;
    }
    this.account(account).organization = {
      id: organization.id,
      ...(organization.scps.known ? { scps: organization.scps.value.map(levelPolicies) } : {}),
      ...(organization.rcps.known ? { rcps: organization.rcps.value.map(levelPolicies) } : {}),
    };
  }

  public vpcEndpoints(account: string, endpoints: VpcEndpointEvidence[]): void {
    (this.account(account).ec2 ??= {}).vpcEndpoints = endpoints;
  }

  public subnets(account: string, subnets: SubnetEvidence[]): void {
    (this.account(account).ec2 ??= {}).subnets = subnets;
  }

  public repository(account: string, name: string, repository: RepositoryEvidence | null): void {
    const repositories = ((this.account(account).ecr ??= {}).repositories ??= {});
    repositories[name] =
      repository === null ? null : repository.policy.known ? { policy: repository.policy.value } : {};
  }

  private managedPolicy(account: string, policy: NamedPolicy & { versionId?: string }): void {
    if (policy.arn === undefined || !policy.document.known) return;
    const policies = ((this.account(account).iam ??= {}).Policies ??= []);
    if (policies.some((existing) => existing.Arn === policy.arn)) return;
    const detail: ManagedPolicyDetail = {
      PolicyName: policy.name,
      Arn: policy.arn,
      DefaultVersionId: policy.versionId,
      PolicyVersionList: [{ Document: policy.document.value, VersionId: policy.versionId, IsDefaultVersion: true }],
    };
    policies.push(detail);
  }

  private account(account: string): AccountSnapshot {
    return (this.accounts[account] ??= {});
  }
}

const levelPolicies = (level: NamedPolicy[]): OrganizationPolicy[] =>
  level.flatMap((policy) =>
    policy.document.known
      ? [{ Name: policy.name, ...(policy.arn ? { Arn: policy.arn } : {}), Content: policy.document.value }]
      : [],
  );
