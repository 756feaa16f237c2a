/**
 * The report's `incomplete` list: evidence the diagnosis needed and could not have.
 * Entries are de-duplicated and sorted (by what, then why): reads from live AWS answer in any
 * order, and a report, its replay and the next run must list them alike.
 */
import type { IncompleteEntry } from './report';

export class IncompleteLog {
  private readonly entries = new Map<string, IncompleteEntry>();

  public note(what: string, why: string): void {
    const id = `${what}\u0000${why}`;
    if (!this.entries.has(id)) this.entries.set(id, { what, why });
  }

  public list(): IncompleteEntry[] {
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.entries.values()].sort((a, b) => order(a.what, b.what) || order(a.why, b.why));
  }
}
