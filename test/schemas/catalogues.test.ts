/**
 * The schemas and docs/formats/causes.md list what the code's catalogues hold: a cause, a patch
 * kind, a job type or a snapshot section added in the code and not in the published formats
 * fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAUSE_RULES } from '../../lambda/diagnosis/causes';
import { FAILURE_CATEGORIES, PATCH_KINDS } from '../../lambda/diagnosis/report';
import { POLICY_TYPES } from '../../lambda/engine/types';
import { SAGEMAKER_SECTIONS } from '../../lambda/evidence/snapshot/types';
import { JOB_KIND_CATALOGUE, type ReportJobType } from '../../lambda/job-kinds';
import report from '../../schemas/report.schema.json';
import snapshot from '../../schemas/snapshot.schema.json';

const sorted = (values: Iterable<string>): string[] => [...values].sort();

/** The report types of preflight only (a `CreateModel` request, a pipeline definition): no job kind. */
const PREFLIGHT_TYPES: ReportJobType[] = ['Model', 'Pipeline'];

describe('schemas/report.schema.json', () => {
  it.each([
    ['cause codes', report.definitions.finding.properties.cause.enum, CAUSE_RULES.map((rule) => rule.id)],
    ['patch kinds', report.definitions.patch.properties.kind.enum, PATCH_KINDS],
    [
      'job types',
      report.properties.job.properties.type.enum,
      [...Object.values(JOB_KIND_CATALOGUE).map((kind) => kind.type), ...PREFLIGHT_TYPES],
    ],
    ['failure categories', report.properties.failure.properties.category.enum, FAILURE_CATEGORIES],
    ['policy types', report.definitions.policyType.enum, POLICY_TYPES],
  ])('lists the %s of the code', (_name, published, code) => {
    expect(sorted(published)).toEqual(sorted(code));
  });
});

describe('schemas/snapshot.schema.json', () => {
  it('lists the sagemaker sections of the code', () => {
    expect(sorted(Object.keys(snapshot.definitions.sagemaker.properties))).toEqual(sorted(SAGEMAKER_SECTIONS));
  });
});

describe('docs/formats/causes.md', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'formats', 'causes.md'), 'utf8');
  /** The table's rows by cause: `| CAUSE | meaning | layer | severity | patch |`. */
  const rows = new Map(
    text
      .split('\n')
      .filter((line) => /^\|\s*`[A-Z_]+`\s*\|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .map((cells) => [cells[1].replace(/`/g, ''), { layer: cells[3], severity: cells[4], patch: cells[5] }]),
  );

  it('has a row for every cause, and no other', () => {
    expect(sorted(rows.keys())).toEqual(sorted(CAUSE_RULES.map((rule) => rule.id)));
  });

  it.each(CAUSE_RULES.map((rule) => [rule.id, rule] as const))(
    'gives %s the severity, patch kind and layer of the code',
    (id, rule) => {
      const row = rows.get(id);
      expect(row?.severity).toBe(rule.severity);
      expect(row?.patch).toBe(rule.patch.kind === 'none' ? 'none' : `\`${rule.patch.kind}\``);
      expect(row?.layer.startsWith(rule.kind === 'layer' ? `\`${rule.layer}\`` : 'none')).toBe(true);
    },
  );
});
