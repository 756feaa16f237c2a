/**
 * What one Lambda instance (one CLI process) remembers across invocations, each entry for a
 * bounded time: the organization's structure and policies, bucket owners. A burst of failures
 * then reads them once, not once per failure (docs/lambda.md, "Organization mode").
 *
 * Promises are kept, so that concurrent readers of one key share one call. An answer that
 * `keep` rejects (a refused or throttled read) is forgotten as soon as it settles: the next
 * reader asks again. At most `limit` keys are kept; when full, the cache starts over
 * (lambda/memo.ts, ExpiringMemo), which costs only re-reading.
 */
import { ExpiringMemo } from '../../memo';

export class InstanceCache<V> {
  readonly #entries: ExpiringMemo<string, Promise<V>>;

  /**
   * @param ttlMs how long an answer is kept.
   * @param limit the most keys kept.
   */
  public constructor(
    public readonly ttlMs: number,
    public readonly limit = 10_000,
  ) {
    this.#entries = new ExpiringMemo(limit, ttlMs);
    caches.add(this as InstanceCache<unknown>);
  }

  /** The kept answer of `key`, else `compute()`, kept for `ttlMs` if `keep` accepts it. */
  public get(key: string, compute: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const found = this.#entries.peek(key);
    if (found) return found.value;
    const value = compute();
    this.#entries.set(key, value);
    const forget = () => {
      if (this.#entries.peek(key)?.value === value) this.#entries.delete(key);
    };
    void value.then((settled) => {
      if (!keep(settled)) forget();
    }, forget);
    return value;
  }

  /** The kept answer of `key`, if any (nothing is read). */
  public peek(key: string): Promise<V> | undefined {
    return this.#entries.peek(key)?.value;
  }

  /** Keeps `value` as the answer of `key` from now on. */
  public set(key: string, value: V): void {
    this.#entries.set(key, Promise.resolve(value));
  }

  public clear(): void {
    this.#entries.clear();
  }
}

const caches = new Set<InstanceCache<unknown>>();

/** Forgets everything every instance cache holds (tests). */
export function resetInstanceCaches(): void {
  for (const cache of caches) cache.clear();
}
