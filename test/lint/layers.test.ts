/**
 * The layer rules of eslint.config.mjs fire: each forbidden import, linted as if it were a file of
 * that layer, is an error, and the same import elsewhere is not. ESLint runs in a child process
 * (its configuration is an ES module, which Jest's module system does not load).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Case {
  file: string;
  code: string;
}

/** The `no-restricted-imports` messages ESLint gives each case. */
function restrictedImports(cases: Case[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const cases = JSON.parse(process.argv[1]);
      const out = [];
      for (const c of cases) {
        const [result] = await eslint.lintText(c.code, { filePath: c.file });
        out.push(result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(output) as string[][];
}

const use = (from: string): string => `import * as m from '${from}';\nexport const n = Object.keys(m).length;\n`;

describe('layer boundaries (eslint.config.mjs, no-restricted-imports)', () => {
  const forbidden: [string, string, RegExp][] = [
    ['lambda/engine/x.ts', '@aws-sdk/client-iam', /the engine imports no SDK, CDK or Node module/],
    ['lambda/engine/match/x.ts', 'node:fs', /the engine imports no SDK/],
    ['lambda/engine/x.ts', 'fs', /the engine imports no SDK/],
    ['lambda/engine/x.ts', 'aws-cdk-lib/aws-iam', /the engine imports no SDK/],
    ['lambda/engine/x.ts', 'constructs', /the engine imports no SDK/],
    [
      'lambda/diagnosis/x.ts',
      '../evidence/live/live-evidence',
      /the diagnosis reads evidence through the Evidence interface/,
    ],
    ['lambda/diagnosis/checks/x.ts', '../../evidence/live/s3', /the diagnosis reads evidence/],
    ['lambda/diagnosis/x.ts', '@aws-sdk/client-s3', /the diagnosis reads evidence/],
    ['lib/x.ts', '../lambda/diagnosis/events', /the stack builds from the catalogues/],
    ['lib/x.ts', '../lambda/diagnosis/jobs/model', /the stack builds from the catalogues/],
  ];
  const allowed: [string, string][] = [
    ['lambda/engine/x.ts', '../arn'],
    ['lambda/diagnosis/x.ts', '../evidence/evidence'],
    ['lambda/evidence/live/x.ts', '@aws-sdk/client-iam'],
    ['lib/x.ts', 'aws-cdk-lib/aws-iam'],
    ['lib/x.ts', '../lambda/job-kinds'],
  ];

  it('reports every forbidden import, and none of the allowed ones', () => {
    const messages = restrictedImports([
      ...forbidden.map(([file, from]) => ({ file, code: use(from) })),
      ...allowed.map(([file, from]) => ({ file, code: use(from) })),
    ]);
    forbidden.forEach(([file, from, message], i) => {
      expect({ file, from, messages: messages[i] }).toEqual({ file, from, messages: [expect.stringMatching(message)] });
    });
    allowed.forEach(([file, from], i) => {
      expect({ file, from, messages: messages[forbidden.length + i] }).toEqual({ file, from, messages: [] });
    });
  }, 60_000);
});
