import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { synthesize, type Synthesized, SYNTH_TIMEOUT_MS } from './synthesize';

/** The AwsSolutions rule ids acknowledged anywhere in the tree, with their reasons. */
function acknowledgements(scope: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        const ruleId = id.replace(/^annotation::/i, '');
        if (ruleId.startsWith('AwsSolutions-')) found.set(ruleId, reason);
      }
    }
  }
  return found;
}

/** The findings cdk-nag reports when no acknowledgement is read: each id as acknowledgements name it. */
function unacknowledgedFindings(scope: IConstruct): string[] {
  const hidden: { entry: { data: unknown }; data: unknown }[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata as { type: string; data: unknown }[]) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        hidden.push({ entry, data: entry.data });
        entry.data = {};
      }
    }
  }
  try {
    return new AwsSolutionsChecks().validateScope(scope).violations.map((violation) => violation.ruleName);
  } finally {
    hidden.forEach(({ entry, data }) => (entry.data = data));
  }
}

function nagReportViolations(built: Synthesized): unknown[] {
  const report = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: unknown[] }[];
  };
  return report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) => plugin.violations);
}

describe.each([
  ['the default app', {}],
  [
    'the app with cross-account and object-level reads',
    { crossAccountRoleName: 'AccessDoctorReader', objectLevelReads: 'true' },
  ],
  [
    // The member template is part of the app's construct tree: the pack checks it too
    'the app in organization mode (central stack and member template)',
    {
      mode: 'organization',
      organizationId: 'o-a1b2c3d4e5',
      organizationalUnitIds: 'ou-ab12-cdef3456',
      regions: 'us-east-1,eu-west-1',
      objectLevelReads: 'true',
    },
  ],
])('cdk-nag AwsSolutions on %s', (_name, context: Record<string, string>) => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize(context);
  }, SYNTH_TIMEOUT_MS);

  test('reports zero unacknowledged findings', () => {
    // When the AwsSolutions pack checks the tree with its acknowledgements
    const report = new AwsSolutionsChecks().validateScope(built.app);
    // Then nothing is left, and the synth that ran the plugin recorded nothing either
    expect(report.violations).toEqual([]);
    expect(nagReportViolations(built)).toEqual([]);
  });

  test('acknowledges each finding it has, each with a reason, and nothing that is not a finding', () => {
    // Given the findings cdk-nag reports when acknowledgements are ignored
    const findings = unacknowledgedFindings(built.app);
    const acknowledged = acknowledgements(built.app);
    // Then the pack is really active here, every finding is acknowledged and every acknowledgement is used
    expect(findings.length).toBeGreaterThan(0);
    expect([...acknowledged.keys()].sort()).toEqual([...new Set(findings)].sort());
    for (const [id, reason] of acknowledged) {
      expect({ id, reasonLength: reason.trim().length > 30 }).toEqual({ id, reasonLength: true });
    }
  });

  test('calls resource-less only actions that have no resource-level permissions', () => {
    // Given the reason of the `Resource::*` acknowledgement, which lists the actions granted on every resource
    const reason = acknowledgements(built.app).get('AwsSolutions-IAM5[Resource::*]') ?? '';
    // Then Organizations' policy and parent reads, which take ARNs
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsorganizations.html), are not among them
    expect(reason).toContain('organizations:DescribeOrganization');
    for (const action of ['DescribePolicy', 'ListParents', 'ListPoliciesForTarget']) {
      expect(reason).not.toContain(`organizations:${action}`);
    }
  });
});
