import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, type Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { ENV } from '../../lambda/config';
import { READ_PERMISSIONS } from '../../lambda/evidence/live/permissions';
import { FAILURE_EVENT_PATTERNS } from '../../lib/failure-event-patterns';
import { MEMBER_PARAMETERS } from '../../lib/member-account-stack';
import { DEFAULT_READER_ROLE_NAME } from '../../lib/organization-deployment';
import { applicableReadPermissions } from '../../lib/read-permission-statements';
import {
  actionsOf,
  logicalIdOf,
  memberTemplateOf,
  roleStatements,
  synthesize,
  SYNTH_TIMEOUT_MS,
  type Synthesized,
  type TemplateStatement,
} from './synthesize';

const ORGANIZATION = {
  mode: 'organization',
  organizationId: 'o-a1b2c3d4e5',
  organizationalUnitIds: 'ou-ab12-cdef3456,ou-ab12-77778888',
  regions: 'us-east-1,eu-west-1,ap-southeast-2',
};
const REGIONS = ORGANIZATION.regions.split(',');

// Given the app in organization mode from the management account, from a delegated
// administrator with every option, and in account mode (each synthesized once)
let management: Synthesized;
let delegated: Synthesized;
let account: Synthesized;
beforeAll(() => {
  management = synthesize(ORGANIZATION);
  delegated = synthesize({
    ...ORGANIZATION,
    delegatedAdmin: 'true',
    objectLevelReads: 'true',
    crossAccountRoleName: 'PlatformAccessDoctorReader',
  });
  account = synthesize();
}, SYNTH_TIMEOUT_MS * 2);

function organizationOf(built: Synthesized) {
  const organization = built.stack.doctor.organization;
  if (organization === undefined) throw new Error('not in organization mode');
  return organization;
}

/** The logical id of a construct of the member template. */
function memberLogicalId(built: Synthesized, construct: IConstruct): string {
  const member = organizationOf(built).memberStack;
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) throw new Error(`${construct.node.path} has no resource`);
  return (member as Stack).resolve(resource.logicalId) as string;
}

function stackSetOf(built: Synthesized): Record<string, unknown> {
  const stackSets = Object.values(built.template.findResources('AWS::CloudFormation::StackSet'));
  expect(stackSets).toHaveLength(1);
  return stackSets[0].Properties as Record<string, unknown>;
}

/** A resource of a statement with the pseudo parameters written as the permissions list writes them. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const names: Record<string, string> = {
      'AWS::Partition': '${Partition}',
      'AWS::Region': '${Region}',
      'AWS::AccountId': '${Account}',
    };
    const name = names[String(object.Ref)];
    if (name === undefined) throw new Error(`unexpected Ref ${String(object.Ref)}`);
    return name;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** Statement id → its sorted actions and resources, each resource rendered with placeholders. */
function readsBySid(statements: TemplateStatement[]): Map<string, { actions: string[]; resources: string[] }> {
  return new Map(
    statements.map((statement) => [
      String(statement.Sid),
      {
        actions: actionsOf([statement]),
        resources: asList(statement.Resource).map(render).sort(),
      },
    ]),
  );
}

function lambdaReadStatements(built: Synthesized): TemplateStatement[] {
  const reads = new Set(READ_PERMISSIONS.flatMap((permission) => permission.actions));
  return roleStatements(built.template, logicalIdOf(built, built.stack.doctor.role)).filter((statement) =>
    actionsOf([statement]).every((action) => reads.has(action)),
  );
}

function readerStatements(built: Synthesized): TemplateStatement[] {
  const member = memberTemplateOf(built);
  return roleStatements(member, memberLogicalId(built, organizationOf(built).memberStack.readerRole));
}

