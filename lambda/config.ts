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
  /** `true` turns on object-level reads (ListObjectsV2, HeadObject, GetObjectAcl). Default off. */
  objectLevelReads: 'OBJECT_LEVEL_READS',
} as const;

export const NOTIFY_ON = ['all', 'access-denied'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];
