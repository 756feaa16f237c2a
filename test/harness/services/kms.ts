/**
 * KMS on JSON 1.1 (`TrentService.*`). A key is found by ARN, id, alias name or alias ARN in
 * any account (DescribeKey and ListGrants work across accounts); its key policy only in its own
 * account (https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html). Lists
 * page with `Marker` / `NextMarker` / `Truncated`.
 */
import type { KmsKeySnapshot } from '../../../lambda/evidence/snapshot/types';
import { AwsFault } from '../wire';
import {
  dispatch,
  documentText,
  jsonOperation,
  notInSnapshot,
  onePage,
  type ServiceDefinition,
  type ServiceRequest,
} from './types';

interface FoundKey {
  arn: string;
  account: string;
  key: KmsKeySnapshot;
}

function keyOf(request: ServiceRequest): FoundKey {
  const ref = String(request.params.KeyId ?? '');
  const { snapshot } = request.world;
  const held = Object.entries(snapshot.accounts).flatMap(([account, holder]) =>
    Object.entries(holder.kms?.keys ?? {}).map(([name, key]) => ({
      account,
      arn: name.startsWith('arn:') ? name : `arn:aws:kms:${snapshot.region}:${account}:key/${name}`,
      key,
    })),
  );
  const found = held.find(
    ({ arn, key }) =>
      ref === arn ||
      ref === arn.split('/')[1] ||
      (key?.aliases ?? []).some((alias) => ref === alias || ref.endsWith(`:${alias}`)),
  );
  if (!found) {
    if (!request.world.snapshot.accounts[request.account]?.kms?.keys)
      throw notInSnapshot(`key ${ref}`, 'AccessDeniedException', 400);
    throw new AwsFault('NotFoundException', `Key '${ref}' does not exist`);
  }
  if (found.key === null) throw new AwsFault('NotFoundException', `Key '${ref}' does not exist`);
  return { arn: found.arn, account: found.account, key: found.key };
}

const HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  DescribeKey: (request) => {
    const { arn, account, key } = keyOf(request);
    if (!key.KeyManager || !key.KeyState) throw notInSnapshot(`metadata of ${arn}`, 'AccessDeniedException', 400);
    return {
      KeyMetadata: {
        AWSAccountId: account,
        Arn: arn,
        KeyId: arn.split('/')[1],
        KeyManager: key.KeyManager,
        KeyState: key.KeyState,
        Enabled: key.KeyState === 'Enabled',
        CreationDate: new Date(0),
      },
    };
  },
  GetKeyPolicy: (request) => {
    const { arn, account, key } = keyOf(request);
    if (account !== request.account)
      throw new AwsFault('AccessDeniedException', `kms:GetKeyPolicy is not cross-account: ${arn}`, 400);
    if (!('policy' in key)) throw notInSnapshot(`policy of ${arn}`, 'AccessDeniedException', 400);
    return key.policy === null ? {} : { Policy: documentText(key.policy), PolicyName: 'default' };
  },
  ListGrants: (request) => {
    const { arn, key } = keyOf(request);
    if (!key.grants) throw notInSnapshot(`grants of ${arn}`, 'AccessDeniedException', 400);
    const page = onePage(key.grants, request.params.Marker);
    return {
      Grants: page.items.map((grant) => ({ KeyId: arn, ...grant })),
      Truncated: page.next !== undefined,
      NextMarker: page.next,
    };
  },
  ListAliases: (request) => {
    const { arn, key } = keyOf(request);
    const page = onePage(key.aliases ?? [], request.params.Marker);
    return {
      Aliases: page.items.map((AliasName) => ({ AliasName, TargetKeyId: arn.split('/')[1] })),
      Truncated: page.next !== undefined,
      NextMarker: page.next,
    };
  },
};

export const KMS: ServiceDefinition = {
  protocol: 'json1.1',
  operation: jsonOperation,
  answer: (operation, request) => dispatch(HANDLERS, operation, request),
};
