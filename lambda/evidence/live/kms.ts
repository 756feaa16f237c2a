/**
 * A KMS key: its metadata (ARN, manager, state), key policy, grants and aliases.
 *
 * A key named by alias or bare id is resolved first (DescribeKey); a key ARN lets all four
 * reads run together. The key policy can only be read in the key's own account
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html, "Cross-account
 * use: No"): a key of another account needs the cross-account role.
 */
import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  type KMSClient,
  paginateListAliases,
  paginateListGrants,
} from '@aws-sdk/client-kms';
import type { KmsGrant } from '../../engine/types';
import { type KeyEvidence, type Known, known, unknown } from '../evidence';
import { parseArn } from '../../arn';
import { client, type Identity } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { allPages, type Outcome, read, type ReadOptions } from './read';

export async function readKey(context: LiveContext, ref: string, account: string): Promise<Known<KeyEvidence | null>> {
  const arn = parseArn(ref);
  const keyAccount = arn?.account || account;
  const region = arn?.region || context.region;
  // In the caller's own account, or through the cross-account role; without it, the reads that
  // work across accounts (DescribeKey, ListGrants) are made with the caller's credentials.
  const identity = await context.access.identity(keyAccount);
  const own = await context.access.identity(context.access.ownAccount);
  const reader: Identity | undefined = identity.ok ? identity.value : own.ok ? own.value : undefined;
  // An alias name or bare key id resolves in the caller's account: another account's needs its role.
  if (!reader || (!identity.ok && arn === undefined))
    return unknown(identity.ok ? 'no credentials to read the key' : identity.why);
  const kms = client('kms', region, reader);
  const options = context.read;
  const isKeyArn = arn !== undefined && arn.resource.startsWith('key/');

  const described = read('kms:DescribeKey', options, (abortSignal) =>
    kms.send(new DescribeKeyCommand({ KeyId: ref }), { abortSignal }),
  );
  // A key ARN is enough for the other reads: they need not wait for DescribeKey.
  const keyId = isKeyArn
    ? Promise.resolve(ref)
    : described.then((answer) => (answer.ok ? answer.value.KeyMetadata?.Arn : undefined));
  const policy = keyId.then((id) =>
    id === undefined
      ? undefined
      : identity.ok
        ? keyPolicy(kms, options, id)
        : ({ ok: false, code: 'CrossAccount', why: identity.why } as const),
  );
  const grants = keyId.then((id) => (id === undefined ? undefined : keyGrants(kms, options, id)));
  const aliases = keyId.then((id) =>
    id === undefined || !identity.ok
      ? undefined
      : read('kms:ListAliases', options, (abortSignal) =>
          allPages(paginateListAliases({ client: kms }, { KeyId: id }, { abortSignal }), (page) => page.Aliases),
        ),
  );

  const [describedAnswer, policyAnswer, grantsAnswer, aliasesAnswer] = await Promise.all([
    described,
    policy,
    grants,
    aliases,
  ]);
  if (!describedAnswer.ok) {
    if (describedAnswer.code === 'NotFoundException') {
      context.recorder.key(keyAccount, ref, null);
      return known(null);
    }
    return unknown(`key ${ref}: ${describedAnswer.why}`);
  }
  const metadata = describedAnswer.value.KeyMetadata;
  const keyArn = metadata?.Arn ?? ref;
  const evidence: KeyEvidence = {
    arn: keyArn,
    account: parseArn(keyArn)?.account ?? keyAccount,
    keyManager: metadata?.KeyManager
      ? known(metadata.KeyManager)
      : unknown(`kms:DescribeKey gave no KeyManager for ${keyArn}`),
    keyState: metadata?.KeyState ? known(metadata.KeyState) : unknown(`kms:DescribeKey gave no KeyState for ${keyArn}`),
    aliases: aliasesAnswer?.ok
      ? aliasesAnswer.value.flatMap((alias) => (alias.AliasName ? [alias.AliasName] : []))
      : [],
    policy:
      policyAnswer === undefined
        ? unknown(`key policy of ${keyArn} not read`)
        : policyAnswer.ok
          ? known(policyAnswer.value)
          : unknown(policyAnswer.why),
    grants:
      grantsAnswer === undefined
        ? unknown(`grants of ${keyArn} not read`)
        : grantsAnswer.ok
          ? known(grantsAnswer.value)
          : unknown(grantsAnswer.why),
  };
  context.recorder.key(evidence.account, ref, evidence);
  return known(evidence);
}

async function keyPolicy(kms: KMSClient, options: ReadOptions, KeyId: string): Promise<Outcome<unknown>> {
  // `default` is the only key policy name (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html).
  return read('kms:GetKeyPolicy', options, async (abortSignal) => {
    const out = await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }), { abortSignal });
    return out.Policy === undefined ? null : decodeDocument(out.Policy);
  });
}

async function keyGrants(kms: KMSClient, options: ReadOptions, KeyId: string): Promise<Outcome<KmsGrant[]>> {
  return read('kms:ListGrants', options, async (abortSignal) => {
    const grants = await allPages(
      paginateListGrants({ client: kms }, { KeyId }, { abortSignal }),
      (page) => page.Grants,
    );
    return grants.map((grant) => {
      const entry: KmsGrant = { GranteePrincipal: grant.GranteePrincipal ?? '', Operations: grant.Operations ?? [] };
      if (grant.GrantId) entry.GrantId = grant.GrantId;
      if (grant.Constraints) {
        entry.Constraints = {};
        if (grant.Constraints.EncryptionContextSubset)
          entry.Constraints.EncryptionContextSubset = grant.Constraints.EncryptionContextSubset;
        if (grant.Constraints.EncryptionContextEquals)
          entry.Constraints.EncryptionContextEquals = grant.Constraints.EncryptionContextEquals;
      }
      return entry;
    });
  });
}
