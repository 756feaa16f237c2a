/**
 * Finds the description of the job to diagnose (contract.md section 1): the evidence's
 * (snapshot's or live) description wins; the event's detail serves when the evidence lacks the
 * job; a pipeline step's job must be in the evidence; a job given by name is looked up by kind.
 */
import { InputError } from '../../errors';
import { type Evidence, JOB_KINDS, type JobKind } from '../evidence';
import type { FailureEvent } from '../events';
import { JOB_KIND_FIELDS } from './kinds';
import { isObject, type JsonObject } from './read';
import type { Gap } from './role-builder';

/** A job to look up by name (`diagnose --job NAME [--job-type KIND]`). */
export interface JobReference {
  name: string;
  kind?: JobKind;
  /** The account that holds the job: required, since a name is unique only within an account. */
  account?: string;
}

export interface LocatedJob {
  kind: JobKind;
  description: JsonObject;
  account: string;
  /** For messages: where the description came from. */
  origin: string;
  /** For messages: how to supply a complete description. */
  fix: string;
  /** The event, when the job came from one (its status, failure text, ARN and region serve as fallbacks). */
  event?: FailureEvent;
  gaps: Gap[];
}

export async function locateJob(
  input: { event?: FailureEvent; job?: JobReference },
  evidence: Evidence,
): Promise<LocatedJob> {
  if (input.event?.pipelineStep) return locatePipelineStepJob(input.event, evidence);
  if (input.event) return locateEventJob(input.event, evidence);
  if (input.job) return locateNamedJob(input.job, evidence);
  throw new InputError('no job to diagnose: pass an event (--event EVENT.json) or a job name (--job NAME)');
}

async function locatePipelineStepJob(event: FailureEvent, evidence: Evidence): Promise<LocatedJob> {
  const answer = await evidence.describeJobByArn(event.arn);
  const field = `event.detail.metadata.${event.kind}Job.arn`;
  if (!answer.known) throw new InputError(`${field}: cannot describe the step's job ${event.arn}: ${answer.why}`);
  if (answer.value === null || !isObject(answer.value.description)) {
    throw new InputError(
      `${field}: the step's job ${event.arn} is not in the snapshot: add its Describe* output to the sagemaker section of account ${event.account}`,
    );
  }
  const { kind, description } = answer.value;
  const label = JOB_KIND_FIELDS[kind].label;
  return {
    kind,
    description,
    account: event.account,
    origin: `the description of ${label} ${event.arn}`,
    fix: `complete the ${label}'s Describe* output in the snapshot`,
    event,
    gaps: [],
  };
}

async function locateEventJob(event: FailureEvent, evidence: Evidence): Promise<LocatedJob> {
  const fields = JOB_KIND_FIELDS[event.kind];
  const what = `${fields.label} '${event.name}'`;
  const answer = await evidence.describeJob(event.account, event.kind, event.name);
  if (answer.known && answer.value !== null && isObject(answer.value)) {
    return {
      kind: event.kind,
      description: answer.value,
      account: event.account,
      origin: `the description of ${what}`,
      fix: `complete its Describe* output in the snapshot`,
      event,
      gaps: [],
    };
  }
  const why = answer.known ? `${what} is not in account ${event.account} of the evidence` : answer.why;
  // The event's detail mirrors Describe*, but its published schema lacks KMS key ids, VpcConfig and
  // CheckpointConfig: the diagnosis may miss those accesses.
  return {
    kind: event.kind,
    description: event.detail,
    account: event.account,
    origin: `event.detail (used because ${why})`,
    fix: `add the ${fields.label}'s Describe* output to the snapshot`,
    event,
    gaps: [
      {
        what: `description of ${what}`,
        why: `${why}; the event's detail was used instead, which may lack KMS keys, VpcConfig and CheckpointConfig`,
      },
    ],
  };
}

async function locateNamedJob(job: JobReference, evidence: Evidence): Promise<LocatedJob> {
  if (job.account === undefined) {
    throw new InputError(`job '${job.name}': no account given to look it up in: name the account that holds the job`);
  }
  const account = job.account;
  const kinds = job.kind ? [job.kind] : [...JOB_KINDS];
  const answers = await Promise.all(
    kinds.map(async (kind) => ({ kind, answer: await evidence.describeJob(account, kind, job.name) })),
  );
  const found = answers.flatMap(({ kind, answer }) =>
    answer.known && isObject(answer.value) ? [{ kind, description: answer.value }] : [],
  );
  if (found.length > 1) {
    const labels = found.map(({ kind }) => `${article(JOB_KIND_FIELDS[kind].label)} ${JOB_KIND_FIELDS[kind].label}`);
    throw new InputError(
      `job '${job.name}' is ambiguous: account ${account} has ${andList(labels)} of that name: pass --job-type ${found.map(({ kind }) => kind).join(' or ')}`,
    );
  }
  if (found.length === 0) {
    const unknowns = answers.flatMap(({ kind, answer }) =>
      answer.known ? [] : [`${JOB_KIND_FIELDS[kind].label}: ${answer.why}`],
    );
    const tried = kinds.map((kind) => JOB_KIND_FIELDS[kind].label).join(', ');
    const detail = unknowns.length > 0 ? ` (could not look up ${unknowns.join('; ')})` : '';
    throw new InputError(
      `job '${job.name}': no ${tried} of that name in account ${account}${detail}: check the name and --job-type`,
    );
  }
  const { kind, description } = found[0];
  const label = JOB_KIND_FIELDS[kind].label;
  return {
    kind,
    description,
    account,
    origin: `the description of ${label} '${job.name}'`,
    fix: `complete its Describe* output`,
    gaps: [],
  };
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

function andList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
