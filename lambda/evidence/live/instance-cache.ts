/**
 * What one Lambda instance (one CLI process) remembers across invocations, each entry for a
 * bounded time: the organization's structure and policies, bucket owners. A burst of failures
 * then reads them once, not once per failure (docs/lambda.md, "Organization mode").
 *
 * Promises are kept, so that concurrent readers of one key share one call. An answer that
 * `keep` rejects (a refused or throttled read) is forgotten as soon as it settles: the next
 * reader asks again. At most `limit` keys are kept; when full, the cache starts over, as
 * lambda/memo.ts does, which costs only re-reading.
 */
export class InstanceCache<V> {
  readonly #entries = new Map<string, { until: number; value: Promise<V> }>();

  /**
   * @param ttlMs how long an answer is kept.
   * @param limit the most keys kept.
   */
  public constructor(
    public readonly ttlMs: number,
    public readonly limit = 10_000,
  ) {
    caches.add(this as InstanceCache<unknown>);
  }

  /** The kept answer of `key`, else `compute()`, kept for `ttlMs` if `keep` accepts it. */
  public get(key: string, compute: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const now = Date.now();
    const found = this.#entries.get(key);
    if (found && found.until > now) return found.value;
    const value = compute();
    if (this.#entries.size >= this.limit) this.#entries.clear();
    const entry = { until: now + this.ttlMs, value };
    this.#entries.set(key, entry);
    void value.then(
      (settled) => {
        if (!keep(settled) && this.#entries.get(key) === entry) this.#entries.delete(key);
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return value;
  }

  /** The kept answer of `key`, if any (nothing is read). */
  public peek(key: string): Promise<V> | undefined {
    const found = this.#entries.get(key);
    return found && found.until > Date.now() ? found.value : undefined;
  }

  /** Keeps `value` as the answer of `key` from now on. */
  public set(key: string, value: V): void {
    if (this.#entries.size >= this.limit) this.#entries.clear();
    this.#entries.set(key, { until: Date.now() + this.ttlMs, value: Promise.resolve(value) });
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
