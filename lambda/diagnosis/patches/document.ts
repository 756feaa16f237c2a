/**
 * Policy documents as plain objects, to patch: sources hold them as objects, JSON strings or
 * URL-encoded JSON strings (IAM's APIs return the last).
 */
import { tooDeep } from '../../json';

export type Statement = Record<string, unknown>;
export interface PolicyObject {
  Version: string;
  Id?: string;
  Statement: Statement[];
  [key: string]: unknown;
}

/** A copy of the document with `Statement` as a list; undefined when it cannot be read. */
export function decodeDocument(document: unknown): PolicyObject | undefined {
  let value = document;
  if (typeof value === 'string') {
    const text = value.trim().startsWith('{') ? value : safeDecode(value);
    try {
      value = JSON.parse(text ?? '');
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  // Copied, measured and printed by walks that a document nested without bound would overflow.
  if (tooDeep(value) !== undefined) return undefined;
  const copy = structuredClone(value) as Record<string, unknown>;
  const statements =
    copy.Statement === undefined ? [] : Array.isArray(copy.Statement) ? copy.Statement : [copy.Statement];
  return {
    ...copy,
    Version: typeof copy.Version === 'string' ? copy.Version : '2012-10-17',
    Statement: statements as Statement[],
  };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export const emptyDocument = (): PolicyObject => ({ Version: '2012-10-17', Statement: [] });

/** Quotes a JSON document for a POSIX shell, so the command runs as printed. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export const compact = (document: unknown): string => JSON.stringify(document);
