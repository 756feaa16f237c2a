import { BoundedMemo } from '../../lambda/memo';

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
