/**
 * Finds the description of the job to diagnose (README.md, CLI): the evidence's
 * (snapshot's or live) description wins; the event's detail serves when the evidence lacks the
 * job; a pipeline step's job must be in the evidence; a job given by name is looked up by kind.
 */
import { EvidenceUnavailableError, InputError } from '../../errors';
import { type Evidence, unknown } from '../../evidence/evidence';
import { JOB_KINDS, jobKind, type JobKind } from '../../job-kinds';
import type { FailureEvent } from '../events';
import { isObject, type JsonObject } from '../../json';
import type { Gap } from './role-builder';

/** A job to look up by name (`diagnose --job NAME [--job-type KIND]`). */
export interface JobReference {
  name: string;
  kind?: JobKind;
  /** The account that holds the job (a name is unique only within an account). */
  account?: string;
  /**
   * The accounts to search when `account` is absent (a snapshot's accounts, the caller's own);
   * a name found in several is ambiguous.
   */
  accounts?: readonly string[];
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
  const field = `event.detail.metadata.${jobKind(event.kind).pipelineStepKey}.arn`;
  // Refused or unanswered by AWS (denied, throttled, 5xx): the step's event has no description
  // of the job to fall back on, and a later attempt may succeed.
  if (!answer.known) {
    throw new EvidenceUnavailableError(`${field}: cannot describe the step's job ${event.arn}: ${answer.why}`);
  }
  if (answer.value === null || !isObject(answer.value.description)) {
    throw new InputError(
      `${field}: the step's job ${event.arn} is not in the snapshot: add its Describe* output to the sagemaker section of account ${event.account}`,
    );
  }
  const { kind, description } = answer.value;
  const label = jobKind(kind).label;
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
  const fields = jobKind(event.kind);
  const what = `${fields.label} '${event.name}'`;
  // A Describe that AWS refused leaves the event's detail to describe the job, with the refusal under incomplete.
  const answer = await evidence
    .describeJob(event.account, event.kind, event.name)
    .catch((error: unknown) =>
      error instanceof EvidenceUnavailableError ? unknown(error.message) : Promise.reject(error),
    );
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
  const accounts = job.account !== undefined ? [job.account] : [...new Set(job.accounts ?? [])];
  if (accounts.length === 0) {
    throw new InputError(`job '${job.name}': no account to look it up in: name the account that holds the job`);
  }
  const kinds = job.kind ? [job.kind] : [...JOB_KINDS];
  const lookups = accounts.flatMap((account) => kinds.map((kind) => ({ account, kind })));
  const settled = await Promise.allSettled(
    lookups.map(async ({ account, kind }) => ({
      account,
      kind,
      answer: await evidence.describeJob(account, kind, job.name),
    })),
  );
  const answers = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const refused = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  const other = refused.find((error) => !(error instanceof EvidenceUnavailableError));
  if (other !== undefined) throw other;
  const found = answers.flatMap(({ account, kind, answer }) =>
    answer.known && isObject(answer.value) ? [{ account, kind, description: answer.value }] : [],
  );
  const where = (account: string): string => (accounts.length > 1 ? ` in account ${account}` : '');
  if (found.length > 1) {
    const labels = found.map(({ account, kind }) => `${withArticle(jobKind(kind).label)}${where(account)}`);
    const holder = accounts.length > 1 ? 'the accounts have' : `account ${accounts[0]} has`;
    const fix = [...new Set(found.map(({ kind }) => kind))];
    throw new InputError(
      `job '${job.name}' is ambiguous: ${holder} ${andList(labels)} of that name: ${
        fix.length > 1 ? `pass --job-type ${fix.join(' or ')}` : 'name the account'
      }`,
    );
  }
  if (found.length === 0 && refused.length > 0) {
    // A Describe that AWS refused (denied, throttled, failed) is not "no job of that name".
    throw new EvidenceUnavailableError(
      `job '${job.name}': ${refused.map((error) => (error as Error).message).join('; ')}`,
    );
  }
  if (found.length === 0) {
    const unknowns = [...new Set(answers.flatMap(({ answer }) => (answer.known ? [] : [answer.why])))];
    const shown = unknowns.length > 3 ? [...unknowns.slice(0, 3), `${unknowns.length - 3} more`] : unknowns;
    const tried = kinds.map((kind) => jobKind(kind).label).join(', ');
    const detail = shown.length > 0 ? ` (could not look everywhere: ${shown.join('; ')})` : '';
    const inAccounts = `${accounts.length > 1 ? 'accounts' : 'account'} ${accounts.join(', ')}`;
    throw new InputError(
      `job '${job.name}': no ${tried} of that name in ${inAccounts}${detail}: check the name and --job-type`,
    );
  }
  const { account, kind, description } = found[0];
  const label = jobKind(kind).label;
  return {
    kind,
    description,
    account,
    origin: `the description of ${label} '${job.name}'`,
    fix: `complete its Describe* output`,
    gaps: [],
  };
}

const withArticle = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

function andList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
