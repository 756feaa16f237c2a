/**
 * Image pulls from ECR repositories (docs/diagnosis.md, "Checks";
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html). A repository
 * of an account the evidence does not hold has an unknown policy: with the role's side allowing,
 * that is CROSS_ACCOUNT_POLICY_UNKNOWN. Images in AWS's own SageMaker registries are not checked:
 * SageMaker pulls them with service-owned credentials, so no IAM policy, SCP or RCP of the
 * customer applies (the note of https://docs.aws.amazon.com/sagemaker/latest/dg-ecr-paths/sagemaker-algo-docker-registry-paths.html).
 */
import { type EcrImage, ecrRepositoryArn, parseEcrImage } from '../../arn';
import { NO_LEVELS, NONE } from '../layers';
import { rcpsOf, type CheckContext, type RoleScope } from './context';
import SAGEMAKER_REGISTRIES from './sagemaker-registries.json';
import type { Check } from './types';

const REGISTRIES: Readonly<Record<string, readonly string[]>> = SAGEMAKER_REGISTRIES.registries;
/** Every registry account of any Region: the fallback for a Region the data does not list yet. */
const ANY_REGION = new Set(Object.values(REGISTRIES).flat());

/** Whether the image is in one of AWS's own SageMaker registries (sagemaker-registries.json). */
function inSageMakerRegistry(image: EcrImage): boolean {
  const accounts = REGISTRIES[image.region];
  return accounts ? accounts.includes(image.account) : ANY_REGION.has(image.account);
}

const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

export async function ecrChecks(ctx: CheckContext, scope: RoleScope, image: string): Promise<Check[]> {
  const parsed = parseEcrImage(image);
  if (!parsed || inSageMakerRegistry(parsed)) return [];
  const role = scope.layers;
  const purpose = `container image ${image}`;
  const repositoryArn = ecrRepositoryArn(ctx.evidence.partition, parsed.region, parsed.account, parsed.repositoryName);
  // Another account outside the evidence: its repository policy is unknown, not absent.
  const outside = !ctx.evidence.holdsAccount(parsed.account);
  const answer = await ctx.evidence.repository(parsed.account, parsed.region, parsed.repositoryName);
  if (!answer.known) ctx.incomplete.note(`ECR repository ${parsed.repositoryName}`, answer.why);
  else if (answer.value === null)
    ctx.incomplete.note(`ECR repository ${parsed.repositoryName}`, `it does not exist in account ${parsed.account}`);
  const pull = (resourcePolicy: Check['resourcePolicy'], rcps: Check['rcps'], document?: unknown) =>
    PULL_ACTIONS.map((action): Check => ({
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
      resourcePolicy,
      ...(document !== undefined && { resourceDocument: document }),
      rcps,
      vpcEndpoint: NONE,
      extraCauses: [],
    }));
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
  if (!answer.known && outside) return [token, ...pull(answer, await rcpsOf(ctx, 'ecr', parsed.account))];
  if (!answer.known || answer.value === null) return [token];
  const repository = answer.value;
  const policy = ctx.layers.compileKnown(
    repository.policy,
    { policyType: 'resource', name: `repository policy of '${parsed.repositoryName}'`, arn: repositoryArn },
    `repository policy of ${parsed.repositoryName}`,
  );
  const rcps = await rcpsOf(ctx, 'ecr', parsed.account);
  return [token, ...pull(policy, rcps, repository.policy.known ? repository.policy.value : undefined)];
}
