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
import { evidencePath, ORGANIZATION_UNREADABLE } from '../snapshot/types';
import type { Known } from '../evidence';

/** The fields of a recorded role that may be marked unreadable. */
export type RoleField =
  'AssumeRolePolicyDocument' | 'RolePolicyList' | 'AttachedManagedPolicies' | 'PermissionsBoundary' | 'Tags';

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

  /**
   * Why a piece of evidence could not be read, at its path in the account (`s3/buckets/NAME`):
   * the replay quotes it where it would say "not in the snapshot" (docs/formats/snapshot.md).
   */
  public unreadable(account: string, path: string, why: string): void {
    (this.account(account).unreadableReasons ??= {})[path] = why;
  }

  /** Each field of `fields` that is unknown, its reason at `base/FIELD`. */
  private unknownFields(account: string, base: string, fields: Record<string, Known<unknown>>): void {
    for (const [field, value] of Object.entries(fields))
      if (!value.known) this.unreadable(account, evidencePath(base, field), value.why);
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
    const base = evidencePath('iam', 'RoleDetailList', role.roleName);
    const because = (field: string, why: string) => this.unreadable(account, evidencePath(base, field), why);
    if (unreadable.has('AssumeRolePolicyDocument') && !role.assumeRolePolicy.known)
      because('AssumeRolePolicyDocument', role.assumeRolePolicy.why);
    // A list read whole but for some of its policies keeps those read: only the others are unknown.
    for (const policy of role.inlinePolicies)
      if (!policy.document.known)
        because(policy.unlisted ? 'RolePolicyList' : evidencePath('RolePolicyList', policy.name), policy.document.why);
    const unlistedManaged = role.attachedPolicies.find((policy) => policy.unlisted);
    if (unlistedManaged && !unlistedManaged.document.known)
      because('AttachedManagedPolicies', unlistedManaged.document.why);
    if (unreadable.has('PermissionsBoundary') && role.permissionsBoundary && !role.permissionsBoundary.document.known)
      because('PermissionsBoundary', role.permissionsBoundary.document.why);
    if (role.tags !== undefined && !role.tags.known) because('Tags', role.tags.why);
    if (read.roleId !== undefined) detail.RoleId = read.roleId;
    if (role.assumeRolePolicy.known && !unreadable.has('AssumeRolePolicyDocument'))
      detail.AssumeRolePolicyDocument = role.assumeRolePolicy.value;
    if (!role.inlinePolicies.some((policy) => policy.unlisted)) {
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
    if (role.tags?.known) detail.Tags = Object.entries(role.tags.value).map(([Key, Value]) => ({ Key, Value }));
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
    const { region, policy, encryption, objectOwnership, requesterPays, objects } = bucket;
    this.unknownFields(account, evidencePath('s3', 'buckets', name), {
      region,
      policy,
      encryption,
      objectOwnership,
      requesterPays,
      objects,
    });
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
    this.unknownFields(key.account, evidencePath('kms', 'keys', key.arn), {
      KeyManager: key.keyManager,
      KeyState: key.keyState,
      policy: key.policy,
      grants: key.grants,
    });
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
    this.unknownFields(account, 'organization', { scps: organization.scps, rcps: organization.rcps });
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
    if (repository !== null)
      this.unknownFields(account, evidencePath('ecr', 'repositories', name), { policy: repository.policy });
    repositories[name] =
      repository === null ? null : repository.policy.known ? { policy: repository.policy.value } : {};
  }

  private managedPolicy(account: string, policy: NamedPolicy & { versionId?: string }): void {
    if (policy.arn === undefined) return;
    if (!policy.document.known) {
      this.unreadable(account, evidencePath('iam', 'Policies', policy.arn), policy.document.why);
      return;
    }
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
