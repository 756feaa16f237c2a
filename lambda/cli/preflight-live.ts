/**
 * Preflight on live AWS: the evidence read with the caller's credentials (read-only calls), the
 * caller being the current identity (`sts:GetCallerIdentity`) unless `--caller` names another,
 * and a pipeline's definition and role read with `DescribePipeline`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipeline.html
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { EvidenceUnavailableError, InputError } from '../errors';
import { client, profileIdentity } from '../evidence/live/clients';
import { createLiveEvidence } from '../evidence/live/live-evidence';
import { writeAtomically } from './diagnose-live';
import type { PreflightSource } from './preflight';

export async function liveSource(options: {
  region?: string;
  profile?: string;
  record?: string;
  caller?: string;
}): Promise<PreflightSource> {
  const live = await createLiveEvidence({ region: options.region, profile: options.profile });
  const { region } = live.evidence;
  const identity = profileIdentity(options.profile);
  const caller = options.caller ?? (await currentIdentity(region, identity));
  return {
    evidence: live.evidence,
    region,
    account: () => live.account,
    caller,
    // Through the live evidence: --record keeps the answer (sagemaker.pipelines), and a refused
    // call is AWS that could not be asked (exit 1), not a pipeline that does not exist (exit 2).
    async describePipeline(name: string) {
      const answer = await live.evidence.describePipeline(live.account, name);
      if (!answer.known) throw new EvidenceUnavailableError(`--pipeline-name ${name}: ${answer.why}`);
      if (answer.value === null)
        throw new InputError(
          `--pipeline-name ${name}: no pipeline of that name in account ${live.account} (${region}): check the name and --region`,
        );
      return answer.value;
    },
    finish() {
      if (options.record !== undefined)
        writeAtomically(options.record, `${JSON.stringify(live.snapshot(), null, 2)}\n`);
    },
  };
}

/** The ARN of the credentials' identity: a role session, a user. */
async function currentIdentity(region: string, identity: ReturnType<typeof profileIdentity>): Promise<string> {
  let arn: string | undefined;
  try {
    arn = (await client('sts', region, identity).send(new GetCallerIdentityCommand({}))).Arn;
  } catch (error) {
    // AWS could not be asked who calls: exit 1 naming the call (docs/preflight.md).
    throw new EvidenceUnavailableError(
      `cannot tell who the caller is: sts:GetCallerIdentity failed (${(error as Error).name}: ${(error as Error).message}); give --caller ARN`,
      { cause: error },
    );
  }
  if (!arn) throw new EvidenceUnavailableError('cannot tell who the caller is: sts:GetCallerIdentity gave no Arn');
  return arn;
}
