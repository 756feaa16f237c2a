import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** `npx cdk synth -q` exactly as the README runs it, offline: no credentials, no network. */
function cdkSynth(outdir: string, context: string[]): string {
  return execFileSync(
    'npx',
    ['--no-install', 'cdk', 'synth', '-q', '--no-notices', '--output', outdir, ...context.flatMap((c) => ['-c', c])],
    {
      cwd: ROOT,
      stdio: 'pipe',
      encoding: 'utf8',
      timeout: 280_000,
      env: {
        PATH: process.env.PATH,
        HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-home-')),
        CDK_DEFAULT_ACCOUNT: '111111111111',
        CDK_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: '1',
      },
    },
  );
}

describe('npx cdk synth (offline, as in CI)', () => {
  let outdir: string;
  let template: {
    Parameters: Record<string, { Default?: string }>;
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  beforeAll(() => {
    // Given a checkout with no AWS credentials, When the CDK CLI synthesizes the app with the README's context
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-doctor-synth-'));
    cdkSynth(outdir, ['notificationEmail=you@example.com']);
    template = JSON.parse(fs.readFileSync(path.join(outdir, 'SageMakerAccessDoctor.template.json'), 'utf8'));
  }, 300_000);

  test('produces a template whose parameters take the subscribers, the email from -c notificationEmail', () => {
    expect(Object.keys(template.Parameters)).toEqual(
      expect.arrayContaining([
        'NotificationEmails',
        'SlackWorkspaceId',
        'SlackChannelId',
        'TeamsTeamId',
        'TeamsTenantId',
        'TeamsChannelId',
      ]),
    );
    expect(template.Parameters.NotificationEmails.Default).toBe('you@example.com');
  });

  test('bundles the handler with esbuild locally, minified, with a source map', () => {
    const fn = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::Function');
    const assetDir = path.join(outdir, String(fn?.Metadata?.['aws:asset:path']));
    const code = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(fs.existsSync(path.join(assetDir, 'index.js.map'))).toBe(true);
    // Minified: a few very long lines, not the sources' short ones
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    // From the ES module builds of the SDK (bench/lambda.ts: 1.49 MB; CommonJS builds give 2.83 MB)
    expect(code.length).toBeLessThan(2 * 1024 * 1024);
  });

  test('reports no cdk-nag finding (a finding would have failed the synth)', () => {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: unknown[] }[];
    };
    expect(
      report.pluginReports.filter((plugin) => plugin.pluginName === 'AwsSolutions').flatMap((p) => p.violations),
    ).toEqual([]);
  });
});

describe('npx cdk synth with a -c value that cannot work', () => {
  test('fails with one line naming the prop, the value and the fix, no stack trace', () => {
    // Given an organization name where the organization's id belongs
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-doctor-synth-'));
    let stderr = '';
    try {
      cdkSynth(outdir, ['mode=organization', 'organizationId=acme']);
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
    }
    // Then the synth failed, saying which prop, what it received and how to fix it
    const lines = stderr.split('\n').filter((line) => line.includes('SageMakerAccessDoctor prop'));
    expect(lines).toEqual([
      expect.stringContaining('prop organization.organizationId: is not an organization id; received "acme".'),
    ]);
    expect(stderr).toContain('aws organizations describe-organization');
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 300_000);
});
