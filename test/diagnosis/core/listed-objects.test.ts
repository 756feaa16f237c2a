/**
 * Findings and checks over listed objects (docs/formats/report.md, "Findings over listed
 * objects"): the object checks of one prefix that end alike are one entry with `objects`, its
 * patch grants the prefix's pattern, and the report does not grow with the listing.
 */
import {
  ROLE_ARN,
  World,
  allow,
  applyPatches,
  causes,
  deny,
  diagnoseSnapshot,
  diagnoseWorld,
  DOWNLOAD_DENIED,
  doc,
  trainingEvent,
  trainingJob,
} from './world';
import { renderText } from '../../../lambda/diagnosis/render-text';
import type { Report } from '../../../lambda/diagnosis/report';

const LIST = allow('s3:ListBucket', 'arn:aws:s3:::data');
const WRITE = allow('s3:PutObject', 'arn:aws:s3:::data/models/*');

/** `n` listed objects under `prefix`, AES256-encrypted. */
const listing = (n: number, prefix = 'train/'): Record<string, { ServerSideEncryption: string }> =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `${prefix}part-${String(i).padStart(5, '0')}.csv`,
      { ServerSideEncryption: 'AES256' },
    ]),
  );

/** A role that may list and write but reads only last month's prefix, over `n` listed objects. */
const staleGrant = (n: number): World =>
  new World()
    .role({ inline: { data: doc(LIST, WRITE, allow('s3:GetObject', 'arn:aws:s3:::data/old/*')) } })
    .bucket('data', { objects: listing(n) });

const job = () => trainingJob({ failureReason: DOWNLOAD_DENIED });
const gets = (report: Report) => report.checks.filter((c) => c.action === 's3:GetObject');

