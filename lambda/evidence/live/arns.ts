/**
 * The parts of the ARNs the evidence reads.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

// One ARN parser for the whole project: the engine's.
import { parseArn } from '../../engine/arn';

export { parseArn };
export type { Arn } from '../../engine/arn';

export interface RoleArn {
  partition: string;
  account: string;
  /** `/` or `/a/b/`. */
  path: string;
  roleName: string;
}

/** `arn:aws:iam::ACCOUNT:role/PATH/NAME`; a session ARN (`assumed-role/NAME/SESSION`) names its role. */
export function parseRoleArn(text: string): RoleArn | undefined {
  const arn = parseArn(text);
  if (!arn) return undefined;
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    const segments = arn.resource.slice('role/'.length).split('/');
    const roleName = segments.pop() ?? '';
    if (!roleName) return undefined;
    const path = segments.length > 0 ? `/${segments.join('/')}/` : '/';
    return { partition: arn.partition, account: arn.account, path, roleName };
  }
  if (arn.service === 'sts' && arn.resource.startsWith('assumed-role/')) {
    const roleName = arn.resource.split('/')[1];
    return roleName ? { partition: arn.partition, account: arn.account, path: '/', roleName } : undefined;
  }
  return undefined;
}

/** The partition of a region (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}
