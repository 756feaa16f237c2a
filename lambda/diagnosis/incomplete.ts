/**
 * The report's `incomplete` list: evidence the diagnosis needed and could not have.
 * Entries are de-duplicated and kept in the order they were first noted.
 */
import type { IncompleteEntry } from './report';

export class IncompleteLog {
  private readonly entries = new Map<string, IncompleteEntry>();

  public note(what: string, why: string): void {
    const id = `${what}\u0000${why}`;
    if (!this.entries.has(id)) this.entries.set(id, { what, why });
  }

  public list(): IncompleteEntry[] {
    return [...this.entries.values()];
  }
}
