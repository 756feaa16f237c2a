import { compileCondition } from '../../../lambda/engine/conditions';
import { normalizeContext } from '../../../lambda/engine/context';
import { PolicyError } from '../../../lambda/engine/errors';

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

describe('compileCondition on bad blocks (contract 2.1)', () => {
  it.each([
    ['an unknown operator', { StringEqualz: { 'aws:username': 'a' } }, /unknown condition operator "StringEqualz"/],
    ['an operator in another case (IAM names are case-sensitive)', { stringEquals: { 'aws:username': 'a' } }, /"stringEquals"/],
    [`NullIfExists (IfExists is not allowed on Null, ${OPS}#Conditions_IfExists)`, { NullIfExists: { k: 'true' } }, /"NullIfExists"/],
    ['an unknown set operator', { 'ForSomeValues:StringEquals': { k: 'a' } }, /"ForSomeValues:StringEquals"/],
    ['an unknown operator after a known set operator', { 'ForAnyValue:Nope': { k: 'a' } }, /"ForAnyValue:Nope"/],
    ['a block that is a list', [{ StringEquals: { k: 'a' } }], /Condition must be an object/],
    ['a block that is a string', 'StringEquals', /Condition must be an object/],
    ['an operator whose value is not an object', { StringEquals: 'a' }, /"StringEquals" must be an object of condition keys/],
    ['a null condition value', { StringEquals: { k: null } }, /key "k".*got null/],
    ['a nested list of values', { StringEquals: { k: [['a']] } }, /got a nested list/],
    ['an object as condition value', { StringEquals: { k: { a: 1 } } }, /got object/],
  ])('rejects %s with a PolicyError naming the problem', (_name, block, message) => {
    // Given a malformed block, When it is compiled, Then a PolicyError says what is wrong
    expect(() => compileCondition(block)).toThrow(PolicyError);
    expect(() => compileCondition(block)).toThrow(message);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty object', {}],
    ['an operator without keys', { StringEquals: {} }],
  ])('treats %s as a condition that always holds', (_name, block) => {
    // Given an absent or empty block, When compiled and tested, Then it holds
    expect(compileCondition(block).test(normalizeContext({}))).toBe(true);
  });

  it('accepts an empty list of values: the positive operator never holds, the negated one always does', () => {
    // Given a key with no policy values
    const ctx = normalizeContext({ k: 'a' });
    // Then no value matches
    expect(compileCondition({ StringEquals: { k: [] } }).test(ctx)).toBe(false);
    expect(compileCondition({ StringNotEquals: { k: [] } }).test(ctx)).toBe(true);
  });
});
