import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../bin/app';
import type { SageMakerAccessDoctorStack } from '../../lib/sagemaker-access-doctor-stack';

export interface Synthesized {
  app: App;
  stack: SageMakerAccessDoctorStack;
  template: Template;
  outdir: string;
}

/**
 * Synthesizes the CDK app exactly as `cdk synth` builds it (bin/app.ts, cdk-nag included),
 * with the given `-c` context. Bundling the Lambda takes seconds, so it is skipped unless
 * asked for (`aws:cdk:bundling-stacks` empty: the asset is a placeholder).
 */
export function synthesize(context: Record<string, string> = {}, options: { bundle?: boolean } = {}): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-doctor-cdk-'));
  const app = new App({
    outdir,
    context: { ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context },
  });
  const { stack } = buildApp(app);
  const template = Template.fromStack(stack);
  return { app, stack, template, outdir };
}

/** A statement of an IAM policy document, as the template holds it. */
export interface TemplateStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every statement of the policies attached to the role with this logical id. */
export function roleStatements(template: Template, roleLogicalId: string): TemplateStatement[] {
  const statements: TemplateStatement[] = [];
  const policies = template.findResources('AWS::IAM::Policy');
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as { Ref?: string }[];
    if (roles.some((role) => role.Ref === roleLogicalId)) {
      statements.push(...(policy.Properties.PolicyDocument.Statement as TemplateStatement[]));
    }
  }
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  for (const inline of (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: TemplateStatement[] } }[]) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** The actions of these statements, as a sorted list without duplicates. */
export function actionsOf(statements: TemplateStatement[]): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

/** The logical id of the only resource of this type whose construct path ends with `pathSuffix`. */
export function logicalIdAt(synthesized: Synthesized, type: string, pathSuffix: string): string {
  const matches = Object.entries(synthesized.template.findResources(type)).filter(([, resource]) =>
    String(resource.Metadata?.['aws:cdk:path'] ?? '').endsWith(pathSuffix),
  );
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} at */${pathSuffix}, found ${matches.length}`);
  }
  return matches[0][0];
}
