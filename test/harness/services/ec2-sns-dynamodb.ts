/**
 * EC2 (EC2 query: `<item>` lists, `NextToken`), SNS Publish (query: message attributes as
 * `MessageAttributes.entry.N.*`, messages at most 256 KB,
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html) and the DynamoDB calls of the
 * Powertools idempotency layer (JSON 1.0: conditional PutItem, GetItem, UpdateItem, DeleteItem).
 */
import { randomUUID } from 'node:crypto';
import { AwsFault, items } from '../wire';
import {
  dispatch,
  documentText,
  jsonOperation,
  onePage,
  queryOperation,
  type ServiceDefinition,
  type ServiceRequest,
} from './types';

const EC2_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  DescribeSubnets: (request) => {
    const subnets = request.world.snapshot.accounts[request.account]?.ec2?.subnets;
    if (!subnets) throw new AwsFault('UnauthorizedOperation', 'fake AWS: the subnets are not in the snapshot', 403);
    const page = onePage(subnets, request.params.NextToken);
    return {
      subnetSet: items(page.items.map((subnet) => ({ subnetId: subnet.SubnetId, vpcId: subnet.VpcId }))),
      nextToken: page.next,
    };
  },
  DescribeVpcEndpoints: (request) => {
    const endpoints = request.world.snapshot.accounts[request.account]?.ec2?.vpcEndpoints;
    if (!endpoints)
      throw new AwsFault('UnauthorizedOperation', 'fake AWS: the VPC endpoints are not in the snapshot', 403);
    const page = onePage(endpoints, request.params.NextToken);
    return {
      vpcEndpointSet: items(
        page.items.map((endpoint) => ({
          vpcEndpointId: endpoint.VpcEndpointId,
          vpcEndpointType: endpoint.VpcEndpointType,
          vpcId: endpoint.VpcId,
          serviceName: endpoint.ServiceName,
          state: 'available',
          policyDocument: endpoint.PolicyDocument == null ? undefined : documentText(endpoint.PolicyDocument),
        })),
      ),
      nextToken: page.next,
    };
  },
};

export const EC2: ServiceDefinition = {
  protocol: 'ec2',
  operation: queryOperation,
  answer: (operation, request) => dispatch(EC2_HANDLERS, operation, request),
};

const MAX_MESSAGE_BYTES = 256 * 1024;
/** SNS refuses a subject with control characters ("must not include line breaks or control characters"). */
const isControl = (char: string): boolean => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f;

const SNS_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  Publish: (request) => {
    const params = request.params as Record<string, string>;
    const attributes: Record<string, { DataType: string; StringValue?: string }> = {};
    for (let entry = 1; params[`MessageAttributes.entry.${entry}.Name`] !== undefined; entry++) {
      const prefix = `MessageAttributes.entry.${entry}`;
      attributes[params[`${prefix}.Name`]] = {
        DataType: params[`${prefix}.Value.DataType`],
        StringValue: params[`${prefix}.Value.StringValue`],
      };
    }
    const size =
      Buffer.byteLength(params.Message ?? '') +
      Object.entries(attributes).reduce(
        (sum, [name, value]) =>
          sum +
          Buffer.byteLength(name) +
          Buffer.byteLength(value.DataType) +
          Buffer.byteLength(value.StringValue ?? ''),
        0,
      );
    if (size > MAX_MESSAGE_BYTES) throw new AwsFault('InvalidParameter', 'Invalid parameter: Message too long', 400);
    if (params.Subject !== undefined && (params.Subject.length > 100 || [...params.Subject].some(isControl)))
      throw new AwsFault('InvalidParameter', 'Invalid parameter: Subject', 400);
    request.world.published.push({
      TopicArn: params.TopicArn,
      Subject: params.Subject,
      Message: params.Message,
      MessageStructure: params.MessageStructure,
      MessageAttributes: attributes,
    });
    return { MessageId: randomUUID() };
  },
};

