import * as fc from 'fast-check';
import cases from '../fixtures/cdk/event-pattern-matcher-cases.json';
import { EventPatternError, matchesEventPattern } from './event-pattern-matcher';

describe('the EventBridge pattern matcher', () => {
  test.each(cases.matching)('$name', ({ pattern, event, matches }) => {
    // Given a pattern and an event (fixture)
    // When the event is matched against the pattern
    const result = matchesEventPattern(pattern, event);
    // Then the answer is EventBridge's
    expect(result).toBe(matches);
  });

  test.each(cases.refused)('refuses $name', ({ pattern }) => {
    // Given a pattern EventBridge would refuse, or one this matcher cannot read faithfully
    // When it is used, Then the matcher says so instead of guessing
    expect(() => matchesEventPattern(pattern, { s: 'a', source: 'a', n: 1 })).toThrow(EventPatternError);
  });

  test('a pattern built from the values of an event always matches that event', () => {
    // Given any flat event of ASCII string fields (fast-check's default alphabet)
    const events = fc.dictionary(
      fc.string({ minLength: 1 }).filter((key) => key !== '$or' && key !== '__proto__'),
      fc.string(),
      {
        minKeys: 1,
      },
    );
    fc.assert(
      fc.property(events, (event) => {
        // When each field is matched by its own value, and by itself in another casing
        const exact = Object.fromEntries(Object.entries(event).map(([key, value]) => [key, [value]]));
        const ignoringCase = Object.fromEntries(
          Object.entries(event).map(([key, value]) => [key, [{ 'equals-ignore-case': value.toUpperCase() }]]),
        );
        // Then both patterns match, and refusing one of its values does not
        const [firstKey, firstValue] = Object.entries(event)[0];
        return (
          matchesEventPattern(exact, event) &&
          matchesEventPattern(ignoringCase, event) &&
          !matchesEventPattern({ [firstKey]: [{ 'anything-but': firstValue }] }, event)
        );
      }),
    );
  });
});
