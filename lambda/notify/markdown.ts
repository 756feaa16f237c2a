/**
 * Text for the chat document, whose `textType` is `client-markdown`: Amazon Q Developer renders
 * it in the chat application's markdown (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html).
 * Names, ARNs and failure texts come from policies and events: `arn:aws:s3:::*SageMaker*` would
 * render a bold "SageMaker", a key with `_` in italics, a `<!channel>` would notify a Slack
 * channel. So (docs/lambda.md, "Chat document"):
 * - ARNs, S3 URIs, names and commands go in code spans, where markdown is not interpreted;
 * - the rest is escaped with a backslash before every character markdown gives a meaning to in
 *   running text (CommonMark backslash escapes: https://spec.commonmark.org/0.31.2/#backslash-escapes).
 */

/** Characters with a meaning in running text: emphasis, code, strike, links, quotes, mentions. */
const SPECIAL = /[\\`*_~<>[\]|]/g;

/** `text` with every markdown character escaped: it reads as written. */
export const escapeMarkdown = (text: string): string => text.replace(SPECIAL, '\\$&');

/**
 * `text` as one inline code span, on one line: the fence is one backtick longer than the longest
 * run of backticks in it, with a space inside when the text starts or ends with one (CommonMark,
 * https://spec.commonmark.org/0.31.2/#code-spans), so that no text ends the span early.
 */
export function codeSpan(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** ARNs and S3 URIs in running text (up to a space, a quote or markdown's own characters). */
const REFERENCE = /\b(?:arn:[a-z0-9-]+:[^\s'"`<>]*|s3:\/\/[^\s'"`<>]+)/g;
/** Punctuation that ends a sentence rather than the reference it follows. */
const TRAILING = /[.,;:)\]]+$/;

/** Running text from a policy, an event or our explanations: its ARNs and S3 URIs in code spans, the rest escaped. */
export function markdownText(text: string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const reference = match[0].replace(TRAILING, '');
    const start = match.index ?? 0;
    out += escapeMarkdown(text.slice(at, start)) + codeSpan(reference);
    at = start + reference.length;
  }
  return out + escapeMarkdown(text.slice(at));
}
