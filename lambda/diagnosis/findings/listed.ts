/**
 * Findings and checks over listed objects, merged per location (docs/formats/report.md,
 * "Findings over listed objects"): the object checks of one input prefix that end alike are
 * one entry, with `objects: {count, examples}`. A report then grows with the job's locations and
 * layers, not with its listing, and a patch grants the prefix's pattern, never one ARN per object.
 */
import type { Check, ListedObject } from '../checks';
import type { Verdict } from '../judge';
import type { CheckResult, ListedObjects } from '../report';
import type { DraftFinding } from './index';

/** How many keys `objects.examples` names. */
const OBJECT_EXAMPLES = 10;

interface Group<T> {
  kind: 'group';
  first: T;
  listing: ListedObject;
  keys: string[];
  verdicts: Verdict[];
}

interface Single<T> {
  kind: 'single';
  item: T;
}

/**
 * Groups the items by `id` (those without a listing stay as they are), keeping the order of each
 * group's first item; a map, so the work is linear in the number of items.
 */
function group<T>(
  items: T[],
  listingOf: (item: T) => { listing: ListedObject; verdict: Verdict } | undefined,
  id: (item: T, listing: ListedObject) => string,
): (Single<T> | Group<T>)[] {
  const out: (Single<T> | Group<T>)[] = [];
  const groups = new Map<string, Group<T>>();
  for (const item of items) {
    const listed = listingOf(item);
    if (!listed) {
      out.push({ kind: 'single', item });
      continue;
    }
    const key = id(item, listed.listing);
    let g = groups.get(key);
    if (!g) {
      g = { kind: 'group', first: item, listing: listed.listing, keys: [], verdicts: [] };
      groups.set(key, g);
      out.push(g);
    }
    g.keys.push(listed.listing.key);
    g.verdicts.push(listed.verdict);
  }
  return out;
}

const objectsOf = (keys: string[]): ListedObjects => ({ count: keys.length, examples: keys.slice(0, OBJECT_EXAMPLES) });

/** The check as the merged entry stands for it: on the prefix's pattern, at the prefix. */
const onPattern = (check: Check, listing: ListedObject): Check => ({
  ...check,
  resource: listing.pattern,
  location: listing.location,
});

function listedVerdict(d: DraftFinding): { listing: ListedObject; verdict: Verdict } | undefined {
  const listing = d.verdict?.check.listing;
  return listing && d.verdict ? { listing, verdict: d.verdict } : undefined;
}

/**
 * Merges the findings of one location's object checks that share cause, action, principal and
 * evidence. The merged finding's resource is the object's ARN when one object is denied, else the
 * location's pattern (its explanation then says so: `rebuild` words it again for the pattern). Its
 * verdict stands on the pattern, so that its patch grants the pattern; `merged` keeps every
 * object's verdict, so that the patch is checked against each of them.
 */
export function mergeListedFindings(
  drafts: DraftFinding[],
  rebuild: (verdict: Verdict) => DraftFinding[],
): DraftFinding[] {
  const items = group(drafts, listedVerdict, (d, listing) =>
    JSON.stringify([listing.location, d.purpose, d.cause, d.layer ?? null, d.action, d.principal, d.evidence]),
  );
  return items.map((entry) => {
    if (entry.kind === 'single') return entry.item;
    const { first, listing, keys, verdicts } = entry;
    const verdict: Verdict = { ...first.verdict!, check: onPattern(first.verdict!.check, listing) };
    const merged: DraftFinding = { ...first, verdict, merged: verdicts, objects: objectsOf(keys) };
    if (keys.length === 1) return merged;
    const again = rebuild(verdict).find((d) => d.cause === first.cause && d.layer === first.layer);
    return {
      ...merged,
      resource: listing.pattern,
      location: listing.location,
      explanation: again?.explanation ?? first.explanation,
    };
  });
}

/**
 * Merges the results of one location's object checks that share purpose, principal, action and
 * verdict, as findings are merged: the object's ARN when there is one, else the pattern.
 */
export function mergeListedChecks(verdicts: Verdict[], resultOf: (verdict: Verdict) => CheckResult): CheckResult[] {
  const items = group(
    verdicts,
    (v) => (v.check.listing ? { listing: v.check.listing, verdict: v } : undefined),
    (v, listing) =>
      JSON.stringify([
        listing.location,
        v.check.purpose,
        v.check.principal ?? null,
        v.check.action,
        v.decision,
        v.blockedBy,
      ]),
  );
  return items.map((entry) => {
    if (entry.kind === 'single') return resultOf(entry.item);
    const { first, listing, keys } = entry;
    const result = resultOf(keys.length === 1 ? first : { ...first, check: onPattern(first.check, listing) });
    return { ...result, objects: objectsOf(keys) };
  });
}
