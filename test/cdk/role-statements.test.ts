import { applicableReadPermissions } from '../../lib/read-permission-statements';
import { READ_PERMISSIONS } from '../../lambda/evidence/live/permissions';
import {
  actionsOf,
  logicalIdOf,
  SYNTH_TIMEOUT_MS,
  roleStatements,
  synthesize,
  type Synthesized,
  type TemplateStatement,
} from './synthesize';

/**
 * What the role may write, whatever the options: its topic, the topic key, its failed-invocation
 * queue, its table, its logs, its traces.
 */
const WRITES = [
  'sns:Publish',
  'sqs:SendMessage',
  'kms:GenerateDataKey',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

function expectedActions(objectLevelReads: boolean, extra: string[] = []): string[] {
  const reads = applicableReadPermissions({ objectLevelReads }).flatMap((p) => p.actions);
  return [...new Set([...reads, ...WRITES, ...extra])].sort();
}

function statementsOf(built: Synthesized): TemplateStatement[] {
  return roleStatements(built.template, logicalIdOf(built, built.stack.doctor.role));
}

/** The statement granting `action` (exactly one, by construction; `sid` picks one of several). */
function statementFor(statements: TemplateStatement[], action: string, sid?: string): TemplateStatement {
  const found = statements.filter(
    (s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action) && (sid === undefined || s.Sid === sid),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

// Given the default app and one with every option turned on (each built once)
let defaults: Synthesized;
let everything: Synthesized;
beforeAll(() => {
  defaults = synthesize();
  everything = synthesize({ crossAccountRoleName: 'AccessDoctorReader', objectLevelReads: 'true' });
}, SYNTH_TIMEOUT_MS);

describe("the Lambda role's statements", () => {
  test('by default hold exactly the non-object-level reads and the writes, nothing more', () => {
    // When the role's statements are collected, Then their actions are exactly these
    expect(actionsOf(statementsOf(defaults))).toEqual(expectedActions(false));
  });

  test('object-level reads add exactly the object-level permissions', () => {
    const objectLevel = READ_PERMISSIONS.filter((p) => p.objectLevel).flatMap((p) => p.actions);
    expect(objectLevel.length).toBeGreaterThan(0);
    expect(actionsOf(statementsOf(defaults))).toEqual(expect.not.arrayContaining(objectLevel));
    expect(actionsOf(statementsOf(everything))).toEqual(expectedActions(true, ['sts:AssumeRole']));
  });

  test('are all Allow statements with no wildcard action', () => {
    for (const statement of [...statementsOf(defaults), ...statementsOf(everything)]) {
      expect(statement.Effect).toBe('Allow');
      expect(JSON.stringify(statement.Action)).not.toContain('*');
    }
  });

  test('scope every read to the resources lambda/evidence/live/permissions.ts names, bound to the deploying partition, region and account', () => {
    const statements = statementsOf(defaults);
    const resolve = (resource: string) =>
      resource.includes('${')
        ? {
            'Fn::Join': [
              '',
              resource
                .split(/(\$\{Partition\}|\$\{Region\}|\$\{Account\})/)
                .filter((part) => part !== '')
                .map((part) =>
                  part === '${Partition}'
                    ? { Ref: 'AWS::Partition' }
                    : part === '${Region}'
                      ? { Ref: 'AWS::Region' }
                      : part === '${Account}'
                        ? { Ref: 'AWS::AccountId' }
                        : part,
                ),
            ],
          }
        : resource;
    for (const permission of applicableReadPermissions({ objectLevelReads: false })) {
      const statement = statementFor(statements, permission.actions[0]);
      const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      expect(resources).toEqual(permission.resources.map(resolve));
    }
  });

  test('publish only to the findings topic, with only its key', () => {
    const statements = statementsOf(defaults);
    expect(statementFor(statements, 'sns:Publish').Resource).toEqual({
      Ref: logicalIdOf(defaults, defaults.stack.doctor.topic),
    });
    expect(statementFor(statements, 'kms:GenerateDataKey', 'EncryptFindings').Resource).toEqual({
      'Fn::GetAtt': [logicalIdOf(defaults, defaults.stack.doctor.encryptionKey), 'Arn'],
    });
  });

  test('write only to the idempotency table and the own log group', () => {
    const statements = statementsOf(defaults);
    expect(statementFor(statements, 'dynamodb:PutItem').Resource).toEqual({
      'Fn::GetAtt': [logicalIdOf(defaults, defaults.stack.doctor.idempotencyTable), 'Arn'],
    });
    expect(statementFor(statements, 'logs:PutLogEvents').Resource).toEqual({
      'Fn::GetAtt': [logicalIdOf(defaults, defaults.stack.doctor.node.findChild('LogGroup')), 'Arn'],
    });
  });

  test('may assume only the cross-account role of the name given in props, in any account', () => {
    expect(actionsOf(statementsOf(defaults))).not.toContain('sts:AssumeRole');
    expect(statementFor(statementsOf(everything), 'sts:AssumeRole').Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/AccessDoctorReader']],
    });
  });

  test('may assume the cross-account role only in accounts of its own organization', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
    expect(statementFor(statementsOf(everything), 'sts:AssumeRole').Condition).toEqual({
      StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' },
    });
  });

  test('read managed policies only of the own account and AWS, never of another account', () => {
    const statement = statementFor(statementsOf(defaults), 'iam:GetPolicyVersion');
    expect(statement.Action).toEqual(['iam:GetPolicy', 'iam:GetPolicyVersion']);
    expect(statement.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':policy/*']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/*']] },
    ]);
  });

  test('read Organizations policies and parents by ARN; only DescribeOrganization, ListAccounts, ListRoots and ListPolicies (no resource types) on every resource', () => {
    const statements = statementsOf(defaults);
    const anyResource = statements.filter((s) => s.Resource === '*').flatMap((s) => s.Action);
    expect(anyResource.filter((action) => String(action).startsWith('organizations:'))).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAccounts',
      'organizations:ListRoots',
      'organizations:ListPolicies',
    ]);
    expect(JSON.stringify(statementFor(statements, 'organizations:DescribePolicy').Resource)).toContain(
      ':organizations::aws:policy/*',
    );
  });

  test('write failed invocations only to the failed-invocation queue, with the key only through SQS for that queue', () => {
    const statements = statementsOf(defaults);
    const queue = { 'Fn::GetAtt': [logicalIdOf(defaults, defaults.stack.doctor.failedInvocationQueue), 'Arn'] };
    expect(statementFor(statements, 'sqs:SendMessage').Resource).toEqual(queue);
    expect(statementFor(statements, 'kms:GenerateDataKey', 'EncryptFailedInvocations')).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': [logicalIdOf(defaults, defaults.stack.doctor.encryptionKey), 'Arn'] },
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': queue } },
    });
  });

  test('the role has no managed policy and only the Lambda service may assume it', () => {
    const role = defaults.template.findResources('AWS::IAM::Role')[logicalIdOf(defaults, defaults.stack.doctor.role)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });
});
