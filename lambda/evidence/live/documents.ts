/**
 * Policy documents as AWS returns them, made readable: IAM returns URL-encoded JSON
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html), the other
 * services plain JSON strings. A document that does not parse is kept as it came, so that the
 * engine reports it with its own error.
 */
export function decodeDocument(document: string | undefined): unknown {
  if (document === undefined) return undefined;
  for (const text of [document, safeDecodeURIComponent(document)]) {
    if (text === undefined) continue;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not this encoding: try the next one.
    }
  }
  return document;
}

function safeDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
