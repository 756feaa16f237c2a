/**
 * Image pulls from ECR repositories of accounts the evidence holds (docs/diagnosis.md, "Checks").
 * Images of other accounts (AWS's own SageMaker registries among them) are not checked.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 */
import { ecrRepositoryArn, parseEcrImage } from '../../arn';
import { NO_LEVELS, NONE } from '../layers';
import { rcpsOf, type CheckContext, type RoleScope } from './context';
import type { Check } from './types';

const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

export async function ecrChecks(ctx: CheckContext, scope: RoleScope, image: string): Promise<Check[]> {
  const parsed = parseEcrImage(image);
  if (!parsed || !ctx.evidence.holdsAccount(parsed.account)) return [];
  const role = scope.layers;
  const purpose = `container image ${image}`;
  const repositoryArn = ecrRepositoryArn(ctx.evidence.partition, parsed.region, parsed.account, parsed.repositoryName);
  const answer = await ctx.evidence.repository(parsed.account, parsed.region, parsed.repositoryName);
  if (!answer.known) ctx.incomplete.note(`ECR repository ${parsed.repositoryName}`, answer.why);
  else if (answer.value === null)
    ctx.incomplete.note(`ECR repository ${parsed.repositoryName}`, `it does not exist in account ${parsed.account}`);
  const token: Check = {
    purpose,
    role,
    action: 'ecr:GetAuthorizationToken',
    resource: '*',
    resourceAccount: role.account,
    context: {},
    target: { kind: 'identity-only' },
    resourcePolicy: NONE,
    rcps: NO_LEVELS,
    vpcEndpoint: NONE,
    extraCauses: [],
  };
  if (!answer.known || answer.value === null) return [token];
  const repository = answer.value;
  const policy = ctx.layers.compileKnown(
    repository.policy,
    { policyType: 'resource', name: `repository policy of '${parsed.repositoryName}'`, arn: repositoryArn },
    `repository policy of ${parsed.repositoryName}`,
  );
  const rcps = await rcpsOf(ctx, 'ecr', parsed.account);
  return [
    token,
    ...PULL_ACTIONS.map((action): Check => ({
      purpose,
      role,
      action,
      resource: repositoryArn,
      resourceAccount: parsed.account,
      location: image,
      context: {},
      target: {
        kind: 'ecr-repository',
        repositoryArn,
        repositoryName: parsed.repositoryName,
        account: parsed.account,
        region: parsed.region,
      },
      resourcePolicy: policy,
      resourceDocument: repository.policy.known ? repository.policy.value : undefined,
      rcps,
      vpcEndpoint: NONE,
      extraCauses: [],
    })),
  ];
}