export const SNS: ServiceDefinition = {
  protocol: 'query',
  operation: queryOperation,
  answer: (operation, request) => dispatch(SNS_HANDLERS, operation, request),
};

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** The number an attribute value holds (`{"N": "12"}`), or undefined. */
const numberOf = (value: AttributeValue | undefined): number | undefined =>
  value && typeof value.N === 'string' ? Number(value.N) : undefined;

/**
 * The condition of Powertools' idempotency PutItem: the key is new, its record expired, or an
 * in-progress record whose in-progress expiry passed. Any other expression is refused, so
 * that a change of the library shows here.
 */
const POWERTOOLS_CONDITION =
  'attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)';

function conditionHolds(
  existing: Item | undefined,
  expression: string,
  names: Record<string, string>,
  values: Item,
): boolean {
  if (expression !== POWERTOOLS_CONDITION)
    throw new AwsFault('ValidationException', `fake DynamoDB does not evaluate '${expression}'`);
  if (!existing) return true;
  const at = (name: string) => existing[names[name]];
  const expiry = numberOf(at('#expiry'));
  if (expiry !== undefined && expiry < (numberOf(values[':now']) ?? 0)) return true;
  const inProgressExpiry = numberOf(at('#in_progress_expiry'));
  return (
    at('#status')?.S === values[':inprogress']?.S &&
    inProgressExpiry !== undefined &&
    inProgressExpiry < (numberOf(values[':now_in_millis']) ?? 0)
  );
}

function tableOf(request: ServiceRequest): Map<string, Item> {
  const name = String(request.params.TableName ?? '');
  let table = request.world.tables.get(name) as Map<string, Item> | undefined;
  if (!table) {
    table = new Map();
    request.world.tables.set(name, table);
  }
  return table;
}

const keyOf = (key: unknown): string => JSON.stringify(key);

const DYNAMODB_HANDLERS: Record<string, (request: ServiceRequest) => unknown> = {
  PutItem: (request) => {
    const table = tableOf(request);
    const item = request.params.Item as Item;
    const id = keyOf({ id: item.id });
    const existing = table.get(id);
    const expression = request.params.ConditionExpression as string | undefined;
    if (
      expression !== undefined &&
      !conditionHolds(
        existing,
        expression,
        (request.params.ExpressionAttributeNames ?? {}) as Record<string, string>,
        (request.params.ExpressionAttributeValues ?? {}) as Item,
      )
    ) {
      const old =
        request.params.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && existing ? { Item: existing } : {};
      throw new AwsFault(
        'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        'The conditional request failed',
        400,
        {},
        old,
      );
    }
    table.set(id, item);
    return {};
  },
  GetItem: (request) => {
    const item = tableOf(request).get(keyOf(request.params.Key));
    return item ? { Item: item } : {};
  },
  UpdateItem: (request) => {
    const table = tableOf(request);
    const id = keyOf(request.params.Key);
    const item: Item = { ...(table.get(id) ?? (request.params.Key as Item)) };
    const names = (request.params.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (request.params.ExpressionAttributeValues ?? {}) as Item;
    const update = String(request.params.UpdateExpression ?? '');
    if (!update.startsWith('SET '))
      throw new AwsFault('ValidationException', `fake DynamoDB does not apply '${update}'`);
    for (const assignment of update.slice('SET '.length).split(',')) {
      const [name, value] = assignment.split('=').map((part) => part.trim());
      item[names[name] ?? name] = values[value];
    }
    table.set(id, item);
    return {};
  },
  DeleteItem: (request) => {
    tableOf(request).delete(keyOf(request.params.Key));
    return {};
  },
};

export const DYNAMODB: ServiceDefinition = {
  protocol: 'json1.0',
  operation: jsonOperation,
  answer: (operation, request) => dispatch(DYNAMODB_HANDLERS, operation, request),
};
