import { normalizeContext } from '../../../lambda/engine/context';
import type { RequestContext } from '../../../lambda/engine/types';

const COND = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html';

describe('normalizeContext', () => {
  it(`reads keys without regard to case (${COND})`, () => {
    // Given a context written in one case, When read in another, Then the value is found
    const ctx = normalizeContext({ 'AWS:SourceIp': '10.0.0.1' });
    expect(ctx.get('aws:sourceip')).toEqual(['10.0.0.1']);
    expect(ctx.get('aws:SOURCEIP')).toEqual(['10.0.0.1']);
  });

  it.each([
    ['a string', 'x', ['x']],
    ['a list', ['a', 'b'], ['a', 'b']],
    ['an empty list (a null data set, still present)', [], []],
    ['a number, as its string form', 10, ['10']],
    ['a boolean, as its string form', false, ['false']],
    ['a list mixing numbers and strings', [1, 'b', true], ['1', 'b', 'true']],
  ])('reads %s', (_name, value, expected) => {
    // Given a key with such a value, When read, Then it is a list of strings
    expect(normalizeContext({ k: value } as unknown as RequestContext).get('k')).toEqual(expected);
  });

  it('treats null and objects as absent', () => {
    // Given keys holding values that are not condition values, Then they are absent
    const ctx = normalizeContext({ a: null, b: { x: 1 } } as unknown as RequestContext);
    expect(ctx.get('a')).toBeUndefined();
    expect(ctx.get('b')).toBeUndefined();
    expect(ctx.get('missing')).toBeUndefined();
  });
});
