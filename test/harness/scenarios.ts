/** The scenario fixtures the harness runs, and how their reports are compared. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../lambda/diagnosis/report';
import { OWN, scenario, type Scenario } from './harness';

/** Every scenario of test/fixtures/acceptance and test/scenarios. */
export function allScenarios(): Scenario[] {
  return [join(__dirname, '..', 'fixtures', 'acceptance'), join(__dirname, '..', 'scenarios')]
    .flatMap((dir) => readdirSync(dir))
    .filter((file) => file.endsWith('.json'))
    .map((file) => scenario(file.replace(/\.json$/, '')));
}

/**
 * Whether the live CLI (caller's account only, no object-level reads) can read everything the
 * scenario's snapshot holds: then its report must be the offline one.
 */
export function readableByTheCli(data: Scenario): boolean {
  const accounts = Object.keys(data.snapshot.accounts);
  const objects = Object.values(data.snapshot.accounts).some((account) =>
    Object.values(account.s3?.buckets ?? {}).some((bucket) => bucket?.objects !== undefined),
  );
  return accounts.length === 1 && accounts[0] === OWN && !objects;
}

/**
 * A report with the reason of each missing piece of evidence masked: an offline diagnosis of a
 * hand-written snapshot words "not in the snapshot" where the live read quoted AWS's error (a
 * --record replay quotes it too: unreadableReasons); everything else must be equal.
 */
export function withReasonsMasked(report: Report): unknown {
  let text = JSON.stringify(report);
  // Longest first, so that a reason quoting another is masked whole.
  const reasons = [...new Set(report.incomplete.map((entry) => entry.why))].sort((a, b) => b.length - a.length);
  for (const why of reasons) text = text.split(JSON.stringify(why).slice(1, -1)).join('<reason>');
  return JSON.parse(text) as unknown;
}
