import { printable, printableJson } from '../../lambda/printable';

describe('text a person reads', () => {
  it.each([
    ['a CSI that clears the screen', 'Allow\u001b[2JData', 'AllowData'],
    ['a colour', '\u001b[31mred\u001b[0m', 'red'],
    ['an OSC hyperlink', '\u001b]8;;https://example.com\u0007click\u001b]8;;\u0007', 'click'],
    ['a C1 CSI (U+009B)', 'a\u009b2Jb', 'ab'],
    ['a lone ESC', 'a\u001bb', 'ab'],
    ['NUL, BEL, DEL', 'a\u0000b\u0007c\u007fd', 'abcd'],
    ['CR LF, CR, NEL and the Unicode separators', 'a\r\nb\rc\u0085d\u2028e\u2029f', 'a\nb\nc\nd\ne\nf'],
    ['a lone surrogate', 'a\ud800b', 'a\ufffdb'],
  ])('holds no %s', (_case, text, expected) => {
    expect(printable(text)).toBe(expected);
  });

  it('keeps line breaks, tabs and every other character', () => {
    const text = 'line 1\n\tline 2 — é 😀 *bold* `code`';
    expect(printable(text)).toBe(text);
  });

  it('cleans every string of a JSON value, keys too, but what `keep` names', () => {
    const value = {
      explanation: 'statement \u001b[2JSid',
      list: ['\u0007a', { 'k\u001b[1m': 'v' }],
      document: { Sid: 'x\u001b[2J' },
      count: 3,
    };
    expect(printableJson(value, (key) => key === 'document')).toEqual({
      explanation: 'statement Sid',
      list: ['a', { k: 'v' }],
      document: { Sid: 'x\u001b[2J' },
      count: 3,
    });
  });
});
