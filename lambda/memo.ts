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

  /** How many keys are kept now. */
  public get size(): number {
    return this.#values.size;
  }

  /** Forgets every key (tests, or a change the values depend on). */
  public clear(): void {
    this.#values.clear();
  }
}
