import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { normalizeContext } from '../../../lambda/engine/context';
import { compileGlob } from '../../../lambda/engine/match/glob';
import { compilePattern, parseTemplate } from '../../../lambda/engine/variables';
import type { RequestContext } from '../../../lambda/engine/types';

interface PatternCase {
  rule: string;
  doc: string;
  pattern: string;
  context: RequestContext;
  text: string;
  /** null: the pattern resolves to nothing (a variable without value). */
  expected: boolean | null;
  ignoreCase: boolean;
}

const { cases } = JSON.parse(readFileSync(join(__dirname, '../../fixtures/engine/match/variables.json'), 'utf8')) as {
  cases: PatternCase[];
};

describe('compilePattern (policy variables in Resource patterns)', () => {
  it.each(cases)('$rule ($doc)', ({ pattern, context, text, expected, ignoreCase }) => {
    // Given a pattern with variables and a request context
    const template = compilePattern(pattern, { ignoreCase });
    // When it is resolved
    const glob = template.resolve(normalizeContext(context));
    // Then it matches as the rule says, or resolves to nothing
    if (expected === null) expect(glob).toBeNull();
    else expect(glob?.matches(text)).toBe(expected);
  });

  it('tells patterns with variables from fixed ones', () => {
    // Given a fixed pattern and one with a variable, Then only the second depends on the context
    expect(compilePattern('arn:aws:s3:::b/*').hasVariables).toBe(false);
    expect(compilePattern('arn:aws:s3:::b/${*}').hasVariables).toBe(false);
    expect(compilePattern('arn:aws:s3:::b/${aws:username}').hasVariables).toBe(true);
  });

  it('resolves the same substitution to the same compiled glob (built once)', () => {
    // Given a pattern with a variable, When resolved twice for the same user, Then the glob is reused
    const template = compilePattern('arn:aws:s3:::b/${aws:username}/*');
    const first = template.resolve(normalizeContext({ 'aws:username': 'ana' }));
    expect(template.resolve(normalizeContext({ 'aws:username': 'ana' }))).toBe(first);
    expect(template.resolve(normalizeContext({ 'aws:username': 'bob' }))).not.toBe(first);
  });

  it('gives resolved globs that support containment with request resources', () => {
    // Given a resolved pattern, Then it covers a request prefix under the user's home
    const glob = compilePattern('arn:aws:s3:::b/home/${aws:username}/*').resolve(
      normalizeContext({ 'aws:username': 'ana' }),
    );
    expect(glob?.covers(compileGlob('arn:aws:s3:::b/home/ana/train/*'))).toBe(true);
    expect(glob?.covers(compileGlob('arn:aws:s3:::b/home/*'))).toBe(false);
  });
});

describe('parseTemplate', () => {
  it('splits text, special characters and variables', () => {
    // Given a text with every kind of part, When parsed, Then each part is recognised
    expect(parseTemplate("a*${*}${aws:UserName}${x, 'd'}")).toEqual([
      { kind: 'text', text: 'a*' },
      { kind: 'literal', text: '*' },
      { kind: 'variable', key: 'aws:username', fallback: undefined },
      { kind: 'variable', key: 'x', fallback: 'd' },
    ]);
  });

  it('never throws and a text without variables matches itself as a glob would', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (pattern, text) => {
        // Given any text, When compiled as a pattern, Then it resolves or not without throwing
        const resolved = compilePattern(pattern).resolve(normalizeContext({ 'aws:username': 'ana' }));
        if (!pattern.includes('${')) expect(resolved?.matches(text)).toBe(compileGlob(pattern).matches(text));
      }),
      { numRuns: 1000 },
    );
  });
});
