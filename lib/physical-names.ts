/**
 * Names the construct gives its alarms and its EventBridge dead-letter queue, so that the key
 * policy can name them. The key cannot reference those resources: the queue is encrypted with
 * the key and the alarms publish to the topic encrypted with it, so a reference would be a
 * dependency cycle. A name known before either exists breaks it.
 *
 * Each name is unique per deployment: a template may be deployed many times in one account and
 * region (docs/deploy.md), so the names carry the stack (its name for alarms; its id's UUID for
 * the queue, whose names are at most 80 characters:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html),
 * and the construct's address (two doctors in one stack).
 */
import { Aws, Fn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface PhysicalNames {
  /** Every alarm's name starts with this: the key policy admits `alarm:<prefix>*`. */
  alarmPrefix: string;
  /** The name of the alarm of this id. */
  alarm(id: string): string;
  /** The name of the EventBridge dead-letter queue. */
  deadLetterQueue: string;
}

export function physicalNames(scope: Construct): PhysicalNames {
  const address = scope.node.addr.slice(0, 8);
  // arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  const alarmPrefix = `${Aws.STACK_NAME}-AccessDoctor-${address}-`;
  return {
    alarmPrefix,
    alarm: (id) => `${alarmPrefix}${id}`,
    deadLetterQueue: `access-doctor-${address}-${stackUuid}-undelivered`,
  };
}