describe('organization mode: the StackSet (central template)', () => {
  test('is service-managed, deploys automatically to joining accounts and removes stacks of leaving ones', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
    for (const built of [management, delegated]) {
      const stackSet = stackSetOf(built);
      expect(stackSet.PermissionModel).toBe('SERVICE_MANAGED');
      expect(stackSet.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: false });
      // The member template names its read role: CloudFormation must be told
      expect(stackSet.Capabilities).toEqual(['CAPABILITY_NAMED_IAM']);
    }
  });

  test('acts as the management account, or as a delegated administrator when told so', () => {
    expect(stackSetOf(management).CallAs).toBe('SELF');
    expect(stackSetOf(delegated).CallAs).toBe('DELEGATED_ADMIN');
  });

  test('targets exactly the OUs and Regions of the context, every account in them', () => {
    expect(stackSetOf(management).StackInstancesGroup).toEqual([
      {
        DeploymentTargets: {
          AccountFilterType: 'NONE',
          OrganizationalUnitIds: ORGANIZATION.organizationalUnitIds.split(','),
        },
        Regions: REGIONS,
      },
    ]);
  });

  test("gives the member template the central bus and the Lambda's role, and takes it from the stack's assets", () => {
    const organization = organizationOf(management);
    const stackSet = stackSetOf(management);
    expect(stackSet.Parameters).toEqual(
      expect.arrayContaining([
        {
          ParameterKey: MEMBER_PARAMETERS.centralEventBusArn,
          ParameterValue: { 'Fn::GetAtt': [logicalIdOf(management, organization.eventBus), 'Arn'] },
        },
        {
          ParameterKey: MEMBER_PARAMETERS.centralRoleArn,
          ParameterValue: { 'Fn::GetAtt': [logicalIdOf(management, management.stack.doctor.role), 'Arn'] },
        },
      ]),
    );
    expect(stackSet.Parameters).toHaveLength(2);
    // The template URL is the asset of the member template (published by cdk deploy / cdk publish-assets)
    const manifest = JSON.parse(
      fs.readFileSync(path.join(management.outdir, `${management.stack.artifactId}.assets.json`), 'utf8'),
    ) as { files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }> };
    const template = Object.values(manifest.files).find(
      (file) => file.source.path === organization.memberStack.templateFile,
    );
    expect(template).toBeDefined();
    const [destination] = Object.values(template?.destinations ?? {});
    expect(JSON.stringify(stackSet.TemplateURL)).toContain(`/${destination.objectKey}`);
  });

  test('is created after the bus policy that admits the member accounts', () => {
    const stackSetId = logicalIdOf(management, organizationOf(management).stackSet.node.defaultChild as CfnResource);
    const policyId = Object.keys(management.template.findResources('AWS::Events::EventBusPolicy'))[0];
    expect(management.template.toJSON().Resources[stackSetId].DependsOn).toEqual(expect.arrayContaining([policyId]));
  });
});

describe('organization mode: the central event bus', () => {
  test('admits events:PutEvents from accounts of the organization only', () => {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
    const busId = logicalIdOf(management, organizationOf(management).eventBus);
    const policies = Object.values(management.template.findResources('AWS::Events::EventBusPolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.EventBusName).toEqual({ Ref: busId });
    expect(policies[0].Properties.Statement).toEqual({
      Sid: 'cdk-AllowOrganizationToForwardFailures',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.organizationId } },
    });
  });

  test("has one rule per failure pattern, sending the members' failures to the Lambda, not the central account's own twice", () => {
    const busId = logicalIdOf(management, organizationOf(management).eventBus);
    const functionId = logicalIdOf(management, management.stack.doctor.function);
    const onBus = Object.values(management.template.findResources('AWS::Events::Rule')).filter(
      (rule) => JSON.stringify(rule.Properties.EventBusName) === JSON.stringify({ Ref: busId }),
    );
    expect(onBus.map((rule) => rule.Properties.EventPattern)).toEqual(
      [...FAILURE_EVENT_PATTERNS.values()].map((pattern) => ({
        ...pattern,
        account: [{ 'anything-but': [{ Ref: 'AWS::AccountId' }] }],
      })),
    );
    for (const rule of onBus) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          DeadLetterConfig: expect.anything(),
          RetryPolicy: expect.anything(),
        }),
      ]);
    }
  });

  test("keeps the central account's own rules on its default bus, as in account mode", () => {
    const onDefault = (built: Synthesized) =>
      Object.values(built.template.findResources('AWS::Events::Rule'))
        .filter((rule) => rule.Properties.EventBusName === undefined)
        .map((rule) => rule.Properties.EventPattern);
    expect(onDefault(management)).toEqual(onDefault(account));
    expect(onDefault(account)).toHaveLength(FAILURE_EVENT_PATTERNS.size);
  });
});

