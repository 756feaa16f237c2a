import * as fs from 'fs';
import * as path from 'path';
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, type NotifyOn, RUNTIME_PROVIDED_MODULES } from '../lambda/config';
import type { FailureEventSubject } from '../lambda/job-kinds';
import { alarmPublishStatement, createAlarms } from './alarms';
import { earlyWarningRule } from './early-warning';
import { FAILURE_EVENT_PATTERNS, pascalCase } from './failure-event-patterns';
import { DEFAULT_READER_ROLE_NAME, OrganizationDeployment, type OrganizationProps } from './organization-deployment';
import { physicalNames, type PhysicalNames } from './physical-names';
import { QueueDestination } from './queue-destination';
import { Notifications, type SlackChannelProps, type TeamsChannelProps } from './notifications';
import { readPermissionStatements, readPermissionWildcardFindings } from './read-permission-statements';
import { validateProps } from './validate-props';

export type { SlackChannelProps, TeamsChannelProps } from './notifications';
export type { OrganizationProps } from './organization-deployment';

/** `account`: one account's failures. `organization`: every account of the OUs named (docs/deploy.md). */
export type DeploymentMode = 'account' | 'organization';
export const DEPLOYMENT_MODES: readonly DeploymentMode[] = ['account', 'organization'];

/** Settings of the SageMaker Access Doctor; every one has a secure default. */
export interface SageMakerAccessDoctorProps {
  /**
   * The topic the findings are published to. When given, the construct subscribes the emails
   * and chat channels to it and grants the Lambda `sns:Publish` on it; its policy and key are
   * the caller's (CloudWatch alarms need the key to allow `cloudwatch.amazonaws.com`).
   * @default - a new topic encrypted with `encryptionKey`, whose policy refuses requests without TLS
   */
  readonly topic?: sns.ITopic;
  /**
   * The customer managed key of the topic and the dead-letter queue. When `topic` is given,
   * this must be the key that topic is encrypted with (the Lambda gets `kms:GenerateDataKey`
   * and `kms:Decrypt` on it to publish).
   * @default - a new customer managed key with yearly rotation on, usable by CloudWatch
   * alarms and EventBridge of this account only
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Email addresses subscribed to the findings (each confirms by email).
   * @default - no email subscription
   */
  readonly notificationEmails?: string[];
  /**
   * A Slack channel for the findings, through AWS Chatbot.
   * @default - no Slack channel
   */
  readonly slackChannel?: SlackChannelProps;
  /**
   * A Microsoft Teams channel for the findings, through AWS Chatbot.
   * @default - no Teams channel
   */
  readonly teamsChannel?: TeamsChannelProps;
  /**
   * `account`: diagnoses the failures of the account deployed to. `organization`: deployed in
   * the management account or a CloudFormation delegated administrator, diagnoses the failures
   * of every account of `organization.organizationalUnitIds` too, through a StackSet
   * (docs/deploy.md).
   * @default 'account'
   */
  readonly mode?: DeploymentMode;
  /**
   * Where organization mode deploys: required with `mode: 'organization'`, refused otherwise.
   * @default - none
   */
  readonly organization?: OrganizationProps;
  /**
   * Name of a role, present in the other accounts, that the Lambda assumes to read bucket,
   * key and repository policies of other accounts. The Lambda may assume only roles of this
   * name. In organization mode, the StackSet creates it in every member account.
   * @default - `SageMakerAccessDoctorReader` in organization mode; else no cross-account reads:
   * evidence in other accounts is reported as incomplete
   */
  readonly crossAccountRoleName?: string;
  /**
   * Grant and turn on the object-level reads of lambda/evidence/live/permissions.ts (listings and
   * per-object metadata) to explain failures caused by one object.
   * @default false - bucket-level evidence only; the role can neither list nor read objects
   */
  readonly objectLevelReads?: boolean;
  /**
   * Which failures are notified: `all` (with their category) or only `access-denied`.
   * @default 'all'
   */
  readonly notifyOn?: NotifyOn;
  /**
   * Memory of the Lambda, in MB. Lambda gives CPU in proportion: 1024 MB shortens the
   * module initialisation of a cold start (0.9 s measured by bench/lambda.ts on a shared
   * 2-core machine) and the policy evaluation of large accounts.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Timeout of one diagnosis. The live evidence gathering makes tens of IAM, S3 and KMS calls
   * (bench/lambda.ts: 85 calls in 0.3 s at 50 ms each for a 10-channel job), and the SDK backs
   * off for seconds when IAM throttles; the handler publishes what it has before the timeout.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Concurrent diagnoses at most. Keeps a burst of failures (a pipeline fan-out) from eating
   * the account's IAM and S3 control-plane request quotas that other workloads share;
   * EventBridge and Lambda's asynchronous queue hold the rest. In organization mode every
   * instance reads the organization and assumes each member's role once, so fewer instances
   * make fewer Organizations calls and notify sooner (`npm run bench:burst`, docs/lambda.md).
   * @default 5; 3 in organization mode
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Retention of the Lambda's logs.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * How many times EventBridge retries delivering an event to the Lambda before it goes to
   * the dead-letter queue.
   * @default 4
   */
  readonly eventRetryAttempts?: number;
  /**
   * How long EventBridge keeps retrying an undelivered event before it goes to the
   * dead-letter queue.
   * @default Duration.hours(2)
   */
  readonly maxEventAge?: Duration;
  /**
   * Early warning (docs/preflight.md): an EventBridge rule on CloudTrail's records of
   * CreateTrainingJob, CreateProcessingJob, CreateTransformJob, CreateHyperParameterTuningJob,
   * CreateEndpoint, UpdateEndpoint and StartPipelineExecution; the Lambda checks each new job (or endpoint) before
   * it runs and notifies only when a check is denied ("job X will fail"). Needs a CloudTrail trail
   * that logs management events.
   * @default false
   */
  readonly earlyWarning?: boolean;
}

