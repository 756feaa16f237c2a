/**
 * Findings and checks over listed objects, merged per location (docs/formats/report.md,
 * "Findings over listed objects"): the object checks of one input prefix that end alike are
 * one entry, with `objects: {count, examples}`. A report then grows with the job's locations and
 * layers, not with its listing, and a patch grants the prefix's pattern, never one ARN per object.
 *
 * Each object's verdict is folded into its entry as soon as it is judged and then dropped: an
 * entry keeps its first item, its count, its first keys and (for findings) each object's check,
 * so that a listing of 100,000 objects holds no 100,000 verdicts, findings or explanations.
 */
import type { Check, ListedObject } from '../checks';
import type { Evaluation } from '../../engine/types';
import type { Verdict } from '../judge';
import type { CheckResult, ListedObjects } from '../report';

/** How many keys `objects.examples` names. */
const OBJECT_EXAMPLES = 10;

interface Group<T> {
  kind: 'group';
  first: T;
  listing: ListedObject;
  count: number;
  examples: string[];
  /** Every object's check, in the order they came (kept only where `keepChecks`). */
  checks: Check[];
}

interface Single<T> {
  kind: 'single';
  item: T;
}

export type Merged<T> = Single<T> | Group<T>;

/**
 * Items merged by an id (those without a listing stay as they are), in the order of each
 * group's first item; a map, so the work is linear in the number of items.
 */
export class ListedMerger<T> {
  readonly #entries: Merged<T>[] = [];
  readonly #groups = new Map<string, Group<T>>();

  /** @param keepChecks whether each group keeps every object's check (a patch is checked against each). */
  public constructor(private readonly keepChecks: boolean) {}

  public single(item: T): void {
    this.#entries.push({ kind: 'single', item });
  }

  /** One object's item: `first()` is asked only for the first object of its group. */
  public listed(id: string, check: Check & { listing: ListedObject }, first: () => T): void {
    let group = this.#groups.get(id);
    if (!group) {
      group = { kind: 'group', first: first(), listing: check.listing, count: 0, examples: [], checks: [] };
      this.#groups.set(id, group);
      this.#entries.push(group);
    }
    group.count++;
    if (group.examples.length < OBJECT_EXAMPLES) group.examples.push(check.listing.key);
    if (this.keepChecks) group.checks.push(check);
  }

  public get entries(): readonly Merged<T>[] {
    return this.#entries;
  }
}

export const objectsOf = (group: Group<unknown>): ListedObjects => ({
  count: group.count,
  examples: [...group.examples],
});

/** The check as the merged entry stands for it: on the prefix's pattern, at the prefix. */
export const onPattern = (check: Check, listing: ListedObject): Check => ({
  ...check,
  resource: listing.pattern,
  location: listing.location,
});

/**
 * Whether a listed object's check stands where `known`'s does (the same location, purpose,
 * action, principal, role and target kind): then the same evaluation of both (engine/evaluate.ts,
 * ResourceBatch) ends them in the same findings and results, which need not be worked out again.
 */
export const sameListedRequest = (known: Check, check: Check & { listing: ListedObject }): boolean =>
  known.listing?.location === check.listing.location &&
  known.purpose === check.purpose &&
  known.action === check.action &&
  known.principal === check.principal &&
  known.role.arn === check.role.arn &&
  known.target.kind === check.target.kind;

/** The check of a listed object, with its listing. */
export const listedCheck = (check: Check): (Check & { listing: ListedObject }) | undefined =>
  check.listing ? (check as Check & { listing: ListedObject }) : undefined;

/**
 * The results of the checks, those of one location's object checks that share purpose,
 * principal, action and verdict merged, as findings are merged: the object's ARN when there is
 * one, else the pattern.
 */
export class ListedChecks {
  readonly #merger = new ListedMerger<Verdict>(false);

  public constructor(private readonly resultOf: (verdict: Verdict) => CheckResult) {}

  /** The merge id of a listed object's result, by its evaluation (as FindingCollector keeps them). */
  readonly #idOf = new WeakMap<Evaluation, { check: Check; decision: string; id: string }>();

  public add(verdict: Verdict): void {
    const check = listedCheck(verdict.check);
    if (!check) return this.#merger.single(verdict);
    const known = this.#idOf.get(verdict.evaluation);
    if (known && known.decision === verdict.decision && sameListedRequest(known.check, check))
      return this.#merger.listed(known.id, check, () => verdict);
    const id = JSON.stringify([
      check.listing.location,
      check.purpose,
      check.principal ?? null,
      check.action,
      verdict.decision,
      verdict.blockedBy,
    ]);
    this.#idOf.set(verdict.evaluation, { check, decision: verdict.decision, id });
    this.#merger.listed(id, check, () => verdict);
  }

  public results(): CheckResult[] {
    return this.#merger.entries.map((entry) => {
      if (entry.kind === 'single') return this.resultOf(entry.item);
      const { first, listing } = entry;
      const result = this.resultOf(entry.count === 1 ? first : { ...first, check: onPattern(first.check, listing) });
      return { ...result, objects: objectsOf(entry) };
    });
  }
}
