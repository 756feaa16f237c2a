import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCondition } from '../../../lambda/engine/conditions';
import { normalizeContext } from '../../../lambda/engine/context';
import type { RequestContext } from '../../../lambda/engine/types';

/** One rule of an operator family, with the AWS page that states it. */
interface ConditionCase {
  rule: string;
  doc: string;
  condition: unknown;
  context: RequestContext;
  /** `undecided`: neither true nor false (docs/engine.md, "Fail-open review"). */
  expected: boolean | 'undecided';
}

const FIXTURES = join(__dirname, '../../fixtures/engine/conditions');

const families = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { family: string; cases: ConditionCase[] });

describe.each(families)('$family', ({ cases }) => {
  it.each(cases)('$rule ($doc)', ({ condition, context, expected }) => {
    // Given a compiled condition block and a request context
    const compiled = compileCondition(condition);
    // When the condition is tested against the context
    const result = compiled.test(normalizeContext(context));
    // Then it holds exactly when the rule says so, and is undecided (undefined) where it says so
    expect(result).toBe(expected === 'undecided' ? undefined : expected);
  });
});

describe('the fixture tables', () => {
  it('cover every operator family', () => {
    // Given the fixture tables, When their families are listed, Then every family is there
    expect(families.map((family) => family.family).sort()).toEqual(
      [
        'ARN operators',
        'BinaryEquals operator',
        'Bool operator',
        'Date operators',
        'ForAnyValue / ForAllValues',
        'IP address operators',
        'Keys and operators combined',
        'Null operator',
        'Numeric operators',
        'Policy variables in condition values',
        'String operators',
        '...IfExists',
      ].sort(),
    );
  });
});