/** Defaults, exported for the docs and tests. */
export const DEFAULTS = {
  memorySize: 1024,
  timeout: Duration.minutes(1),
  reservedConcurrentExecutions: 5,
  /** The burst benchmark's best (docs/lambda.md, "Burst benchmark"). */
  organizationReservedConcurrentExecutions: 3,
  logRetention: logs.RetentionDays.THREE_MONTHS,
  eventRetryAttempts: 4,
  maxEventAge: Duration.hours(2),
  notifyOn: 'all' as NotifyOn,
  deadLetterRetention: Duration.days(14),
  /**
   * Lambda's asynchronous retries of a failed diagnosis (its maximum, 2) and how long an event
   * may wait in Lambda's queue (its maximum, 6 hours: reserved concurrency may hold events back):
   * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
   */
  invocationRetryAttempts: 2,
  maxInvocationEventAge: Duration.hours(6),
  idempotencyTtlAttribute: 'expiration',
} as const;

/** The Powertools settings of the Lambda (https://docs.powertools.aws.dev/lambda/typescript/latest/environment-variables/). */
export const POWERTOOLS_ENVIRONMENT = {
  POWERTOOLS_SERVICE_NAME: 'sagemaker-access-doctor',
  POWERTOOLS_METRICS_NAMESPACE: 'SageMakerAccessDoctor',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // Traced responses would copy policy documents into X-Ray.
  POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
} as const;

/**
 * SageMaker Access Doctor: diagnoses every failed SageMaker training, processing, transform,
 * tuning job, endpoint and pipeline step as it fails, and publishes the findings and
 * least-privilege patches to an SNS topic (email, Slack, Teams).
 *
 * EventBridge rules → Lambda (read-only role) → encrypted SNS topic; a DynamoDB table makes
 * repeated events (EventBridge delivers at least once) diagnose once; alarms on the Lambda's
 * errors and on the dead-letter queue notify the same topic.
 *
 * @example
 * new SageMakerAccessDoctor(this, 'Doctor', { notificationEmails: ['ml-platform@example.com'] });
 */
