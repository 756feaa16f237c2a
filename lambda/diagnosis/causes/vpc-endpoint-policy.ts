/**
 * The policy of the S3 gateway endpoint the job's S3 traffic passes through.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
 */
import type { Check } from '../checks/types';
import { quoteStatements } from '../findings/explain';
import { valueOr } from '../layers';
import { layerCause, type CausePatch } from './cause';

const endpointOf = (check: Check) => valueOr(check.vpcEndpoint, null)?.endpoint;

const endpointPolicy: CausePatch = {
  kind: 'endpoint-policy',
  target: (check) => {
    const endpoint = endpointOf(check);
    return endpoint
      ? {
          kind: 'endpoint-policy',
          target: endpoint.VpcEndpointId,
          layer: 'vpc-endpoint',
          document: endpoint.PolicyDocument,
        }
      : undefined;
  },
};

const VPC_ENDPOINT_POLICY_NO_ALLOW = layerCause({
  id: 'VPC_ENDPOINT_POLICY_NO_ALLOW',
  title: "The S3 VPC endpoint's policy does not allow it",
  severity: 'high',
  layer: 'vpc-endpoint',
  denial: 'no-allow',
  explain: ({ check, what }) =>
    `The job's S3 traffic passes through VPC endpoint ${endpointOf(check)?.VpcEndpointId}, whose policy does not allow ${what}.`,
  patch: endpointPolicy,
});

const VPC_ENDPOINT_POLICY_EXPLICIT_DENY = layerCause({
  id: 'VPC_ENDPOINT_POLICY_EXPLICIT_DENY',
  title: "The S3 VPC endpoint's policy denies it",
  severity: 'high',
  layer: 'vpc-endpoint',
  denial: 'explicit',
  explain: ({ check, what, denies }) =>
    `The policy of VPC endpoint ${endpointOf(check)?.VpcEndpointId} denies ${what} (${quoteStatements(denies)}).`,
  patch: endpointPolicy,
});

export const causes = [VPC_ENDPOINT_POLICY_NO_ALLOW, VPC_ENDPOINT_POLICY_EXPLICIT_DENY] as const;
