import { compileCondition } from '../../../lambda/engine/conditions';
import { normalizeContext } from '../../../lambda/engine/context';
import { PolicyError } from '../../../lambda/engine/errors';

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

describe('compileCondition on unknown operators (docs/engine-conditions.md: the only condition error)', () => {
  it.each([
    ['an unknown operator', { StringEqualz: { 'aws:username': 'a' } }, /unknown condition operator "StringEqualz"/],
    [
      'an operator in another case (IAM names are case-sensitive)',
      { stringEquals: { 'aws:username': 'a' } },
      /"stringEquals"/,
    ],
    [
      `NullIfExists (IfExists is not allowed on Null, ${OPS}#Conditions_IfExists)`,
      { NullIfExists: { k: 'true' } },
      /"NullIfExists"/,
    ],
    ['BinaryNotEquals (no such operator)', { BinaryNotEquals: { k: 'YQ==' } }, /"BinaryNotEquals"/],
    ['an unknown set operator', { 'ForSomeValues:StringEquals': { k: 'a' } }, /"ForSomeValues:StringEquals"/],
    ['an unknown operator after a known set operator', { 'ForAnyValue:Nope': { k: 'a' } }, /"ForAnyValue:Nope"/],
    ['an unknown operator next to known ones', { StringEquals: { k: 'a' }, Nope: { k: 'a' } }, /"Nope"/],
  ])('rejects %s with a PolicyError naming the operator', (_name, block, message) => {
    // Given a block with an unknown operator, When it is compiled, Then a PolicyError names it
    expect(() => compileCondition(block)).toThrow(PolicyError);
    expect(() => compileCondition(block)).toThrow(message);
  });
});

describe('compileCondition on malformed blocks (lenient, docs/engine-conditions.md)', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an operator without keys', { StringEquals: {} }],
    ['a block that is a list', [{ StringEquals: { k: 'no' } }]],
    ['a block that is a string', 'StringEquals'],
    ['an operator whose value is not an object of keys', { StringEquals: 'no' }],
  ])('reads %s as adding no test', (_name, block) => {
    // Given an absent, empty or malformed block, When compiled and tested, Then it holds
    expect(compileCondition(block).test(normalizeContext({ k: 'a' }))).toBe(true);
  });

  it.each([
    ['null', null],
    ['an object', { a: 1 }],
    ['a nested list', [['a']]],
    ['an empty list', []],
  ])('reads a key whose value is %s as a key without values: nothing matches it', (_name, raw) => {
    // Given a key with no readable policy value
    const ctx = normalizeContext({ k: 'a' });
    // Then the positive operator never holds and the negated one always does
    expect(compileCondition({ StringEquals: { k: raw } }).test(ctx)).toBe(false);
    expect(compileCondition({ StringNotEquals: { k: raw } }).test(ctx)).toBe(true);
  });

  it('keeps the readable values of a list and drops the others', () => {
    // Given a list mixing a value and non-values, Then the value still matches
    expect(compileCondition({ StringEquals: { k: [null, 'a', { x: 1 }] } }).test(normalizeContext({ k: 'a' }))).toBe(
      true,
    );
  });
});
