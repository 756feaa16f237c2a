/** What every service of the fake shares: the world it answers from and the parsed request. */
import type { Snapshot } from '../../../lambda/evidence/snapshot/types';
import { AwsFault, type Protocol } from '../wire';
import type { OrganizationTree } from './organization-tree';

/** An SNS message as the fake received it. */
export interface Published {
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageStructure?: string;
  MessageAttributes: Record<string, { DataType: string; StringValue?: string }>;
}

export interface World {
  snapshot: Snapshot;
  /** The account of the base credentials. */
  own: string;
  /** Messages published to SNS, in order. */
  published: Published[];
  /** DynamoDB tables: items by their key (JSON of the key attributes). */
  tables: Map<string, Map<string, Record<string, unknown>>>;
  /** Accounts where the cross-account role does not exist. */
  rolelessAccounts: ReadonlySet<string>;
  /** An organization given as a tree, answered instead of the snapshot's `organization`s. */
  organizationTree?: OrganizationTree;
}

export interface ServiceRequest {
  world: World;
  /** The caller's account (from its access key). */
  account: string;
  /** The signing region. */
  region: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** `X-Amz-Target` of a JSON request. */
  target?: string;
  /** Form parameters (query protocols) or the JSON body. */
  params: Record<string, unknown>;
}

export interface ServiceDefinition {
  protocol: Protocol;
  /** The operation a request calls. */
  operation(request: ServiceRequest): string;
  /** The result of the operation (thrown AwsFault: the service's error). */
  answer(operation: string, request: ServiceRequest): unknown;
}

/** The operation of a query request (`Action=`). */
export const queryOperation = (request: ServiceRequest): string => String(request.params.Action ?? '');
/** The operation of a JSON request (`X-Amz-Target: Prefix.Operation`). */
export const jsonOperation = (request: ServiceRequest): string => (request.target ?? '').split('.').pop() ?? '';

/** Dispatches to the handler of the operation; an operation the fake lacks is an error the test sees. */
export function dispatch<R>(handlers: Record<string, (request: R) => unknown>, operation: string, request: R): unknown {
  const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
  if (!handler) throw new AwsFault('InvalidAction', `fake AWS does not implement ${operation}`, 400);
  return handler(request);
}

/** AccessDenied for evidence the snapshot does not hold: the live side must call it unknown. */
export const notInSnapshot = (what: string, code = 'AccessDenied', status = 403): AwsFault =>
  new AwsFault(code, `fake AWS: ${what} is not in the snapshot`, status);

let pageSize = 1;

/** Items per page of every list (one by default: every paginator then turns every page). */
export function setPageSize(size: number): void {
  pageSize = size;
}

/** One page (one item by default): the page at `token` (an index) and the token of the next one. */
export function onePage<T>(list: readonly T[], token: unknown): { items: T[]; next?: string } {
  const at = token === undefined || token === '' ? 0 : Number(token);
  const end = at + pageSize;
  return { items: list.slice(at, end), ...(end < list.length ? { next: String(end) } : {}) };
}

export const documentText = (document: unknown): string =>
  typeof document === 'string' ? document : JSON.stringify(document);
