/**
 * The trust check: SageMaker must be able to assume the execution role. Judged by the trust
 * policy alone (docs/diagnosis.md, "Checks"): no SCP, boundary or identity policy applies to a service
 * principal's AssumeRole, and a role trust policy must allow it explicitly.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
import type { CheckContext, RoleScope } from './context';
import type { Check } from './types';
import { NO_LEVELS, NONE, roleIsMissing } from '../layers';
import { raise } from '../causes/cause';
import { ROLE_NOT_FOUND } from '../causes/role-not-found';

export const SAGEMAKER_SERVICE_PRINCIPAL = 'sagemaker.amazonaws.com';

export function trustCheck(ctx: CheckContext, scope: RoleScope): Check {
  const role = scope.layers;
  const trust = role.role.known ? role.role.value?.assumeRolePolicy : undefined;
  return {
    purpose: 'SageMaker assumes the execution role',
    role,
    action: 'sts:AssumeRole',
    resource: role.arn,
    resourceAccount: role.account,
    location: role.arn,
    context: {
      'aws:SourceAccount': ctx.job.account,
      'aws:SourceArn': ctx.job.sourceArn,
      'aws:PrincipalIsAWSService': 'true',
    },
    target: { kind: 'trust' },
    resourcePolicy: role.trust,
    resourceDocument: trust?.known ? trust.value : undefined,
    rcps: NO_LEVELS,
    vpcEndpoint: NONE,
    // A role that does not exist cannot be assumed, whatever a trust policy would say.
    extraCauses: roleIsMissing(role) ? [raise(ROLE_NOT_FOUND, { role })] : [],
  };
}
