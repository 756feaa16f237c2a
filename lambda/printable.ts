/**
 * Text that a person reads, from policies, events and descriptions a job's owner wrote: any
 * character may be there. A terminal obeys escape sequences (`ESC[2J` in a policy's `Sid` clears
 * the screen, `ESC]8;;` opens a link), and a mail or chat client shows control characters as
 * boxes or drops the message. So every text the tool prints or sends goes through `printable`:
 * escape sequences (CSI, OSC, and the other ANSI forms; https://en.wikipedia.org/wiki/ANSI_escape_code)
 * are removed whole, then every remaining control character but the line break and the tab; other
 * line breaks become `\n`; a surrogate without its pair (no character, and no UTF-8) becomes U+FFFD.
 */
import stripAnsi from 'strip-ansi';

/** Control characters but the line break and tab: C0, DEL, C1 (U+0085 included). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Line breaks that are not `\n`: CR, NEL, the Unicode line and paragraph separators. */
const OTHER_LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
/** A surrogate without its pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Whether a text may hold anything `printable` changes: most texts do not, and are returned as they are. */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/;

/** A surrogate without its pair replaced by U+FFFD. */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, '\ufffd');

/** `text` without escape sequences or control characters (line breaks as `\n`, tabs kept). */
export function printable(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return stripAnsi(wellFormed(text)).replace(OTHER_LINE_BREAKS, '\n').replace(CONTROL, '');
}

/**
 * A copy of a JSON value whose every string (keys too) is `printable`, but the values under a key
 * that `keep` names: a policy document is printed as JSON, which escapes its control characters
 * itself, and must stay the document it is (a patch that changed a `Sid` would not be the policy
 * that was read).
 */
export function printableJson<T>(value: T, keep: (key: string) => boolean = () => false): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return printable(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, inner]) => [
          printable(key),
          keep(key) ? inner : walk(inner),
        ]),
      );
    }
    return item;
  };
  return walk(value) as T;
}
