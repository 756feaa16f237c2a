/**
 * Case folding for case-insensitive matching (action names, `StringEqualsIgnoreCase`).
 *
 * It is ECMAScript's `Canonicalize` for case-insensitive, non-Unicode regular expressions: a code
 * unit maps to its single upper-case code unit, except that a non-ASCII character never folds onto
 * an ASCII one. Exact for ASCII, which action names and condition keys are; AWS does not document
 * its folding of other characters (docs/engine-conditions.md).
 */
export function foldCode(code: number): number {
  if (code < 128) return code >= 97 && code <= 122 ? code - 32 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const folded = upper.charCodeAt(0);
  return folded < 128 ? code : folded;
}

/** Whether `a` and `b` are equal ignoring case, without allocating. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && foldCode(x) !== foldCode(y)) return false;
  }
  return true;
}

/** Whether `text` starts with `prefix` ignoring case, without allocating. */
export function startsWithIgnoreCase(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const x = text.charCodeAt(i);
    const y = prefix.charCodeAt(i);
    if (x !== y && foldCode(x) !== foldCode(y)) return false;
  }
  return true;
}
