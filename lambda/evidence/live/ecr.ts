/**
 * An ECR repository's policy. `RepositoryPolicyNotFoundException` means the repository has no
 * policy (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetRepositoryPolicy.html).
 */
import { ecrRepositoryArn } from '../../arn';
import { GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { type Known, known, type RepositoryEvidence, unknown } from '../evidence';
import { client } from './clients';
import type { LiveContext } from './context';
import { decodeDocument } from './documents';
import { read } from './read';

export async function readRepository(
  context: LiveContext,
  account: string,
  region: string,
  name: string,
): Promise<Known<RepositoryEvidence | null>> {
  const identity = await context.access.identity(account);
  if (!identity.ok) return unknown(identity.why);
  const ecr = client('ecr', region, identity.value);
  const arn = ecrRepositoryArn(context.partition, region, account, name);
  const answer = await read('ecr:GetRepositoryPolicy', context.read, (abortSignal) =>
    ecr.send(new GetRepositoryPolicyCommand({ registryId: account, repositoryName: name }), { abortSignal }),
  );
  let evidence: RepositoryEvidence | null;
  if (answer.ok) evidence = { arn, policy: known(decodeDocument(answer.value.policyText) ?? null) };
  else if (answer.code === 'RepositoryPolicyNotFoundException') evidence = { arn, policy: known(null) };
  else if (answer.code === 'RepositoryNotFoundException') evidence = null;
  else return unknown(answer.why);
  if (region === context.region) context.recorder.repository(account, name, evidence);
  return known(evidence);
}
