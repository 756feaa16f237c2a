/**
 * examples/preflight-gate.sh, the CI gate of docs/preflight.md: it deploys a pipeline only when
 * preflight denies nothing, on the example snapshot and definitions of examples/preflight/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const examples = join(root, 'examples', 'preflight');
const marker = join(mkdtempSync(join(tmpdir(), 'preflight-gate-')), 'deployed');

function gate(definition: string, deploy: string[]) {
  return spawnSync('bash', [join(root, 'examples', 'preflight-gate.sh'), join(examples, definition), '--', ...deploy], {
    encoding: 'utf8',
    env: {
      ...process.env,
      // The tool from the sources, as the tests build nothing.
      ACCESS_DOCTOR_CMD: `${process.execPath} ${join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')} ${join(root, 'bin', 'cli.ts')}`,
      SNAPSHOT: join(examples, 'snapshot.json'),
      PIPELINE_ROLE: 'arn:aws:iam::111111111111:role/ChurnPipelineRole',
    },
    timeout: 60_000,
  });
}

describe('examples/preflight-gate.sh', () => {
  it('deploys a pipeline whose every check is allowed', () => {
    const run = gate('pipeline.json', ['touch', marker]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('preflight-gate: no check is denied');
    expect(existsSync(marker)).toBe(true);
  }, 60_000);

  it('stops the deployment, exit 3, when a new step has a role the pipeline role may not pass', () => {
    const other = `${marker}-2`;
    const run = gate('pipeline-with-evaluate-step.json', ['touch', other]);
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('DENIED  iam:PassRole on arn:aws:iam::111111111111:role/service-role/ChurnEvalRole');
    expect(run.stderr).toContain('preflight-gate: a check is denied: not deploying');
    expect(existsSync(other)).toBe(false);
  }, 60_000);
});
