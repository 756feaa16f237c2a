import fc from 'fast-check';
import { compileCondition, operatorNames } from '../../../lambda/engine/conditions';
import { normalizeContext } from '../../../lambda/engine/context';
import { PolicyError } from '../../../lambda/engine/errors';

const KEY = 'test:Key';

/** Values that reach every family's parsing branches, plus arbitrary text. */
const interestingValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('true', 'false', 'True', '', '*', '?', '${aws:username}', '${*}', "${x, 'd'}"),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map(String),
  fc.constantFrom('2026-01-01', '2026-01-01T00:00:00Z', '2026-02-30', '1767225600', '2026-01-01T01:00:00+01:00'),
  fc.constantFrom(
    '10.0.0.1',
    '10.0.0.0/8',
    '10.0.0.1/33',
    '2001:db8::1',
    '2001:db8::/32',
    '::',
    '::ffff:10.0.0.1',
    '1.2.3',
  ),
  fc.constantFrom('arn:aws:s3:::b/*', 'arn:aws:iam::1:role/x', 'arn:*:*:*:*:*', 'arn:aws:s3:::b/k', 'arn:aws'),
  fc.constantFrom('YWJj', 'YWJjZA==', 'YWJjZA', '!!'),
);
const policyValues = fc.oneof(interestingValue, fc.array(interestingValue, { maxLength: 4 }));
const contextValue = fc.oneof(interestingValue, fc.constant('ana'));

/** Positive operators and their negated forms (same matcher, NOR of the values). */
const NEGATIONS: [string, string][] = [
  ['StringEquals', 'StringNotEquals'],
  ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
  ['StringLike', 'StringNotLike'],
  ['NumericEquals', 'NumericNotEquals'],
  ['DateEquals', 'DateNotEquals'],
  ['IpAddress', 'NotIpAddress'],
  ['ArnEquals', 'ArnNotEquals'],
  ['ArnLike', 'ArnNotLike'],
];

const VALUE_OPERATORS = operatorNames().filter((name) => name !== 'Null');

