import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { READ_PERMISSIONS, type ReadPermission } from '../lambda/evidence/live/permissions';

/** Whether object-level reads are on: only then are the `objectLevel` permissions granted. */
export interface ReadPermissionOptions {
  readonly objectLevelReads: boolean;
  /**
   * The Regions the reads are bound to: each resource naming `${Region}` is granted once per
   * Region listed. A member account's read role (lib/member-account-stack.ts) is one IAM role for
   * every Region the organization deployment targets.
   * @default - the Region of the stack the statements are added to
   */
  readonly regions?: readonly string[];
}

/** The read permissions that apply with these options, in the list's order. */
export function applicableReadPermissions(
  options: ReadPermissionOptions,
  permissions: readonly ReadPermission[] = READ_PERMISSIONS,
): ReadPermission[] {
  return permissions.filter((permission) => options.objectLevelReads || permission.objectLevel !== true);
}

/**
 * One IAM statement per read permission the Lambda's evidence gathering uses
 * (lambda/evidence/live/permissions.ts), with its placeholders bound to the deploying account and
 * region: the role can read exactly what the code calls, nothing more.
 */
export function readPermissionStatements(options: ReadPermissionOptions): iam.PolicyStatement[] {
  return applicableReadPermissions(options).map(
    (permission) =>
      new iam.PolicyStatement({
        sid: statementId(permission.why),
        actions: [...permission.actions],
        resources: permission.resources.flatMap((resource) => bindPlaceholders(resource, AWS_TOKENS, options.regions)),
      }),
  );
}

/**
 * The cdk-nag `AwsSolutions-IAM5` finding ids of the wildcard resources in these permissions,
 * as cdk-nag renders them (`<AWS::Partition>` for the partition token), with the reason the
 * wildcard is needed: the job names its buckets, keys, roles and repositories only at run time,
 * and some actions have no resource-level permissions at all.
 */
export function readPermissionWildcardFindings(options: ReadPermissionOptions): { id: string; reason: string }[] {
  const findings = new Map<string, string>();
  for (const permission of applicableReadPermissions(options)) {
    for (const bound of permission.resources
      .filter((r) => r.includes('*'))
      .flatMap((r) => bindPlaceholders(r, NAG_TOKENS, options.regions).map((b) => [r, b] as const))) {
      const [resource, rendered] = bound;
      const id = `AwsSolutions-IAM5[Resource::${rendered}]`;
      const reason =
        resource === '*'
          ? `${permission.actions.join(', ')} cannot be scoped to a resource (no resource-level permissions); needed to: ${permission.why}.`
          : `${permission.wildcardReason ?? 'The failed job names these resources only at run time; scoped to the resource type (and account or region where AWS allows).'} Needed to: ${permission.why}.`;
      findings.set(id, findings.has(id) ? `${findings.get(id)} ${reason}` : reason);
    }
  }
  return [...findings].map(([id, reason]) => ({ id, reason }));
}

const AWS_TOKENS = { Partition: Aws.PARTITION, Region: Aws.REGION, Account: Aws.ACCOUNT_ID };
const NAG_TOKENS = { Partition: '<AWS::Partition>', Region: '<AWS::Region>', Account: '<AWS::AccountId>' };

/** The resource with its placeholders bound: one per Region when `regions` is given and it names `${Region}`. */
function bindPlaceholders(
  resource: string,
  values: Record<'Partition' | 'Region' | 'Account', string>,
  regions?: readonly string[],
): string[] {
  const bind = (region: string) =>
    resource.replace(/\$\{(Partition|Region|Account)\}/g, (_, name: 'Partition' | 'Region' | 'Account') =>
      name === 'Region' ? region : values[name],
    );
  return regions === undefined || !resource.includes('${Region}') ? [bind(values.Region)] : regions.map(bind);
}

/** IAM Sids are alphanumeric: the reason in PascalCase, e.g. `ReadTheKMSKeysOfTheJobMetadataKeyPolicyAndGrants`. */
function statementId(why: string): string {
  return why
    .replace(/'/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
