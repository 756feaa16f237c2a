/**
 * A DynamoDB table in memory behind aws-sdk-client-mock, with the conditional put that the
 * Powertools idempotency layer relies on: a put on an existing, unexpired key fails with
 * ConditionalCheckFailedException carrying the old item.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export function fakeTable() {
  const items = new Map<string, Item>();
  const keyOf = (key: Item | undefined) => JSON.stringify(key);
  const stub = mockClient(DynamoDBClient);
  stub.on(PutItemCommand).callsFake((input: { Item: Item }) => {
    const id = keyOf({ id: input.Item.id });
    const existing = items.get(id);
    const expired = existing && Number(existing.expiration?.N ?? '0') < Date.now() / 1000;
    if (existing && !expired) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: existing,
      });
    }
    items.set(id, input.Item);
    return {};
  });
  stub
    .on(UpdateItemCommand)
    .callsFake(
      (input: {
        Key: Item;
        UpdateExpression: string;
        ExpressionAttributeNames: Record<string, string>;
        ExpressionAttributeValues: Item;
      }) => {
        const item = { ...(items.get(keyOf(input.Key)) ?? input.Key) };
        for (const assignment of input.UpdateExpression.replace(/^SET /, '').split(', ')) {
          const [name, value] = assignment.split(' = ');
          item[input.ExpressionAttributeNames[name]] = input.ExpressionAttributeValues[value];
        }
        items.set(keyOf(input.Key), item);
        return {};
      },
    );
  stub.on(GetItemCommand).callsFake((input: { Key: Item }) => ({ Item: items.get(keyOf(input.Key)) }));
  stub.on(DeleteItemCommand).callsFake((input: { Key: Item }) => {
    items.delete(keyOf(input.Key));
    return {};
  });
  return { stub, items };
}
