/**
 * One bounded memo for the caches of the project (parsed operators, compiled globs, callers,
 * lower-cased keys, ...): a value computed once per key, and at most `limit` keys kept, so a long
 * run over arbitrary input cannot grow memory forever.
 *
 * When full it starts over (forgets every key) rather than evicting the least recently used
 * one: a hit then costs one `Map` read, half what the recency bookkeeping of `lru-cache` costs
 * (measured: 23 ns against 54 ns a hit), and the engine reads these caches once per statement and
 * request. Values used once die young, which the garbage collector handles best (docs/engine.md,
 * "Speed"). No import: the engine (lambda/engine) uses it.
 */
export class BoundedMemo<K, V> {
  readonly #values = new Map<K, V>();

  /** @param limit the most keys kept. */
  public constructor(public readonly limit: number) {}

  /**
   * The value of `key`: `compute(key)` on the first read, kept until the memo starts over. A
   * module-level function as `compute` costs no allocation per read.
   */
  public get(key: K, compute: (key: K) => V): V {
    let value = this.#values.get(key);
    if (value === undefined && !this.#values.has(key)) {
      value = compute(key);
      if (this.#values.size >= this.limit) this.#values.clear();
      this.#values.set(key, value);
    }
    return value as V;
  }

  /** The value kept for `key`, if any (nothing is computed). */
  public peek(key: K): V | undefined {
    return this.#values.get(key);
  }

  /** Keeps `value` as the value of `key` (starting over first when full). */
  public set(key: K, value: V): void {
    if (this.#values.size >= this.limit && !this.#values.has(key)) this.#values.clear();
    this.#values.set(key, value);
  }

  /** Forgets `key` (a value that turned out not to be worth keeping: a failed call's). */
  public delete(key: K): void {
    this.#values.delete(key);
  }

  /** How many keys are kept now. */
  public get size(): number {
    return this.#values.size;
  }

  /** Forgets every key (tests, or a change the values depend on). */
  public clear(): void {
    this.#values.clear();
  }
}

/**
 * A bounded memo whose values also expire: each is kept `ttlMs` from when it was computed or set
 * (credentials that expire, answers that may change). Separate from BoundedMemo so that the
 * engine's memos pay no clock read on a hit.
 */
export class ExpiringMemo<K, V> {
  readonly #entries: BoundedMemo<K, { until: number; value: V }>;

  /**
   * @param limit the most keys kept.
   * @param ttlMs how long a value is kept.
   * @param now the clock, in milliseconds (tests give their own).
   */
  public constructor(
    limit: number,
    public readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.#entries = new BoundedMemo(limit);
  }

  /** The value of `key`: kept and not expired, else `compute(key)`, kept for `ttlMs`. */
  public get(key: K, compute: (key: K) => V): V {
    const found = this.peek(key);
    if (found !== undefined) return found.value;
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  /** The entry of `key` while it has not expired (nothing is computed). */
  public peek(key: K): { value: V } | undefined {
    const found = this.#entries.peek(key);
    return found !== undefined && found.until > this.now() ? found : undefined;
  }

  /** Keeps `value` as the value of `key` for `ttlMs` from now. */
  public set(key: K, value: V): void {
    this.#entries.set(key, { until: this.now() + this.ttlMs, value });
  }

  /** Forgets `key`. */
  public delete(key: K): void {
    this.#entries.delete(key);
  }

  /** How many keys are kept now (expired ones included until they are read or the memo starts over). */
  public get size(): number {
    return this.#entries.size;
  }

  public clear(): void {
    this.#entries.clear();
  }
}
