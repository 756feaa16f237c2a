/**
 * The cause registry (lambda/diagnosis/causes/): one module per family, each listed once, and
 * the documented codes (docs/formats/causes.md, schemas/report.schema.json) are exactly ours.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CAUSE_RULES, CAUSES, causeRule, layerCauseOf } from '../../lambda/diagnosis/causes';
import { POLICY_TYPES } from '../../lambda/engine/types';

const ROOT = path.join(__dirname, '..', '..');
const CAUSES_DIR = path.join(ROOT, 'lambda', 'diagnosis', 'causes');
const ids = CAUSE_RULES.map((rule) => rule.id);

describe('the cause registry', () => {
  it('lists every family module of the folder, and each cause once', () => {
    // Given every module of the folder but the shared types and the registry
    const families = fs
      .readdirSync(CAUSES_DIR)
      .filter((file) => file.endsWith('.ts') && file !== 'cause.ts' && file !== 'index.ts');
    expect(families.length).toBeGreaterThan(10);
    for (const file of families) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const family = require(path.join(CAUSES_DIR, file)) as { causes?: readonly { id: string }[] };
      // Then its causes are registered
      expect({ file, registered: family.causes?.every((c) => CAUSE_RULES.some((r) => r === c)) }).toEqual({
        file,
        registered: true,
      });
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the codes the report schema and docs/formats/causes.md list, no more, no less', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'report.schema.json'), 'utf8')) as unknown;
    const enums: string[][] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (Array.isArray(record.enum) && record.enum.includes('UNEXPLAINED_ACCESS_DENIED'))
          enums.push(record.enum as string[]);
        Object.values(record).forEach(walk);
      }
    };
    walk(schema);
    expect(enums.length).toBeGreaterThan(0);
    for (const listed of enums) expect([...listed].sort()).toEqual([...ids].sort());

    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'formats', 'causes.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...ids].sort());
  });

  it('documents each cause with its severity and patch kind as the registry has them', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'formats', 'causes.md'), 'utf8');
    for (const id of ids) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${id}\``))!;
      const cells = row.split('|').map((cell) => cell.trim());
      const { severity, patch } = CAUSES[id];
      expect({ id, severity: cells[4], patch: cells[5] }).toEqual({
        id,
        severity,
        patch: patch === 'none' ? 'none' : `\`${patch}\``,
      });
    }
  });

  it('gives each denial of a layer at most one cause, and one for every layer a job can be denied by', () => {
    const targets = ['s3', 'kms', 'trust', 'ecr-repository', 'identity-only'] as const;
    for (const target of targets) {
      for (const layer of POLICY_TYPES) {
        for (const explicit of [true, false]) {
          const matching = CAUSE_RULES.filter(
            (rule) =>
              rule.kind === 'layer' &&
              rule.layer === layer &&
              (rule.targets === undefined || rule.targets.includes(target)) &&
              (rule.denial === 'any' || (rule.denial === 'explicit') === explicit),
          );
          expect({ target, layer, explicit, count: matching.length <= 1 }).toEqual({
            target,
            layer,
            explicit,
            count: true,
          });
        }
      }
    }
    // The layers of a role's S3 check, a Deny and a missing Allow alike
    expect(layerCauseOf('s3', 'identity', false)?.id).toBe('IDENTITY_POLICY_NO_ALLOW');
    expect(layerCauseOf('s3', 'resource', true)?.id).toBe('BUCKET_POLICY_EXPLICIT_DENY');
    expect(layerCauseOf('kms', 'resource', false)?.id).toBe('KEY_POLICY_NO_ALLOW');
    expect(layerCauseOf('trust', 'resource', false)?.id).toBe('TRUST_POLICY_NO_SAGEMAKER');
    expect(layerCauseOf('s3', 'rcp', true)?.id).toBe('RCP_EXPLICIT_DENY');
    // An identity-only check has no resource policy; SageMaker passes no session policy.
    expect(layerCauseOf('identity-only', 'resource', false)).toBeUndefined();
    expect(layerCauseOf('s3', 'session', true)).toBeUndefined();
  });

  it('knows only its own codes', () => {
    expect(causeRule('KMS_KEY_NOT_USABLE')?.severity).toBe('high');
    expect(causeRule('NOT_A_CAUSE')).toBeUndefined();
    expect(causeRule('constructor')).toBeUndefined();
  });
});
