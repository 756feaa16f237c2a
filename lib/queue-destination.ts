import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * An SQS queue as a Lambda destination, granting nothing. CDK's `SqsDestination` grants the
 * function `grantSendMessages`, which on a KMS-encrypted queue adds `kms:Encrypt`,
 * `kms:ReEncrypt*` and `kms:GenerateDataKey*` on the whole key; the construct grants instead
 * exactly what a producer of an encrypted queue needs, for this queue only
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#send-to-encrypted-queue).
 */
export class QueueDestination implements lambda.IDestination {
  public constructor(private readonly queue: sqs.IQueue) {}

  public bind(): lambda.DestinationConfig {
    return { destination: this.queue.queueArn };
  }
}