export class SageMakerAccessDoctor extends Construct {
  /** The Lambda that diagnoses the failures. */
  public readonly function: nodejs.NodejsFunction;
  /** The Lambda's execution role. */
  public readonly role: iam.Role;
  /** The topic the findings are published to. */
  public readonly topic: sns.ITopic;
  /** The key of the topic and the dead-letter queue. */
  public readonly encryptionKey: kms.IKey;
  /** Events EventBridge could not deliver to the Lambda. */
  public readonly deadLetterQueue: sqs.Queue;
  /**
   * The Lambda's on-failure destination: the invocation record (event, error) of every failure
   * event that failed all of Lambda's attempts.
   */
  public readonly failedInvocationQueue: sqs.Queue;
  /** The Powertools idempotency table. */
  public readonly idempotencyTable: dynamodb.Table;
  /** One rule per failure event type, by its subject (`training`, ..., `pipeline-step`). */
  public readonly rules: ReadonlyMap<FailureEventSubject, events.Rule>;
  /** The subscribers: emails, Slack and Teams channels. */
  public readonly notifications: Notifications;
  /** Organization mode's bus, rules and StackSet; undefined in account mode. */
  public readonly organization?: OrganizationDeployment;
  /** The early warning's rule (prop `earlyWarning`), absent when it is off. */
  public readonly earlyWarningRule?: events.Rule;