describe('condition properties (fast-check)', () => {
  it('compiling and testing never throw, except PolicyError, on arbitrary blocks', () => {
    const operatorName = fc.oneof(
      fc.constantFrom(...operatorNames()),
      fc.constantFrom(...operatorNames()).map((name) => `${name}IfExists`),
      fc.constantFrom(...operatorNames()).map((name) => `ForAnyValue:${name}`),
      fc.constantFrom(...operatorNames()).map((name) => `ForAllValues:${name}`),
      fc.string({ maxLength: 10 }),
    );
    const block = fc.oneof(
      fc.dictionary(operatorName, fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(policyValues, fc.anything()))),
      fc.anything(),
    );
    const context = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(contextValue, fc.array(contextValue, { maxLength: 3 })),
    );
    fc.assert(
      fc.property(block, context, (raw, ctx) => {
        // Given any block and any context
        let compiled;
        try {
          compiled = compileCondition(raw);
        } catch (error) {
          // Then the only error is a PolicyError
          expect(error).toBeInstanceOf(PolicyError);
          return;
        }
        // When it compiles, Then testing returns a boolean, or undefined (undecided), and never throws
        expect(['boolean', 'undefined']).toContain(typeof compiled.test(normalizeContext(ctx)));
      }),
      { numRuns: 1500 },
    );
  });

  it.each(NEGATIONS)('%s and %s are each other negation on a present single-valued key', (positive, negated) => {
    fc.assert(
      fc.property(policyValues, contextValue, fc.option(contextValue), (values, value, username) => {
        // Given a present, single-valued key (and maybe a value for a policy variable)
        const ctx = normalizeContext(username === null ? { [KEY]: value } : { [KEY]: value, 'aws:username': username });
        // When both operators test it
        const yes = compileCondition({ [positive]: { [KEY]: values } }).test(ctx);
        const no = compileCondition({ [negated]: { [KEY]: values } }).test(ctx);
        // Then exactly one holds; or the negated one is undecided (an unreadable value, a variable
        // without value: docs/engine.md, "Fail-open review"), and then the positive one does not hold
        if (no === undefined) expect(yes).not.toBe(true);
        else expect(no).toBe(!yes);
        if (yes === undefined) expect(no).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it.each(VALUE_OPERATORS)('%sIfExists equals %s on a present key', (operator) => {
    fc.assert(
      fc.property(
        policyValues,
        fc.oneof(contextValue, fc.array(contextValue, { minLength: 1, maxLength: 3 })),
        (values, value) => {
          // Given a present key
          const ctx = normalizeContext({ [KEY]: value });
          // When the operator and its IfExists form test it, Then they agree
          expect(compileCondition({ [`${operator}IfExists`]: { [KEY]: values } }).test(ctx)).toBe(
            compileCondition({ [operator]: { [KEY]: values } }).test(ctx),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it.each(VALUE_OPERATORS)(
    'ForAnyValue:%s and ForAllValues:%s equal the plain operator on one request value',
    (operator) => {
      fc.assert(
        fc.property(policyValues, contextValue, (values, value) => {
          // Given a key with exactly one value, a set of one: "any" and "all" coincide
          const ctx = normalizeContext({ [KEY]: [value] });
          const plain = compileCondition({ [operator]: { [KEY]: values } }).test(ctx);
          expect(compileCondition({ [`ForAnyValue:${operator}`]: { [KEY]: values } }).test(ctx)).toBe(plain);
          expect(compileCondition({ [`ForAllValues:${operator}`]: { [KEY]: values } }).test(ctx)).toBe(plain);
        }),
        { numRuns: 200 },
      );
    },
  );

  it('context key names never change a result by their case', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALUE_OPERATORS), policyValues, contextValue, (operator, values, value) => {
        // Given the same key written in two cases in the policy and in the context
        const upper = normalizeContext({ [KEY.toUpperCase()]: value });
        // Then the answer does not depend on the case
        expect(compileCondition({ [operator]: { [KEY.toLowerCase()]: values } }).test(upper)).toBe(
          compileCondition({ [operator]: { [KEY]: values } }).test(normalizeContext({ [KEY]: value })),
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('ArnLike against a component-wise reference (fast-check)', () => {
  /**
   * The documented rule, written independently: six components, each matched on its own; a
   * request value without six components cannot be compared (undefined: docs/engine.md, "Fail-open review").
   */
  function referenceArnLike(pattern: string, value: string): boolean | undefined {
    const split = (text: string): string[] | undefined => {
      const parts = text.split(':');
      return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
    };
    const p = split(pattern);
    const v = split(value);
    if (!v) return undefined;
    if (!p) return false;
    return p.every((component, i) => {
      const body = [...component]
        .map((char) => (char === '*' ? '[\\s\\S]*' : char === '?' ? '[\\s\\S]' : char))
        .join('');
      return new RegExp(`^${body}$`).test(v[i]);
    });
  }

  it('agrees on patterns with few and many wildcards', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', ':', ':', '*', '?'), { maxLength: 16 }).map((c) => c.join(''));
    const value = fc.array(fc.constantFrom('a', 'b', ':', ':'), { maxLength: 14 }).map((c) => c.join(''));
    fc.assert(
      fc.property(pattern, value, (p, v) => {
        // Given an ARN pattern and a value, Then ArnLike answers as the reference does
        const ctx = normalizeContext({ k: v });
        expect(compileCondition({ ArnLike: { k: p } }).test(ctx)).toBe(referenceArnLike(p, v));
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees on every value matched against one compiled pattern, before and after it gets its regular expression', () => {
    // A pattern is matched component by component for its first 16 values, then by a regular
    // expression (match/arn.ts): both must answer as the reference does. Values are the pattern
    // with its wildcards filled in (colons included), so that many nearly match.
    const pattern = fc.array(fc.constantFrom('a', 'b', ':', ':', '*', '?'), { maxLength: 16 }).map((c) => c.join(''));
    const fill = fc.array(fc.constantFrom('a', 'b', ':'), { maxLength: 3 }).map((c) => c.join(''));
    const fills = fc.array(fc.array(fill, { minLength: 16, maxLength: 16 }), { minLength: 48, maxLength: 48 });
    fc.assert(
      fc.property(pattern, fills, (p, fillings) => {
        // Given one compiled ArnLike condition, When 48 request values are matched against it
        const condition = compileCondition({ ArnLike: { k: p } });
        for (const filling of fillings) {
          let n = 0;
          const v = p.replace(/[*?]/g, (w) => (w === '?' ? (filling[n++] || 'a').slice(0, 1) : filling[n++]));
          // Then each answer is the reference's
          expect(condition.test(normalizeContext({ k: v }))).toBe(referenceArnLike(p, v));
        }
      }),
      { numRuns: 400 },
    );
  });
});
