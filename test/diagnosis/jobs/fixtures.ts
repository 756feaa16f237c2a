/** Loads the JSON fixtures of the job model tests (test/fixtures/jobs/). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Description } from '../../../lambda/evidence/evidence';

const DIR = join(__dirname, '..', '..', 'fixtures', 'jobs');

export function fixture(name: string): Description {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as Description;
}

/** An event of test/fixtures/jobs/events.json, a fresh copy each time. */
export function eventFixture(name: string): Record<string, unknown> {
  const events = fixture('events') as Record<string, Record<string, unknown>>;
  return events[name];
}

export const ACCOUNT = '111111111111';

/** Output locations without the KMS key setting (asserted on its own in test/diagnosis/patches/job-config.test.ts). */
export const withoutKeySetting = <T extends { keySetting?: unknown }>(outputs: T[]): Omit<T, 'keySetting'>[] =>
  outputs.map(({ keySetting: _setting, ...rest }) => rest);
