/**
 * The identity of the job to diagnose, picked in one place. The event's claim was validated
 * once, at the edge (`parseFailureEvent`); here the evidence's description of the job, which
 * SageMaker wrote, has the last word on its own name and ARN (SageMaker may write a name in
 * lower case in the ARN of a pipeline step's job), and the ARN gives the account and region.
 * A job given by name gets its ARN built in the evidence's partition and region.
 */
import type { Evidence } from '../../evidence/evidence';
import { jobKind, type JobKind } from '../../job-kinds';
import { parseSageMakerArn } from '../../arn';
import { sageMakerArn } from './kinds';
import type { LocatedJob } from './locate';
import { stringAt } from '../../json';

export interface JobIdentity {
  kind: JobKind;
  name: string;
  arn: string;
  account: string;
  region: string;
}

export function pickJobIdentity(located: LocatedJob, evidence: Evidence, namedAs?: string): JobIdentity {
  const { kind, description, event } = located;
  const fields = jobKind(kind);
  const name = stringAt(description, fields.nameField) ?? event?.name ?? namedAs ?? '';
  const region = event?.region ?? evidence.region;
  const arn =
    stringAt(description, fields.arnField) ??
    event?.arn ??
    sageMakerArn(evidence.partition, region, located.account, kind, name);
  const parsed = parseSageMakerArn(arn);
  return { kind, name, arn, account: parsed?.account ?? located.account, region: parsed?.region || region };
}
