/**
 * Jobs in a VPC: the network-interface permissions SageMaker uses with the role, and the S3
 * gateway endpoint that the job's S3 traffic passes through (docs/diagnosis.md, "Checks").
 * https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
import { formatArn } from '../../arn';
import type { CheckContext, RoleScope } from './context';
import type { Check, S3Endpoint } from './types';
import { known, unknown, type Known, type VpcEndpointEvidence } from '../../evidence/evidence';
import type { RoleModel } from '../jobs/model';
import { NO_LEVELS, NONE } from '../layers';

const NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
];
const DESCRIBE_ACTIONS = [
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeVpcs',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
];

export function networkChecks(ctx: CheckContext, scope: RoleScope): Check[] {
  if (!scope.model.vpcConfig) return [];
  const { partition, region } = ctx.evidence;
  const eni = formatArn({
    partition,
    service: 'ec2',
    region,
    account: ctx.job.account,
    resource: 'network-interface/*',
  });
  const check = (action: string, resource: string): Check => ({
    purpose: 'network interfaces in the VPC',
    role: scope.layers,
    action,
    resource,
    resourceAccount: ctx.job.account,
    context: {},
    target: { kind: 'identity-only' },
    resourcePolicy: NONE,
    // EC2 is not among the services RCPs govern (context.ts, RCP_SERVICES).
    rcps: NO_LEVELS,
    vpcEndpoint: NONE,
    extraCauses: [],
  });
  return [...NETWORK_INTERFACE_ACTIONS.map((a) => check(a, eni)), ...DESCRIBE_ACTIONS.map((a) => check(a, '*'))];
}

const isS3Gateway = (e: VpcEndpointEvidence): boolean =>
  e.VpcEndpointType.toLowerCase() === 'gateway' && /\.s3$/.test(e.ServiceName);

/**
 * The S3 gateway endpoint in the job's VPC, with its compiled policy (null: the default
 * full-access policy); null when the job is not in a VPC or the VPC has none; unknown when
 * the evidence cannot tell.
 */
export async function s3EndpointOf(ctx: CheckContext, model: RoleModel): Promise<Known<S3Endpoint | null>> {
  if (!model.vpcConfig) return NONE;
  const [subnets, endpoints] = await Promise.all([
    ctx.evidence.subnets(ctx.job.account),
    ctx.evidence.vpcEndpoints(ctx.job.account),
  ]);
  if (!subnets.known) {
    ctx.incomplete.note(`subnets of account ${ctx.job.account}`, subnets.why);
    return subnets;
  }
  if (!endpoints.known) {
    ctx.incomplete.note(`VPC endpoints of account ${ctx.job.account}`, endpoints.why);
    return endpoints;
  }
  const vpcs = new Set(subnets.value.filter((s) => model.vpcConfig?.Subnets.includes(s.SubnetId)).map((s) => s.VpcId));
  if (vpcs.size === 0) {
    const why = 'the subnets are not in the evidence';
    ctx.incomplete.note(`VPC of subnets ${model.vpcConfig.Subnets.join(', ')}`, why);
    return unknown(why);
  }
  const endpoint = endpoints.value.find((e) => vpcs.has(e.VpcId) && isS3Gateway(e));
  if (!endpoint) return NONE;
  if (endpoint.PolicyDocument === null || endpoint.PolicyDocument === undefined)
    return known({ endpoint, policy: null });
  const policy = ctx.layers.compile(
    endpoint.PolicyDocument,
    {
      policyType: 'vpc-endpoint',
      name: `policy of VPC endpoint ${endpoint.VpcEndpointId}`,
      arn: endpoint.VpcEndpointId,
    },
    `policy of VPC endpoint ${endpoint.VpcEndpointId}`,
  );
  return policy.known ? known({ endpoint, policy: policy.value }) : policy;
}
