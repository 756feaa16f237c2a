/**
 * Preflight on live AWS: the evidence read with the caller's credentials (read-only calls), the
 * caller being the current identity (`sts:GetCallerIdentity`) unless `--caller` names another,
 * and a pipeline's definition and role read with `DescribePipeline`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribePipeline.html
 */
import { DescribePipelineCommand } from '@aws-sdk/client-sagemaker';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { InputError } from '../errors';
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
    async describePipeline(name: string) {
      try {
        const answer = await client('sagemaker', region, identity).send(
          new DescribePipelineCommand({ PipelineName: name }),
        );
        return { ...answer } as Record<string, unknown>;
      } catch (error) {
        throw new InputError(
          `--pipeline-name ${name}: DescribePipeline failed (${(error as Error).name}: ${(error as Error).message})`,
        );
      }
    },
    finish() {
      if (options.record !== undefined)
        writeAtomically(options.record, `${JSON.stringify(live.snapshot(), null, 2)}\n`);
    },
  };
}

/** The ARN of the credentials' identity: a role session, a user. */
async function currentIdentity(region: string, identity: ReturnType<typeof profileIdentity>): Promise<string> {
  const answer = await client('sts', region, identity).send(new GetCallerIdentityCommand({}));
  if (!answer.Arn) throw new Error('sts:GetCallerIdentity returned no Arn');
  return answer.Arn;
}
