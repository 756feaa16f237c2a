/**
 * The job's network from EC2: the subnets (to find the job's VPC) and the VPC endpoints (the S3
 * gateway endpoint its traffic passes through, with its policy).
 *
 * The EC2 client module is loaded inside the read: a runtime without it leaves the network
 * evidence unknown, with the reason, and never fails the diagnosis.
 */
import { type Known, known, type SubnetEvidence, unknown, type VpcEndpointEvidence } from '../evidence';
import { client, ec2Module } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { allPages, read } from './read';

export async function readSubnets(context: LiveContext, account: string): Promise<Known<SubnetEvidence[]>> {
  const identity = await context.access.identity(account);
  if (!identity.ok) return unknown(identity.why);
  const answer = await read('ec2:DescribeSubnets', context.read, async (abortSignal) => {
    const { paginateDescribeSubnets } = await ec2Module();
    const ec2 = client('ec2', context.region, identity.value);
    return allPages(paginateDescribeSubnets({ client: ec2 }, {}, { abortSignal }), (page) => page.Subnets);
  });
  if (!answer.ok) return unknown(answer.why);
  const subnets = answer.value.map((subnet) => ({ SubnetId: subnet.SubnetId ?? '', VpcId: subnet.VpcId ?? '' }));
  context.recorder.subnets(account, subnets);
  return known(subnets);
}

export async function readVpcEndpoints(context: LiveContext, account: string): Promise<Known<VpcEndpointEvidence[]>> {
  const identity = await context.access.identity(account);
  if (!identity.ok) return unknown(identity.why);
  const answer = await read('ec2:DescribeVpcEndpoints', context.read, async (abortSignal) => {
    const { paginateDescribeVpcEndpoints } = await ec2Module();
    const ec2 = client('ec2', context.region, identity.value);
    return allPages(paginateDescribeVpcEndpoints({ client: ec2 }, {}, { abortSignal }), (page) => page.VpcEndpoints);
  });
  if (!answer.ok) return unknown(answer.why);
  const endpoints = answer.value.map((endpoint) => ({
    VpcEndpointId: endpoint.VpcEndpointId ?? '',
    VpcId: endpoint.VpcId ?? '',
    ServiceName: endpoint.ServiceName ?? '',
    VpcEndpointType: endpoint.VpcEndpointType ?? '',
    PolicyDocument: endpoint.PolicyDocument === undefined ? null : decodeDocument(endpoint.PolicyDocument),
  }));
  context.recorder.vpcEndpoints(account, endpoints);
  return known(endpoints);
}
