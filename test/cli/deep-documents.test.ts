/**
 * Documents nested without bound (docs/formats/snapshot.md, "Limits"): no walk of the diagnosis
 * (JSON.stringify, structuredClone, redaction, printing) may overflow the stack on them. A value
 * nested deeper than MAX_JSON_DEPTH levels is refused where it enters, with one line naming its
 * path and exit 2; the engine refuses such a policy (PolicyError), and no patch copies one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFailureEvent } from '../../lambda/diagnosis/events';
import { decodeDocument } from '../../lambda/diagnosis/patches/document';
import { PolicyError } from '../../lambda/engine/errors';
import { compilePolicy } from '../../lambda/engine/policy';
import { InputError } from '../../lambda/errors';
import { MAX_JSON_DEPTH, tooDeep } from '../../lambda/json';

const CLI = join(__dirname, '..', '..', 'dist', 'bin', 'cli.js');
const scenario = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'acceptance', 'bucket-policy-denies-role.json'), 'utf8'),
) as { snapshot: Record<string, unknown>; event: Record<string, unknown> };
const dir = mkdtempSync(join(tmpdir(), 'deep-documents-'));

/** JSON text of a value nested `depth` levels: arrays (`[[["x"]]]`) or objects (`{"a":{"a":"x"}}`). */
const nestedText = (depth: number, kind: 'arrays' | 'objects'): string =>
  kind === 'arrays' ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

/** A nested value built without recursion (JSON.parse of its text). */
const nested = (depth: number, kind: 'arrays' | 'objects'): unknown => JSON.parse(nestedText(depth, kind));

/**
 * The scenario's snapshot (its bucket policy denies the role, so the diagnosis patches that
 * policy) with one more statement whose Condition value nests `depth` levels.
 */
function deepSnapshotText(depth: number, kind: 'arrays' | 'objects'): string {
  const snapshot = structuredClone(scenario.snapshot) as {
    accounts: Record<string, { s3: { buckets: Record<string, { policy: { Statement: unknown[] } }> } }>;
  };
  const policy = snapshot.accounts['111111111111'].s3.buckets['awsdoc-example-bucket'].policy;
  policy.Statement.push({
    Sid: 'Deep',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:DeleteObject',
    Resource: 'arn:aws:s3:::awsdoc-example-bucket/*',
    Condition: { StringEquals: { 'aws:UserAgent': '__DEEP__' } },
  });
  return JSON.stringify(snapshot).replace('"__DEEP__"', nestedText(depth, kind));
}

function diagnose(snapshotText: string, eventText = JSON.stringify(scenario.event)) {
  const snapshot = join(dir, 'snapshot.json');
  const event = join(dir, 'event.json');
  writeFileSync(snapshot, snapshotText);
  writeFileSync(event, eventText);
  const run = spawnSync(
    process.execPath,
    [CLI, 'diagnose', '--snapshot', snapshot, '--event', event, '--format', 'json'],
    { encoding: 'utf8', env: { ...process.env, ACCESS_DOCTOR_DEBUG: '1' } },
  );
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('a bucket policy that needs a patch, with a Condition value nested deep', () => {
  it.each([
    [3_000, 'arrays'],
    [100_000, 'arrays'],
    [3_000, 'objects'],
    [100_000, 'objects'],
  ] as const)('depth %i of %s: exit 2, one line naming the value, no stack trace', (depth, kind) => {
    const run = diagnose(deepSnapshotText(depth, kind));
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    const lines = run.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `accounts.111111111111.s3.buckets.awsdoc-example-bucket.policy.Statement[1].Condition.StringEquals.aws:UserAgent`,
    );
    expect(lines[0]).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(run.err).not.toMatch(/RangeError|call stack|\n\s+at /);
  });

  it('at the limit the diagnosis runs and patches the policy', () => {
    // The snapshot holds the value at 11 levels: the value itself may nest up to the rest.
    const run = diagnose(deepSnapshotText(MAX_JSON_DEPTH - 11, 'arrays'));
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out) as { findings: { cause: string; patch: { kind: string } | null }[] };
    expect(report.findings.map((f) => [f.cause, f.patch?.kind])).toContainEqual([
      'BUCKET_POLICY_EXPLICIT_DENY',
      'bucket-policy',
    ]);
  });

  it('an event nested deep: exit 2 with one line', () => {
    const event = structuredClone(scenario.event) as { detail: Record<string, unknown> };
    event.detail.Tags = '__DEEP__';
    const run = diagnose(
      JSON.stringify(scenario.snapshot),
      JSON.stringify(event).replace('"__DEEP__"', nestedText(100_000, 'objects')),
    );
    expect(run.code).toBe(2);
    expect(run.err.trimEnd().split('\n')).toHaveLength(1);
    expect(run.err).toContain('detail.Tags');
    expect(run.err).not.toMatch(/RangeError|call stack/);
  });
});

describe('the same bound inside the tool', () => {
  it('tooDeep names the first value past the limit, iteratively', () => {
    expect(tooDeep({ a: [[1]] }, 3)).toBeUndefined();
    expect(tooDeep({ a: [[1]] }, 2)).toBe('a[0]');
    expect(tooDeep({ ok: 1, b: { c: {} } }, 2)).toBe('b.c');
    expect(tooDeep(nested(100_000, 'arrays'))).toMatch(/^\[0\]\[0\].*…$/);
  });

  it('a Lambda event nested deep is an InputError', () => {
    const event = { ...(scenario.event as Record<string, unknown>), deep: nested(100_000, 'objects') };
    expect(() => parseFailureEvent(event)).toThrow(InputError);
  });

  it('the engine refuses a policy nested deeper than the limit, and a patch does not copy one', () => {
    const document = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { k: nested(3_000, 'arrays') } },
        },
      ],
    };
    expect(() => compilePolicy(document, { policyType: 'resource', name: 'deep' })).toThrow(PolicyError);
    expect(() => compilePolicy(JSON.stringify(document), { policyType: 'resource', name: 'deep' })).toThrow(
      /nests deeper than 100 levels/,
    );
    expect(decodeDocument(document)).toBeUndefined();
    expect(decodeDocument({ Statement: [{ Effect: 'Allow' }] })?.Statement).toHaveLength(1);
  });
});
