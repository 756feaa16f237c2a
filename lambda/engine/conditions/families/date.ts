import { orderedOperators } from './ordered';

/** Epoch (UNIX) time in seconds, optionally fractional or negative. */
const EPOCH = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * The W3C profile of ISO 8601 (https://www.w3.org/TR/NOTE-datetime): YYYY-MM, YYYY-MM-DD, then
 * optionally Thh:mm, Thh:mm:ss or Thh:mm:ss.s and a zone (Z, +hh:mm, +hhmm). A date and time
 * without zone is read as UTC, as AWS writes `aws:CurrentTime`.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Reads a date condition value as milliseconds since the epoch; NaN when unreadable.
 *
 * "You must specify date/time values with one of the W3C implementations of the ISO 8601 date
 * formats or in epoch (UNIX) time"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date).
 * A text of digits only is epoch seconds (so `2020` is a second of 1970, not a year).
 */
function parseDate(text: string): number {
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO_8601.exec(text);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = [
    m[1],
    m[2],
    m[3] ?? '01',
    m[4] ?? '00',
    m[5] ?? '00',
    m[6] ?? '00',
  ].map(Number);
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day past the month's end rolls over into the next month: such a date is unreadable.
  if (date.getUTCDate() !== day) return Number.NaN;
  const utc = date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
  if (m[9] === undefined) return utc;
  const offset = (Number(m[10]) * 60 + Number(m[11])) * 60_000;
  return m[9] === '+' ? utc - offset : utc + offset;
}

/** Date operators; values compare as instants (a zone offset is taken into account). */
export const DATE_OPERATORS = orderedOperators('Date', parseDate);
