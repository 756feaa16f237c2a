import { BoundedMemo, ExpiringMemo } from '../../lambda/memo';

describe('BoundedMemo', () => {
  it('computes a key once and answers it from memory after', () => {
    const memo = new BoundedMemo<string, string>(8);
    const compute = jest.fn((key: string) => key.toLowerCase());
    expect(memo.get('Aws:SourceIp', compute)).toBe('aws:sourceip');
    expect(memo.get('Aws:SourceIp', compute)).toBe('aws:sourceip');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('keeps a computed null or undefined as a value', () => {
    const memo = new BoundedMemo<string, string | null | undefined>(8);
    const compute = jest.fn((key: string) => (key === 'none' ? null : undefined));
    memo.get('none', compute);
    memo.get('none', compute);
    memo.get('nothing', compute);
    memo.get('nothing', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('never holds more than its limit: full, it starts over', () => {
    const memo = new BoundedMemo<number, number>(3);
    const compute = jest.fn((key: number) => key * 2);
    for (const key of [1, 2, 3]) memo.get(key, compute);
    expect(memo.size).toBe(3);
    expect(memo.get(4, compute)).toBe(8);
    expect(memo.size).toBe(1);
    memo.get(1, compute);
    expect(compute).toHaveBeenCalledTimes(5);
  });

  it('does not keep a key whose computation threw', () => {
    const memo = new BoundedMemo<string, number>(3);
    const failing = (): number => {
      throw new Error('unknown operator');
    };
    expect(() => memo.get('StringEqualz', failing)).toThrow('unknown operator');
    expect(memo.size).toBe(0);
    expect(memo.get('StringEqualz', () => 1)).toBe(1);
  });
});

describe('BoundedMemo peek, set and delete', () => {
  it('answers what it keeps without computing, keeps what is set, forgets what is deleted', () => {
    const memo = new BoundedMemo<string, number>(2);
    expect(memo.peek('a')).toBeUndefined();
    memo.set('a', 1);
    memo.set('a', 2);
    expect(memo.peek('a')).toBe(2);
    memo.set('b', 3);
    expect(memo.size).toBe(2);
    // Full: a new key starts it over
    memo.set('c', 4);
    expect([memo.peek('a'), memo.peek('b'), memo.peek('c')]).toEqual([undefined, undefined, 4]);
    memo.delete('c');
    expect(memo.peek('c')).toBeUndefined();
    expect(memo.get('c', () => 5)).toBe(5);
  });
});

describe('ExpiringMemo', () => {
  it('keeps a value for its time to live from when it was computed, then computes it again', () => {
    let now = 1_000;
    const memo = new ExpiringMemo<string, number>(8, 100, () => now);
    const compute = jest.fn((key: string) => key.length + now);
    expect(memo.get('key', compute)).toBe(1_003);
    now = 1_099;
    expect(memo.get('key', compute)).toBe(1_003);
    expect(memo.peek('key')?.value).toBe(1_003);
    now = 1_100;
    expect(memo.peek('key')).toBeUndefined();
    expect(memo.get('key', compute)).toBe(1_103);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps a set value (undefined included) for its time to live, forgets a deleted one, and is bounded', () => {
    let now = 0;
    const memo = new ExpiringMemo<number, string | undefined>(2, 10, () => now);
    memo.set(1, undefined);
    expect(memo.peek(1)).toMatchObject({ value: undefined });
    expect(memo.get(1, () => 'computed')).toBeUndefined();
    memo.delete(1);
    expect(memo.get(1, () => 'computed')).toBe('computed');
    memo.set(2, 'two');
    memo.set(3, 'three');
    expect(memo.size).toBe(1);
    now = 10;
    expect(memo.peek(3)).toBeUndefined();
    memo.clear();
    expect(memo.size).toBe(0);
  });
});