describe('findings over listed objects', () => {
  it('merges the denied objects of one prefix into one finding on its pattern, with the count and 10 examples', async () => {
    // Given 300 listed objects under train/, none of which the role may read
    const report = await diagnoseWorld(staleGrant(300), job());

    // Then one finding stands for all of them, on the prefix's pattern and at the prefix
    expect(causes(report)).toEqual(['IDENTITY_POLICY_NO_ALLOW s3:GetObject arn:aws:s3:::data/train/*']);
    const [finding] = report.findings;
    expect(finding).toMatchObject({ location: 's3://data/train/', principal: ROLE_ARN });
    expect(finding.objects?.count).toBe(300);
    expect(finding.objects?.examples).toEqual(Object.keys(listing(10)));
    // And its explanation speaks of the pattern, not of one of the objects
    expect(finding.explanation).toContain('arn:aws:s3:::data/train/*');
    expect(finding.explanation).not.toContain('part-00000');
    // And the checks are merged alike
    expect(gets(report)).toEqual([
      expect.objectContaining({
        resource: 'arn:aws:s3:::data/train/*',
        decision: 'ImplicitlyDenied',
        objects: { count: 300, examples: Object.keys(listing(10)) },
      }),
    ]);
  });

  it('grants the prefix pattern, never one ARN per object, and the patch lets every object be read', async () => {
    // Given 300 unreadable listed objects
    const world = staleGrant(300);
    const report = await diagnoseWorld(world, job());

    // Then the patch grants the pattern once
    const patch = report.findings[0].patch!;
    expect(patch.kind).toBe('role-inline-policy');
    expect(JSON.stringify(patch.document)).toContain('"arn:aws:s3:::data/train/*"');
    expect(JSON.stringify(patch)).not.toContain('part-');
    // And once applied, nothing the patch can fix is denied
    const again = await diagnoseSnapshot(applyPatches(world.snapshot(), report), trainingEvent(job()));
    expect(again.findings.filter((f) => f.cause !== 'UNEXPLAINED_ACCESS_DENIED')).toEqual([]);
    expect(gets(again)).toEqual([
      expect.objectContaining({ decision: 'Allowed', objects: expect.objectContaining({ count: 300 }) }),
    ]);
  });

  it("keeps one denied object's ARN, and merges the allowed ones apart from it", async () => {
    // Given a bucket policy that denies the role one object of four
    const world = new World()
      .role({ inline: { data: doc(LIST, WRITE, allow('s3:GetObject', 'arn:aws:s3:::data/*')) } })
      .bucket('data', {
        objects: listing(4),
        policy: doc(
          deny('s3:GetObject', 'arn:aws:s3:::data/train/part-00002.csv', {
            Sid: 'HoldBack',
            Principal: '*',
          }),
        ),
      });
    const report = await diagnoseWorld(world, job());

    // Then the finding names that object, with a count of 1
    expect(causes(report)).toEqual(['BUCKET_POLICY_EXPLICIT_DENY s3:GetObject arn:aws:s3:::data/train/part-00002.csv']);
    expect(report.findings[0]).toMatchObject({
      location: 's3://data/train/part-00002.csv',
      objects: { count: 1, examples: ['train/part-00002.csv'] },
    });
    expect(report.findings[0].explanation).toContain("'HoldBack'");
    // And the three readable objects are one allowed check, the denied one its own
    expect(gets(report).map((c) => [c.resource, c.decision, c.objects?.count])).toEqual([
      ['arn:aws:s3:::data/train/*', 'Allowed', 3],
      ['arn:aws:s3:::data/train/part-00002.csv', 'ExplicitlyDenied', 1],
    ]);
  });

  it('keeps apart the findings of one prefix that differ in cause or evidence', async () => {
    // Given no identity grant at all, and a bucket policy Deny on the prefix's secret/ part
    const world = new World().role({ inline: { data: doc(LIST, WRITE) } }).bucket('data', {
      objects: { ...listing(3), ...listing(2, 'train/secret/') },
      policy: doc(deny('s3:GetObject', 'arn:aws:s3:::data/train/secret/*', { Sid: 'Secret', Principal: '*' })),
    });
    const report = await diagnoseWorld(world, job());

    // Then the identity finding stands for all five, the bucket policy's for the two it denies
    expect(report.findings.map((f) => [f.cause, f.resource, f.objects?.count])).toEqual([
      ['IDENTITY_POLICY_NO_ALLOW', 'arn:aws:s3:::data/train/*', 5],
      ['BUCKET_POLICY_EXPLICIT_DENY', 'arn:aws:s3:::data/train/*', 2],
    ]);
    expect(report.findings[1].objects?.examples).toEqual([
      'train/secret/part-00000.csv',
      'train/secret/part-00001.csv',
    ]);
  });

  it('merges per location: each prefix of the bucket has its own finding', async () => {
    // Given two channels over two prefixes of one bucket, neither readable
    const world = new World()
      .role({ inline: { data: doc(LIST, WRITE) } })
      .bucket('data', { objects: { ...listing(3), ...listing(2, 'test/') } });
    const report = await diagnoseWorld(
      world,
      trainingJob({
        failureReason: DOWNLOAD_DENIED,
        channels: [
          { name: 'train', uri: 's3://data/train/' },
          { name: 'test', uri: 's3://data/test/' },
        ],
      }),
    );

    // Then each prefix has its finding, with its own objects
    expect(report.findings.map((f) => [f.purpose, f.resource, f.objects?.count])).toEqual([
      ["input channel 'train'", 'arn:aws:s3:::data/train/*', 3],
      ["input channel 'test'", 'arn:aws:s3:::data/test/*', 2],
    ]);
    // And one patch grants both patterns
    expect(report.findings[0].patch?.document).toMatchObject({
      Statement: [{ Action: 's3:GetObject', Resource: ['arn:aws:s3:::data/train/*', 'arn:aws:s3:::data/test/*'] }],
    });
  });

  it('gives a report that does not grow with the listing', async () => {
    // Given the same job over 20 and over 2,000 listed objects
    const small = JSON.stringify(await diagnoseWorld(staleGrant(20), job()));
    const large = JSON.stringify(await diagnoseWorld(staleGrant(2000), job()));

    // Then the reports differ only in the counts they print
    expect(large.length - small.length).toBeLessThan(20);
    expect(large.length).toBeLessThan(20_000);
  });

  it('judges each of 20,000 objects on its own: a Deny naming some keys, a Deny on a tag some objects carry', async () => {
    // Given 20,000 objects the role may read, whose bucket policy denies 20 of them by ARN (every
    // 1,000th from the 7th) and those tagged hold=yes (every 500th); the even objects' tags were
    // read (hold=yes, or none), the odd ones' were not
    const key = (i: number) => `train/part-${String(i).padStart(5, '0')}.csv`;
    const objects: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 20_000; i++)
      objects[key(i)] = {
        ServerSideEncryption: 'AES256',
        ...(i % 2 === 0 && { tags: i % 500 === 0 ? { hold: 'yes' } : {} }),
      };
    const heldBack = Array.from({ length: 20 }, (_, n) => n * 1000 + 7);
    const tagged = Array.from({ length: 40 }, (_, n) => n * 500);
    const world = new World()
      .role({ inline: { data: doc(LIST, WRITE, allow('s3:GetObject', 'arn:aws:s3:::data/*')) } })
      .bucket('data', {
        objects,
        policy: doc(
          deny(
            's3:GetObject',
            heldBack.map((i) => `arn:aws:s3:::data/${key(i)}`),
            { Sid: 'HoldBack', Principal: '*' },
          ),
          deny('s3:GetObject', 'arn:aws:s3:::data/*', {
            Sid: 'Tagged',
            Principal: '*',
            Condition: { StringEquals: { 's3:ExistingObjectTag/hold': 'yes' } },
          }),
        ),
      });
    const report = await diagnoseWorld(world, job());

    // Then each Deny's objects are one finding with exactly its objects, in listing order
    expect(report.findings.map((f) => [f.cause, f.evidence.map((e) => e.statementSid), f.objects])).toEqual([
      ['BUCKET_POLICY_EXPLICIT_DENY', ['Tagged'], { count: 40, examples: tagged.slice(0, 10).map(key) }],
      ['BUCKET_POLICY_EXPLICIT_DENY', ['HoldBack'], { count: 20, examples: heldBack.slice(0, 10).map(key) }],
    ]);
    // And the checks, in the order of their first object: the denied 60, the odd objects the tag
    // Deny may hold back (tags unread: Unknown), the even ones without the tag allowed
    expect(gets(report).map((c) => [c.decision, c.objects?.count])).toEqual([
      ['ExplicitlyDenied', 60],
      ['Unknown', 20_000 / 2 - 20],
      ['Allowed', 20_000 / 2 - 40],
    ]);
    // And the bucket policy's patch, checked against all 60, lets every object be read
    const again = await diagnoseSnapshot(applyPatches(world.snapshot(), report), trainingEvent(job()));
    expect(gets(again).map((c) => [c.decision, c.objects?.count])).toEqual([['Allowed', 20_000]]);
  });

  it('prints the count and the examples in the text report, and counts each object among the checks', async () => {
    const report = await diagnoseWorld(staleGrant(300), job());
    const text = renderText(report);
    expect(text).toContain('300 listed objects: train/part-00000.csv, train/part-00001.csv,');
    expect(text).toContain('... (10 named)');
    expect(text).toMatch(/Checks: \d+ allowed, 300 denied, 0 unknown/);
    expect(text).toContain('s3:GetObject on arn:aws:s3:::data/train/* (300 listed objects)  [identity]');
  });
});
