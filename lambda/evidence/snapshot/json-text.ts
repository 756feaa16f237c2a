/**
 * JSON text with positions: where a syntax error is, and where a value of a parsed document
 * was written, as `line L, column C` (both from 1) for messages a user can go to.
 *
 * `JSON.parse` names the position of most syntax errors ("... in JSON at position 14"), not all
 * (Node 20: "Unexpected token '}', ... is not valid JSON"); for those, and for the place of a
 * value, the text is read again as a syntax tree with locations (@humanwhocodes/momoa).
 */
import type * as Momoa from '@humanwhocodes/momoa';
import type { AnyNode } from '@humanwhocodes/momoa';
import type { JsonPath } from './fields';

export interface TextPosition {
  line: number;
  column: number;
}

let momoa: typeof Momoa | undefined;

/**
 * The syntax tree of `text`. The parser is loaded on first use: only a message about a malformed
 * or invalid file needs it, and `simulate` starts faster without it.
 */
function parseTree(text: string): ReturnType<typeof Momoa.parse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  momoa ??= require('@humanwhocodes/momoa') as typeof Momoa;
  return momoa.parse(text);
}

/** The text without its byte order mark (which some editors write). */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** `line L, column C`. */
export function formatPosition(position: TextPosition): string {
  return `line ${position.line}, column ${position.column}`;
}

/** The position of the character at `offset` of `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

/**
 * Where `text` stops being JSON, given the error `JSON.parse` threw on it; `undefined` when no
 * position can be told (momoa accepts the text, or it nests too deep to read).
 */
export function syntaxErrorPosition(text: string, message: string): TextPosition | undefined {
  const named = /at position (\d+)/.exec(message);
  if (named) return positionAt(text, Number(named[1]));
  if (message.includes('Unexpected end of JSON input')) return positionAt(text, text.length);
  try {
    parseTree(text);
  } catch (error) {
    const { line, column } = error as { line?: unknown; column?: unknown };
    if (typeof line === 'number' && typeof column === 'number') return { line, column };
  }
  return undefined;
}

/**
 * Where the value at `path` was written in `text` (a key's value, an array's element), or with
 * `at: 'key'` the key itself; the position of the nearest ancestor when the path leads out of
 * the document (a missing key).
 */
export function valuePosition(text: string, path: JsonPath, at: 'value' | 'key' = 'value'): TextPosition | undefined {
  let node: AnyNode;
  try {
    node = parseTree(text).body;
  } catch {
    return undefined;
  }
  for (const [index, segment] of path.entries()) {
    const child = childOf(node, segment, at === 'key' && index === path.length - 1);
    if (child === undefined) break;
    node = child;
  }
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function childOf(node: AnyNode, segment: string | number, key: boolean): AnyNode | undefined {
  if (node.type === 'Array' && typeof segment === 'number') return node.elements[segment]?.value;
  if (node.type !== 'Object') return undefined;
  // JSON.parse keeps the last of duplicate keys: so does this.
  for (let index = node.members.length - 1; index >= 0; index -= 1) {
    const member = node.members[index];
    if (nameOf(member.name) === String(segment)) return key ? member.name : member.value;
  }
  return undefined;
}

function nameOf(name: AnyNode): string | undefined {
  if (name.type === 'String') return name.value;
  if (name.type === 'Identifier') return name.name;
  return undefined;
}
