#!/usr/bin/env node
/**
 * The CDK app: one SageMaker Access Doctor stack, checked by cdk-nag's AwsSolutions rules at
 * every synth (a finding that is not acknowledged with its reason fails the synth).
 *
 * `npx cdk deploy -c notificationEmail=you@example.com` sets the default of the stack's
 * `NotificationEmails` parameter; `-c crossAccountRoleName=NAME`, `-c objectLevelReads=true` and
 * `-c reservedConcurrentExecutions=N` set the construct's props of those names.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SageMakerAccessDoctorStack } from '../lib/sagemaker-access-doctor-stack';

/** Builds the app; exported so the tests synthesize exactly what `cdk synth` does. */
export function buildApp(app: App = new App()): { app: App; stack: SageMakerAccessDoctorStack } {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const stack = new SageMakerAccessDoctorStack(app, 'SageMakerAccessDoctor', {
    notificationEmail: context('notificationEmail'),
    doctor: {
      crossAccountRoleName: context('crossAccountRoleName'),
      objectLevelReads: context('objectLevelReads') === 'true',
      reservedConcurrentExecutions: numberOrUndefined(context('reservedConcurrentExecutions')),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** `-c key=5` arrives as a string; a non-number reaches the construct, whose validation names it. */
function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

if (require.main === module) {
  buildApp().app.synth();
}
