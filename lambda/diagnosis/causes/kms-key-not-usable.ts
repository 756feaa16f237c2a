/**
 * A key that is missing, disabled, pending deletion or import, or unavailable: KMS refuses
 * every cryptographic operation with it.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import { regionOfArn } from '../../arn';
import { conditionCause, manual } from './cause';

type Facts = { key: { arn: string; account: string } } & ({ missing: true } | { missing: false; state: string });

export const KMS_KEY_NOT_USABLE = conditionCause({
  id: 'KMS_KEY_NOT_USABLE',
  title: 'The KMS key is not usable',
  severity: 'high',
  explain: (facts: Facts) =>
    facts.missing
      ? `The KMS key ${facts.key.arn} does not exist in account ${facts.key.account} (deleted, or named in the wrong account or Region).`
      : `The KMS key ${facts.key.arn} is in state '${facts.state}': KMS refuses every cryptographic operation with it until it is enabled again.`,
  patch: manual(({ check }) => {
    const key = check.target.kind === 'kms' ? check.target.evidence : undefined;
    const state = key?.keyState.known ? key.keyState.value : 'missing';
    const region = regionOfArn(check.resource);
    const commands =
      state === 'Disabled'
        ? [`aws kms enable-key --region ${region} --key-id ${check.resource}`]
        : state === 'PendingDeletion'
          ? [
              `aws kms cancel-key-deletion --region ${region} --key-id ${check.resource}`,
              `aws kms enable-key --region ${region} --key-id ${check.resource}`,
            ]
          : [];
    const steps: Record<string, string> = {
      Disabled: `The key owner (account ${check.resourceAccount}) enables the key.`,
      PendingDeletion: `The key owner (account ${check.resourceAccount}) cancels the scheduled deletion, then enables the key.`,
      PendingImport: `The key owner (account ${check.resourceAccount}) imports the key material.`,
      Unavailable: `The key owner (account ${check.resourceAccount}) reconnects the custom key store of the key.`,
      missing: `The key does not exist: point the job (or the bucket's default encryption) at an existing key.`,
    };
    return {
      kind: 'manual',
      target: check.resource,
      steps: [steps[state] ?? `The key is in state '${state}': the key owner makes it usable again.`],
      ...(commands.length && { commands }),
    };
  }),
});

export const causes = [KMS_KEY_NOT_USABLE] as const;