describe('organization mode: the Lambda', () => {
  test('is told the read role name (default SageMakerAccessDoctorReader) and the organization id', () => {
    const environment = (built: Synthesized) =>
      Object.values(built.template.findResources('AWS::Lambda::Function'))[0].Properties.Environment.Variables;
    expect(environment(management)).toEqual(
      expect.objectContaining({
        [ENV.crossAccountRoleName]: DEFAULT_READER_ROLE_NAME,
        [ENV.organizationId]: ORGANIZATION.organizationId,
      }),
    );
    expect(environment(delegated)[ENV.crossAccountRoleName]).toBe('PlatformAccessDoctorReader');
    expect(environment(account)).not.toHaveProperty(ENV.crossAccountRoleName);
    expect(environment(account)).not.toHaveProperty(ENV.organizationId);
  });

  test("reserves 3 concurrent executions, the burst benchmark's best, unless told otherwise (account mode: 5)", () => {
    const reserved = (built: Synthesized) =>
      Object.values(built.template.findResources('AWS::Lambda::Function'))[0].Properties.ReservedConcurrentExecutions;
    expect(reserved(management)).toBe(3);
    expect(reserved(account)).toBe(5);
  });

  test('may assume that role name, in the organization only', () => {
    const assume = roleStatements(management.template, logicalIdOf(management, management.stack.doctor.role)).filter(
      (statement) => actionsOf([statement]).includes('sts:AssumeRole'),
    );
    expect(assume).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${DEFAULT_READER_ROLE_NAME}`]] },
        Condition: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } },
      }),
    ]);
  });

  test('outputs the bus and the StackSet name in organization mode only', () => {
    expect(Object.keys(management.template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['OrganizationEventBusArn', 'MemberStackSetName']),
    );
    expect(stackSetOf(management).StackSetName).toEqual(
      management.template.findOutputs('MemberStackSetName').MemberStackSetName.Value,
    );
    expect(Object.keys(account.template.findOutputs('*'))).not.toContain('MemberStackSetName');
  });

  test('account mode has no StackSet, no organization bus and no member template', () => {
    expect(account.stack.doctor.organization).toBeUndefined();
    account.template.resourceCountIs('AWS::CloudFormation::StackSet', 0);
    account.template.resourceCountIs('AWS::Events::EventBus', 0);
    account.template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });
});

describe('organization mode: the member template', () => {
  test('has no assets and no bootstrap check: member accounts are not bootstrapped', () => {
    const member = memberTemplateOf(management).toJSON();
    expect(member.Parameters).not.toHaveProperty('BootstrapVersion');
    expect(JSON.stringify(member)).not.toContain('aws:asset:');
    expect(JSON.stringify(member)).not.toContain('cdk-hnb659fds');
  });

  test("creates the read role of the Lambda's name, in the first Region's stack only (IAM roles are global)", () => {
    const member = memberTemplateOf(delegated);
    const readerId = memberLogicalId(delegated, organizationOf(delegated).memberStack.readerRole);
    const reader = member.toJSON().Resources[readerId];
    expect(reader.Properties.RoleName).toBe('PlatformAccessDoctorReader');
    expect(member.toJSON().Conditions[reader.Condition]).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, REGIONS[0]],
    });
    // And its policies exist with it, never without it
    for (const policy of Object.values(member.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(readerId),
    )) {
      expect(policy.Condition).toBe(reader.Condition);
    }
    const roleNames = Object.values(memberTemplateOf(management).findResources('AWS::IAM::Role')).map(
      (role) => role.Properties.RoleName,
    );
    expect(roleNames).toContain(DEFAULT_READER_ROLE_NAME);
  });

  test("trusts only the central Lambda's role, and only from inside the organization", () => {
    const member = memberTemplateOf(management);
    const readerId = memberLogicalId(management, organizationOf(management).memberStack.readerRole);
    expect(member.toJSON().Resources[readerId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: { Ref: MEMBER_PARAMETERS.centralRoleArn } },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.organizationId } },
      },
    ]);
  });

  test.each([
    ['the default reads', () => management, false],
    ['object-level reads', () => delegated, true],
  ])("holds exactly the Lambda role's reads (%s), bound to every Region targeted", (_name, built, objectLevelReads) => {
    // Given the Lambda role's read statements and the member read role's statements
    const lambda = readsBySid(lambdaReadStatements(built()));
    const reader = readsBySid(readerStatements(built()));
    // Then the Lambda's reads are the permissions list's, and the reader's are the same
    // statements, each `${Region}` resource granted in each Region of the StackSet
    expect([...lambda.values()].flatMap((read) => read.actions).sort()).toEqual(
      [...new Set(applicableReadPermissions({ objectLevelReads }).flatMap((p) => p.actions))].sort(),
    );
    expect([...reader.keys()].sort()).toEqual([...lambda.keys()].sort());
    for (const [sid, read] of lambda) {
      const expanded = read.resources
        .flatMap((resource) =>
          resource.includes('${Region}') ? REGIONS.map((region) => resource.replace('${Region}', region)) : [resource],
        )
        .sort();
      expect({ sid, ...reader.get(sid) }).toEqual({ sid, actions: read.actions, resources: expanded });
    }
  });

  test('keeps an event it could not forward in an encrypted dead-letter queue that only its rules may write, with an alarm', () => {
    const member = memberTemplateOf(management);
    const { undeliveredQueue, undeliveredAlarm, rules } = organizationOf(management).memberStack;
    const queueId = memberLogicalId(management, undeliveredQueue);
    for (const rule of Object.values(member.findResources('AWS::Events::Rule')))
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } } }),
      ]);
    member.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    // EventBridge may send to it only for the forwarding rules (aws:SourceArn), over TLS only
    const policy = Object.values(member.findResources('AWS::SQS::QueuePolicy'))[0].Properties.PolicyDocument as {
      Statement: {
        Effect: string;
        Principal?: { Service?: string };
        Condition?: Record<string, Record<string, unknown>>;
      }[];
    };
    const sends = policy.Statement.filter((statement) => statement.Principal?.Service === 'events.amazonaws.com');
    expect(sends.map((statement) => statement.Condition?.ArnEquals?.['aws:SourceArn'])).toEqual(
      [...rules.values()].map((rule) => ({ 'Fn::GetAtt': [memberLogicalId(management, rule), 'Arn'] })),
    );
    expect(policy.Statement.some((statement) => statement.Effect === 'Deny')).toBe(true);
    const alarm = member.toJSON().Resources[memberLogicalId(management, undeliveredAlarm)].Properties;
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  test('forwards each failure pattern to the central bus with a role that may only put events there', () => {
    const member = memberTemplateOf(management);
    const forwarderId = memberLogicalId(management, organizationOf(management).memberStack.forwarderRole);
    const rules = Object.values(member.findResources('AWS::Events::Rule'));
    expect(rules.map((rule) => rule.Properties.EventPattern)).toEqual([...FAILURE_EVENT_PATTERNS.values()]);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: MEMBER_PARAMETERS.centralEventBusArn },
          RoleArn: { 'Fn::GetAtt': [forwarderId, 'Arn'] },
        }),
      ]);
    }
    expect(roleStatements(member, forwarderId)).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { Ref: MEMBER_PARAMETERS.centralEventBusArn },
      }),
    ]);
    member.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      },
    });
  });

  test('checks the parameters the StackSet sets are ARNs of the right kind', () => {
    const parameters = memberTemplateOf(management).toJSON().Parameters as Record<string, { AllowedPattern: string }>;
    const busPattern = new RegExp(parameters[MEMBER_PARAMETERS.centralEventBusArn].AllowedPattern);
    const rolePattern = new RegExp(parameters[MEMBER_PARAMETERS.centralRoleArn].AllowedPattern);
    expect(busPattern.test('arn:aws:events:us-east-1:111111111111:event-bus/Doctor-AccessDoctor-c85524ef')).toBe(true);
    expect(busPattern.test('arn:aws:events:us-east-1:111111111111:rule/x')).toBe(false);
    expect(rolePattern.test('arn:aws:iam::111111111111:role/Doctor-ServiceRole-ABC')).toBe(true);
    expect(rolePattern.test('arn:aws:iam::111111111111:user/alice')).toBe(false);
  });
});

describe('docs/deploy.md describes organization mode as deployed', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'deploy.md'), 'utf8');

  test('lists every output of the organization mode stack', () => {
    for (const output of Object.keys(management.template.findOutputs('*'))) {
      expect({ output, listed: doc.includes(`\`${output}\``) }).toEqual({ output, listed: true });
    }
  });

  test('gives each -c option the app reads, in the KEY=value form it takes', () => {
    // Given the context keys bin/app.ts reads
    const app = fs.readFileSync(path.join(__dirname, '..', '..', 'bin', 'app.ts'), 'utf8');
    const keys = [...app.matchAll(/(?:context|list)\('(\w+)'\)/g)].map((match) => match[1]);
    expect(keys).toEqual(expect.arrayContaining(['mode', 'organizationId', 'organizationalUnitIds', 'regions']));
    // Then the deploy page shows each of them
    for (const key of new Set(keys)) {
      expect({ key, documented: doc.includes(`${key}=`) }).toEqual({ key, documented: true });
    }
  });
});
