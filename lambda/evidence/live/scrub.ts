/**
 * Keeps secrets out of everything the diagnosis produces. Hyperparameters and environment
 * variables often carry credentials and tokens; the diagnosis never needs them, so they are
 * removed from every description at the edge, and their values are remembered so that any
 * payload can be checked for them (and redacted) before it leaves.
 */

/** The description fields that hold user-supplied values (SageMaker API reference). */
export const SECRET_FIELDS = ['HyperParameters', 'StaticHyperParameters', 'Environment'] as const;

const SECRET_FIELD_SET = new Set<string>(SECRET_FIELDS);

/** Values shorter than this are too common ("1", "true") to redact without harming the text. */
const MIN_SECRET_LENGTH = 4;

/**
 * A deep copy of `value` as plain JSON (dates become ISO strings, SDK `$metadata` dropped)
 * without the secret fields; their string values are added to `secrets`.
 */
export function scrubDescription(value: unknown, secrets: Set<string>): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  delete plain.$metadata;
  strip(plain, secrets);
  return plain;
}

function strip(value: unknown, secrets: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) strip(item, secrets);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SECRET_FIELD_SET.has(key)) {
      collect(record[key], secrets);
      delete record[key];
    } else {
      strip(record[key], secrets);
    }
  }
}

function collect(value: unknown, secrets: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value as Record<string, unknown>)) collect(item, secrets);
  }
}

/** `text` with every secret value replaced by `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join('***');
  }
  return result;
}

/** The secret values of an event's `detail` (the event mirrors the job's description). */
export function eventSecrets(event: unknown): Set<string> {
  const secrets = new Set<string>();
  const detail = (event as { detail?: unknown } | null)?.detail;
  if (detail !== undefined) scrubDescription(detail, secrets);
  return secrets;
}

/** `value` with `redact` applied to every string in it (before it is serialised). */
export function redactDeep<T>(value: T, secrets: Iterable<string>): T {
  const list = [...secrets];
  if (list.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item, list);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, inner]) => [key, walk(inner)]),
      );
    }
    return item;
  };
  return walk(value) as T;
}
