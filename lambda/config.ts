/**
 * The Lambda's configuration: environment variable names shared by the handler (lambda/) and
 * the construct that sets them (lib/). One place, so the two cannot drift apart.
 */
export const ENV = {
  /** ARN of the SNS topic the findings are published to. */
  topicArn: 'TOPIC_ARN',
  /** Name of the DynamoDB table of the Powertools idempotency persistence layer. */
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  /** `all` (default): notify every failure with its category; `access-denied`: only access failures. */
  notifyOn: 'NOTIFY_ON',
  /** Optional role name to assume in other accounts to read bucket and key policies. */
  crossAccountRoleName: 'CROSS_ACCOUNT_ROLE_NAME',
  /**
   * Set by the stack in organization mode (docs/deploy.md): the id (`o-...`) of the organization
   * whose member accounts forward their failures and hold the read role.
   */
  organizationId: 'ORGANIZATION_ID',
  /** `true` turns on object-level reads (ListObjectsV2, HeadObject, GetObjectAcl). Default off. */
  objectLevelReads: 'OBJECT_LEVEL_READS',
} as const;

export const NOTIFY_ON = ['all', 'access-denied'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

/**
 * Modules the Lambda takes from its runtime instead of its bundle: the Node.js runtimes include
 * the AWS SDK for JavaScript v3 (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 * Only the EC2 client, which is a third of the bundle and is loaded only for jobs in a VPC
 * (lambda/evidence/live/clients.ts): every other client is bundled, so the code that runs is the code
 * that was tested.
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/client-ec2'] as const;
