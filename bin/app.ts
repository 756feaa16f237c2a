#!/usr/bin/env node
/**
 * The CDK app: one SageMaker Access Doctor stack, checked by cdk-nag's AwsSolutions rules at
 * every synth (a finding that is not acknowledged with its reason fails the synth).
 *
 * `npx cdk deploy -c notificationEmail=you@example.com` sets the default of the stack's
 * `NotificationEmails` parameter; `-c crossAccountRoleName=NAME`, `-c objectLevelReads=true` and
 * `-c reservedConcurrentExecutions=N` set the construct's props of those names; `-c earlyWarning=true`
 * turns on the early warning (docs/preflight.md).
 *
 * Organization mode (docs/deploy.md): `-c mode=organization -c organizationId=o-...
 * -c organizationalUnitIds=ou-a,ou-b -c regions=us-east-1,eu-west-1`, and `-c delegatedAdmin=true`
 * when deploying from a CloudFormation delegated administrator rather than the management account.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SageMakerAccessDoctorPropsError } from '../lib/props-error';
import type { DeploymentMode, OrganizationProps } from '../lib/sagemaker-access-doctor';
import { SageMakerAccessDoctorStack } from '../lib/sagemaker-access-doctor-stack';

/** Builds the app; exported so the tests synthesize exactly what `cdk synth` does. */
export function buildApp(app: App = new App()): { app: App; stack: SageMakerAccessDoctorStack } {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const mode = context('mode') as DeploymentMode | undefined;
  const stack = new SageMakerAccessDoctorStack(app, 'SageMakerAccessDoctor', {
    notificationEmail: context('notificationEmail'),
    doctor: {
      mode,
      organization: mode === 'organization' ? organizationContext(context) : undefined,
      crossAccountRoleName: context('crossAccountRoleName'),
      objectLevelReads: context('objectLevelReads') === 'true',
      reservedConcurrentExecutions: numberOrUndefined(context('reservedConcurrentExecutions')),
      earlyWarning: context('earlyWarning') === 'true',
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/**
 * Organization mode's context. Lists are comma-separated (`-c regions=us-east-1,eu-west-1`); a
 * missing or malformed value reaches the construct, whose validation names the prop and the fix.
 */
function organizationContext(context: (key: string) => string | undefined): OrganizationProps {
  const list = (key: string): string[] =>
    (context(key) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  return {
    organizationId: context('organizationId') ?? '',
    organizationalUnitIds: list('organizationalUnitIds'),
    regions: list('regions'),
    delegatedAdmin: context('delegatedAdmin') === 'true',
  };
}

/** `-c key=5` arrives as a string; a non-number reaches the construct, whose validation names it. */
function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

if (require.main === module) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A prop or -c value that cannot work: its one line (prop, value, fix), not a stack trace.
    if (!(error instanceof SageMakerAccessDoctorPropsError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  }
}
