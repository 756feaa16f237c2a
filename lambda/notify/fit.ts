/**
 * What SNS accepts, whatever text a report carries (its names and failure text come from events
 * and policies: any length, any character):
 * - a message is at most 256 KB of UTF-8, counted after JSON escaping, with its attributes
 *   (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, `Message`);
 * - a subject is under 100 characters, with no line break or control character (`Subject`).
 * Every cut here is one pass over the text: its length is known before it is made.
 */
import stripAnsi from 'strip-ansi';
import { printable, wellFormed } from '../printable';

/** SNS: "less than 100 characters". */
export const MAX_SUBJECT_LENGTH = 99;

/** A subject holds none of these: every control character and line break. */
// eslint-disable-next-line no-control-regex
const SUBJECT_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` as a message may carry it: line breaks as `\n`, no escape sequence or other control
 * character, no lone surrogate (which is no UTF-8 at all): lambda/printable.ts.
 */
export const plainText = printable;

/**
 * `text` as an SNS subject: escape sequences removed, control characters and line breaks as
 * spaces, at most 99 characters.
 */
export function snsSubject(text: string, fallback: string): string {
  const characters = [...stripAnsi(wellFormed(text)).replace(SUBJECT_FORBIDDEN, ' ').trimStart()];
  const cut =
    characters.length <= MAX_SUBJECT_LENGTH ? characters : [...characters.slice(0, MAX_SUBJECT_LENGTH - 3), '...'];
  const subject = cut.join('').trimEnd();
  return subject === '' ? fallback : subject;
}

/** The bytes `text` takes inside a JSON string (UTF-8, escapes included). */
export const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text)) - 2;

/**
 * `text` itself when it takes at most `maxBytes` inside a JSON string; else its longest start
 * that fits with `suffix` after it (cut between characters, never inside one).
 */
export function fitJsonString(text: string, maxBytes: number, suffix = ''): string {
  if (jsonBytes(text) <= maxBytes) return text;
  const room = maxBytes - jsonBytes(suffix);
  if (room <= 0) return jsonBytes(suffix) <= maxBytes ? suffix : '';
  let used = 0;
  let end = 0;
  for (const character of text) {
    const size = characterBytes(character);
    if (used + size > room) break;
    used += size;
    end += character.length;
  }
  return `${text.slice(0, end)}${suffix}`;
}

/** What `jsonBytes(character)` gives, without building a string for each ASCII character. */
function characterBytes(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return jsonBytes(character);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}

/**
 * A copy of a JSON value whose every string is `map`ped and then takes at most `maxStringBytes`
 * (cut with `…`), and whose every array holds at most `maxItems` items.
 */
export function shrinkJson<T>(
  value: T,
  maxStringBytes: number,
  maxItems: number,
  map: (text: string) => string = (text) => text,
): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return fitJsonString(map(item), maxStringBytes, '…');
    if (Array.isArray(item)) return item.slice(0, maxItems).map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, inner]) => [key, walk(inner)]),
      );
    }
    return item;
  };
  return walk(value) as T;
}
