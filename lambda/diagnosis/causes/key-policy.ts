/**
 * The KMS key policy, which must allow every use of the key, even in its own account.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
import { accountRootArn, partitionOfArn } from '../../arn';
import { statementList } from '../findings/explain';
import { layerCause, resourcePolicyPatch } from './cause';

const keyPolicy = resourcePolicyPatch('key-policy');

const KEY_POLICY_NO_ALLOW = layerCause({
  id: 'KEY_POLICY_NO_ALLOW',
  title: 'The KMS key policy neither allows the role nor delegates to its account',
  severity: 'high',
  layer: 'resource',
  targets: ['kms'],
  denial: 'no-allow',
  explain: ({ check, role }) =>
    `The key policy of KMS key ${check.resource} neither allows role '${role.roleName}' nor delegates to account ${role.account} (a statement with principal ${accountRootArn(partitionOfArn(role.arn), role.account)}), and no grant covers ${check.action}.`,
  patch: keyPolicy,
});

const KEY_POLICY_EXPLICIT_DENY = layerCause({
  id: 'KEY_POLICY_EXPLICIT_DENY',
  title: 'The KMS key policy denies it',
  severity: 'high',
  layer: 'resource',
  targets: ['kms'],
  denial: 'explicit',
  explain: ({ check, denies }) =>
    `The key policy of KMS key ${check.resource} denies ${check.action} to the execution role (${statementList(denies)}).`,
  patch: keyPolicy,
});

export const causes = [KEY_POLICY_NO_ALLOW, KEY_POLICY_EXPLICIT_DENY] as const;
