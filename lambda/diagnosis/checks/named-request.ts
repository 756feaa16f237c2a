/**
 * The request an AWS enhanced AccessDenied message names (`User: ARN is not authorized to
 * perform: ACTION on resource: ARN because ...`,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html) is a check of
 * its own when no check of the job has that action on a resource that covers it: a container's
 * own call (an MLflow artifact upload, say) is then judged layer by layer. It is made as the
 * role's session, with the context of the checks of its kind (docs/diagnosis.md, "Checks").
 * Only S3 object reads, writes and listings are built; other requests are left unchecked.
 */
import { parseArn, parseRoleOrSessionArn } from '../../arn';
import type { CheckContext, RoleScope } from './context';
import { inputObjectChecks, inputPrefixChecks, outputChecks } from './s3';
import type { Check } from './types';

const PURPOSE = 'the request the failure names';

/** Whether an ARN pattern of a check (`*`, `?` wildcards) covers `arn`. */
function covers(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(arn);
}

/** Whether the message's principal is this role: its ARN, or a session of it. */
function isRole(principal: string, scope: RoleScope): boolean {
  const role = scope.layers;
  if (principal === role.arn) return true;
  const named = parseRoleOrSessionArn(principal);
  return named !== undefined && named.account === role.account && named.roleName === role.roleName;
}

export async function namedRequestChecks(ctx: CheckContext, scope: RoleScope, checks: Check[]): Promise<Check[]> {
  const named = ctx.named;
  if (!named || !isRole(named.principal, scope)) return [];
  const action = named.action.toLowerCase();
  if (checks.some((c) => c.action.toLowerCase() === action && covers(c.resource, named.resource))) return [];
  const arn = parseArn(named.resource);
  if (!arn || arn.service !== 's3') return [];
  const slash = arn.resource.indexOf('/');
  const bucket = slash < 0 ? arn.resource : arn.resource.slice(0, slash);
  const key = slash < 0 ? '' : arn.resource.slice(slash + 1);
  const location = { purpose: PURPOSE, bucket, key };
  let built: Check[];
  if (action === 's3:putobject' && key) built = await outputChecks(ctx, scope, location);
  else if (action === 's3:getobject' && key) built = await inputObjectChecks(ctx, scope, location);
  else if (action === 's3:listbucket' && !key) built = await inputPrefixChecks(ctx, scope, location);
  else return [];
  // Exactly the request named: its action on its resource, as the checks of that kind.
  return built
    .filter((c) => c.action.toLowerCase() === action)
    .slice(0, 1)
    .map((c) => ({ ...c, resource: named.resource }));
}