  public constructor(scope: Construct, id: string, props: SageMakerAccessDoctorProps = {}) {
    super(scope, id);
    validateProps(props);
    const organization = props.mode === 'organization' ? props.organization : undefined;
    const crossAccountRoleName = props.crossAccountRoleName ?? (organization ? DEFAULT_READER_ROLE_NAME : undefined);

    const names = physicalNames(this);
    this.encryptionKey = props.encryptionKey ?? this.createKey(names);
    this.notifications = new Notifications(this, 'Notifications', {
      topic: props.topic,
      encryptionKey: this.encryptionKey,
      emails: props.notificationEmails ?? [],
      slackChannel: props.slackChannel,
      teamsChannel: props.teamsChannel,
    });
    this.topic = this.notifications.topic;
    const topicKey = props.topic === undefined || props.encryptionKey !== undefined ? this.encryptionKey : undefined;

    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      // Powertools' DynamoDBPersistenceLayer defaults: key `id`, TTL attribute `expiration`.
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: DEFAULTS.idempotencyTtlAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: names.deadLetterQueue,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetention,
    });
    this.failedInvocationQueue = new sqs.Queue(this, 'FailedInvocationQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetention,
    });

    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? DEFAULTS.logRetention,
    });

    const objectLevelReads = props.objectLevelReads ?? false;
    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'SageMaker Access Doctor: reads the evidence of failed SageMaker jobs, publishes findings',
    });
    this.grantRolePermissions({
      objectLevelReads,
      crossAccountRoleName,
      topicKey,
      logGroup,
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'SageMaker Access Doctor: diagnoses failed SageMaker jobs',
      entry: handlerEntry(),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULTS.memorySize,
      timeout: props.timeout ?? DEFAULTS.timeout,
      reservedConcurrentExecutions:
        props.reservedConcurrentExecutions ??
        (organization ? DEFAULTS.organizationReservedConcurrentExecutions : DEFAULTS.reservedConcurrentExecutions),
      // A failure event that fails every attempt is kept, with its error, instead of discarded
      // (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
      onFailure: new QueueDestination(this.failedInvocationQueue),
      retryAttempts: DEFAULTS.invocationRetryAttempts,
      maxEventAge: DEFAULTS.maxInvocationEventAge,
      role: this.role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...POWERTOOLS_ENVIRONMENT,
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.topicArn]: this.topic.topicArn,
        [ENV.idempotencyTable]: this.idempotencyTable.tableName,
        [ENV.notifyOn]: props.notifyOn ?? DEFAULTS.notifyOn,
        [ENV.objectLevelReads]: String(objectLevelReads),
        ...(crossAccountRoleName ? { [ENV.crossAccountRoleName]: crossAccountRoleName } : {}),
        ...(organization ? { [ENV.organizationId]: organization.organizationId } : {}),
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // The SDK's and Powertools' ES module builds tree-shake: bench/lambda.ts measured a
        // 1.49 MB bundle initialising in 0.9 s, against 2.83 MB and 2.8 s from their CommonJS builds.
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK too, but for the EC2 client, loaded lazily from the runtime
        // (lambda/config.ts): bench/lambda.ts measured the module initialisation.
        externalModules: [...RUNTIME_PROVIDED_MODULES],
      },
    });

    const target = new targets.LambdaFunction(this.function, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: props.eventRetryAttempts ?? DEFAULTS.eventRetryAttempts,
      maxEventAge: props.maxEventAge ?? DEFAULTS.maxEventAge,
    });
    const rules = new Map<FailureEventSubject, events.Rule>();
    for (const [subject, pattern] of FAILURE_EVENT_PATTERNS) {
      const rule = new events.Rule(this, `${pascalCase(subject)}FailedRule`, {
        description: `SageMaker Access Doctor: ${pattern['detail-type'][0]}, failed`,
        eventPattern: { source: pattern.source, detailType: pattern['detail-type'], detail: pattern.detail },
        targets: [target],
      });
      rules.set(subject, rule);
    }
    this.rules = rules;
    if (organization && crossAccountRoleName) {
      this.organization = new OrganizationDeployment(this, 'Organization', {
        ...organization,
        centralRole: this.role,
        readerRoleName: crossAccountRoleName,
        objectLevelReads,
        target,
        earlyWarning: props.earlyWarning ?? false,
      });
    }
    if (props.earlyWarning) this.earlyWarningRule = earlyWarningRule(this, target);

    const alarms = createAlarms(this, {
      names,
      function: this.function,
      deadLetterQueue: this.deadLetterQueue,
      failedInvocationQueue: this.failedInvocationQueue,
      topic: this.topic,
    });
    if (props.topic === undefined) {
      // A given topic's policy is its owner's (docs/deploy.md says what it must allow).
      this.topic.addToResourcePolicy(alarmPublishStatement(this.topic, Object.values(alarms)));
    }
    this.acknowledgeNagFindings(objectLevelReads, crossAccountRoleName);
  }

  private createKey(names: PhysicalNames): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: 'SageMaker Access Doctor: findings topic and dead-letter queues',
      enableKeyRotation: true,
    });
    // Alarm actions publish to the encrypted topic as CloudWatch:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-encryption
    // The source keys hold for service event sources' KMS requests; SNS's page names EventBridge
    // alone as the source whose requests lack them (hence the queue statement below):
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
    // Scoped like the topic policy (lib/alarms.ts) to this construct's alarms, by name: the key
    // cannot reference the alarms, which publish to the topic it encrypts (lib/physical-names.ts).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${names.alarmPrefix}*`,
          },
        },
      }),
    );
    // EventBridge writes undeliverable events to the encrypted dead-letter queue
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html). Its KMS
    // requests carry no aws:SourceAccount / aws:SourceArn; SQS's do carry the queue as
    // encryption context (aws:sqs:arn,
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html),
    // so the key serves EventBridge for this queue only, and the queue policy admits only this
    // construct's rules.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToUseDeadLetterQueue',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:aws:sqs:arn': `arn:${Aws.PARTITION}:sqs:${Aws.REGION}:${Aws.ACCOUNT_ID}:${names.deadLetterQueue}`,
          },
        },
      }),
    );
    return key;
  }

  /** The role's permissions: the evidence reads, and writes limited to its own resources. */
  private grantRolePermissions(options: {
    objectLevelReads: boolean;
    crossAccountRoleName?: string;
    topicKey?: kms.IKey;
    logGroup: logs.ILogGroup;
  }): void {
    for (const statement of readPermissionStatements({ objectLevelReads: options.objectLevelReads })) {
      this.role.addToPrincipalPolicy(statement);
    }
    if (options.crossAccountRoleName) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeCrossAccountReadRole',
          actions: ['sts:AssumeRole'],
          resources: [`arn:${Aws.PARTITION}:iam::*:role/${options.crossAccountRoleName}`],
          // Only roles of accounts in the Lambda's own organization: an account outside it
          // (an id read from a bucket name, an image host) is never assumed into. The role is
          // the resource here, so its account's organization is aws:ResourceOrgID, compared
          // with the caller's own (aws:PrincipalOrgID as a policy variable); outside an
          // organization neither exists and nothing is assumed.
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
          conditions: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } },
        }),
      );
    }
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'PublishFindings', actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    if (options.topicKey) {
      // Publishing to an SSE-KMS topic: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'EncryptFindings',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [options.topicKey.keyArn],
        }),
      );
    }
    // The on-failure destination: Lambda sends the invocation record with the function's role
    // (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html), and
    // a producer of an encrypted queue needs kms:GenerateDataKey and kms:Decrypt
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#send-to-encrypted-queue),
    // here only through SQS and for this queue.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RecordFailedInvocations',
        actions: ['sqs:SendMessage'],
        resources: [this.failedInvocationQueue.queueArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptFailedInvocations',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.encryptionKey.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `sqs.${Aws.REGION}.${Aws.URL_SUFFIX}`,
            'kms:EncryptionContext:aws:sqs:arn': this.failedInvocationQueue.queueArn,
          },
        },
      }),
    );
    // What Powertools' DynamoDBPersistenceLayer calls.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RecordIdempotency',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.idempotencyTable.tableArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [options.logGroup.logGroupArn],
      }),
    );
  }

  /** cdk-nag AwsSolutions findings that are the design, each with its reason. */
  private acknowledgeNagFindings(objectLevelReads: boolean, crossAccountRoleName?: string): void {
    const role = Validations.of(this.role);
    const anyResource = 'AwsSolutions-IAM5[Resource::*]';
    const tracing =
      'xray:PutTraceSegments, xray:PutTelemetryRecords cannot be scoped to a resource (no resource-level permissions); needed to: trace the Lambda.';
    const findings = readPermissionWildcardFindings({ objectLevelReads });
    for (const finding of findings) {
      role.acknowledge(
        finding.id === anyResource ? { id: anyResource, reason: `${finding.reason} ${tracing}` } : finding,
      );
    }
    if (!findings.some((finding) => finding.id === anyResource)) {
      role.acknowledge({ id: anyResource, reason: tracing });
    }
    if (crossAccountRoleName) {
      role.acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${crossAccountRoleName}]`,
        reason:
          'The cross-account read role has the same name in every account the failed jobs read from; only that name may be assumed.',
      });
    }
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the EventBridge targets; a dead-letter queue has no dead-letter queue of its own.',
    });
    Validations.of(this.failedInvocationQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is the Lambda's on-failure destination, the dead-letter queue of its asynchronous invocations; it has no dead-letter queue of its own.",
    });
  }
}

/** The repository root: the parent of lib/ (sources run by tsx or jest) or of dist/lib/ (compiled). */
const PROJECT_ROOT = projectRoot();

function projectRoot(): string {
  const candidates = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')];
  const root = candidates.find((dir) => fs.existsSync(path.join(dir, 'package-lock.json')));
  if (root === undefined) {
    throw new Error(
      `SageMakerAccessDoctor: no package-lock.json in ${candidates.join(' or ')}; the construct bundles lambda/handler.ts from the repository it ships in, so run the CDK app from a checkout of it.`,
    );
  }
  return root;
}

/** The handler's TypeScript source, which esbuild bundles. */
function handlerEntry(): string {
  return path.join(PROJECT_ROOT, 'lambda', 'handler.ts');
}
