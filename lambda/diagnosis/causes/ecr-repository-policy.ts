/**
 * The image repository's policy: a Deny, or, for another account's repository, no grant.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 */
import { quoteStatements } from '../findings/explain';
import { layerCause, resourcePolicyPatch } from './cause';

const repositoryPolicy = resourcePolicyPatch('repository-policy');

const ECR_REPOSITORY_POLICY_NO_ALLOW = layerCause({
  id: 'ECR_REPOSITORY_POLICY_NO_ALLOW',
  title: "The image repository's policy does not grant the pull",
  severity: 'high',
  layer: 'resource',
  targets: ['ecr-repository'],
  denial: 'no-allow',
  explain: ({ check, role }) =>
    `The repository ${check.resource} belongs to account ${check.resourceAccount}: its repository policy must grant ${check.action} to role '${role.roleName}' or to account ${role.account}, and it does not.`,
  patch: repositoryPolicy,
});

const ECR_REPOSITORY_POLICY_EXPLICIT_DENY = layerCause({
  id: 'ECR_REPOSITORY_POLICY_EXPLICIT_DENY',
  title: "The image repository's policy denies the pull",
  severity: 'high',
  layer: 'resource',
  targets: ['ecr-repository'],
  denial: 'explicit',
  explain: ({ check, denies }) =>
    `The repository policy of ${check.resource} denies ${check.action} (${quoteStatements(denies)}).`,
  patch: repositoryPolicy,
});

export const causes = [ECR_REPOSITORY_POLICY_NO_ALLOW, ECR_REPOSITORY_POLICY_EXPLICIT_DENY] as const;
