import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../bin/app';
import type { SageMakerAccessDoctorStack } from '../../lib/sagemaker-access-doctor-stack';

/** A synth with cdk-nag and CloudFormation validation takes seconds alone, longer on two busy cores. */
export const SYNTH_TIMEOUT_MS = 180_000;

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

/** The logical id of a construct's CloudFormation resource (never hard-coded: it is a hash). */
export function logicalIdOf(synthesized: Synthesized, construct: IConstruct): string {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  }
  return synthesized.stack.resolve(resource.logicalId) as string;
}

/**
 * The member account template of organization mode, as synthesized next to the stack (the
 * StackSet's template asset: lib/member-account-stack.ts).
 */
export function memberTemplateOf(synthesized: Synthesized): Template {
  const member = synthesized.stack.doctor.organization?.memberStack;
  if (member === undefined) throw new Error('the stack is not in organization mode');
  return Template.fromJSON(
    JSON.parse(fs.readFileSync(path.join(synthesized.outdir, member.templateFile), 'utf8')) as Record<string, unknown>,
  );
}
