/**
 * The execution role's trust policy must let SageMaker assume it.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
import { SAGEMAKER_SERVICE_PRINCIPAL } from '../checks/trust';
import { quoteStatements } from '../findings/explain';
import { layerCause } from './cause';

const TRUST_POLICY_NO_SAGEMAKER = layerCause({
  id: 'TRUST_POLICY_NO_SAGEMAKER',
  title: "The role's trust policy does not let SageMaker assume it",
  severity: 'high',
  // The trust check is judged by the trust policy alone, the role's resource-based policy.
  layer: 'resource',
  targets: ['trust'],
  denial: 'any',
  explain: ({ check, role, denies }) => {
    const base = `The trust policy of role '${role.roleName}' does not let ${SAGEMAKER_SERVICE_PRINCIPAL} assume it (sts:AssumeRole with aws:SourceAccount ${check.context['aws:SourceAccount']} and aws:SourceArn ${check.context['aws:SourceArn']}).`;
    return denies.length ? `${base} It denies it in ${quoteStatements(denies)}.` : base;
  },
  patch: {
    kind: 'trust-policy',
    target: (check) => ({
      kind: 'trust-policy',
      target: check.role.arn,
      layer: 'resource',
      document: check.resourceDocument,
    }),
  },
});

export const causes = [TRUST_POLICY_NO_SAGEMAKER] as const;
