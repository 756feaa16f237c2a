import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'snapshot');

const texts = new Map<string, string>();

/** A fresh copy of a fixture's JSON, safe to mutate. */
export function fixture(name: string): unknown {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(join(FIXTURES, name), 'utf8');
    texts.set(name, text);
  }
  return JSON.parse(text) as unknown;
}

/** Sets (or, with `remove`, deletes) the value at `path` in `json`; returns the new root. */
export function setAt(json: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  let node = json as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else node[last] = value;
  return json;
}
