/**
 * The wire formats of the AWS protocols the fake speaks, as the real SDK clients expect them:
 * - query (IAM, STS, SNS): form-encoded `Action=...` requests, `<ActionResponse><ActionResult>`
 *   XML answers, lists as `<member>` (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html);
 * - EC2 query: the same requests, `<ActionResponse>` answers without a Result wrapper, lists as
 *   `<item>`, errors in `<Response><Errors>` (https://smithy.io/2.0/aws/protocols/aws-ec2-query-protocol.html);
 * - JSON 1.0 / 1.1 (DynamoDB; KMS, SageMaker, ECR, Organizations): `X-Amz-Target: Prefix.Operation`,
 *   errors as `{"__type": code}` (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html);
 * - REST-XML (S3): errors as `<Error><Code>` (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
 */

export type Protocol = 'query' | 'ec2' | 'json1.0' | 'json1.1' | 'rest-xml';

/** XML-able values: an array under a key is that element repeated (wrap it for `<member>` lists). */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | { [key: string]: XmlValue };

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The children of an element: each key an element, an array a repeated element. */
export function xmlChildren(value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return escapeXml(String(value));
  const elements: string[] = [];
  for (const [name, inner] of Object.entries(value as Record<string, XmlValue>)) {
    for (const item of Array.isArray(inner) ? inner : [inner]) {
      if (item !== undefined) elements.push(`<${name}>${xmlChildren(item)}</${name}>`);
    }
  }
  return elements.join('');
}

/** A query-protocol list (`<member>` items). */
export const members = (items: XmlValue[]): XmlValue => ({ member: items });
/** An EC2 list (`<item>` items). */
export const items = (list: XmlValue[]): XmlValue => ({ item: list });

/** An error as the service returns it: AWS's code, message and HTTP status. */
export class AwsFault extends Error {
  public constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
    public readonly headers: Record<string, string> = {},
    /** Further members of a JSON error body (DynamoDB's `Item` of a failed condition). */
    public readonly members: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let requestCounter = 0;
export const requestId = (): string => `fake-${(++requestCounter).toString(16).padStart(8, '0')}`;

const NAMESPACES: Record<string, string> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  sns: 'http://sns.amazonaws.com/doc/2010-03-31/',
  ec2: 'http://ec2.amazonaws.com/doc/2016-11-15/',
};

const xmlReply = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'text/xml', ...headers },
  body: `<?xml version="1.0" encoding="UTF-8"?>${body}`,
});

/** A successful answer of `operation` of `service` in its protocol. */
export function success(protocol: Protocol, service: string, operation: string, result: unknown): Reply {
  const id = requestId();
  switch (protocol) {
    case 'query':
      return xmlReply(
        200,
        `<${operation}Response xmlns="${NAMESPACES[service]}"><${operation}Result>${xmlChildren(result as XmlValue)}</${operation}Result><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></${operation}Response>`,
      );
    case 'ec2':
      return xmlReply(
        200,
        `<${operation}Response xmlns="${NAMESPACES.ec2}"><requestId>${id}</requestId>${xmlChildren(result as XmlValue)}</${operation}Response>`,
      );
    case 'json1.0':
    case 'json1.1':
      return {
        status: 200,
        headers: { 'content-type': `application/x-amz-${protocol.replace('json', 'json-')}`, 'x-amzn-requestid': id },
        body: JSON.stringify(toJsonWire(result)),
      };
    case 'rest-xml': {
      const reply = result as Reply;
      return { ...reply, headers: { 'x-amz-request-id': id, ...reply.headers } };
    }
  }
}

/** An error answer in the protocol's shape. */
export function failure(protocol: Protocol, service: string, fault: AwsFault, head = false): Reply {
  const id = requestId();
  const message = escapeXml(fault.message);
  switch (protocol) {
    case 'query':
      return xmlReply(
        fault.status,
        `<ErrorResponse xmlns="${NAMESPACES[service]}"><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${fault.code}</Code><Message>${message}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
        fault.headers,
      );
    case 'ec2':
      return xmlReply(
        fault.status,
        `<Response><Errors><Error><Code>${fault.code}</Code><Message>${message}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
        fault.headers,
      );
    case 'json1.0':
    case 'json1.1':
      return {
        status: fault.status,
        headers: {
          'content-type': `application/x-amz-${protocol.replace('json', 'json-')}`,
          'x-amzn-requestid': id,
          ...fault.headers,
        },
        body: JSON.stringify({ __type: fault.code, message: fault.message, ...fault.members }),
      };
    case 'rest-xml':
      // A HEAD answer has no body: the SDK reads the status alone.
      return head
        ? { status: fault.status, headers: { 'x-amz-request-id': id, ...fault.headers }, body: '' }
        : xmlReply(
            fault.status,
            `<Error><Code>${fault.code}</Code><Message>${message}</Message><RequestId>${id}</RequestId><HostId>fake</HostId></Error>`,
            { 'x-amz-request-id': id, ...fault.headers },
          );
  }
}

/** JSON protocols carry timestamps as epoch seconds. */
function toJsonWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonWire(inner)]));
  }
  return value;
}

/** The error codes each protocol family uses for the injectable faults. */
export type FaultKind = 'denied' | 'throttled' | 'error500' | 'hang';

export function injectedFault(kind: Exclude<FaultKind, 'hang'>, service: string, operation: string): AwsFault {
  const action = `${service}:${operation}`;
  const deniedMessage = `User: arn:aws:sts::111111111111:assumed-role/doctor/session is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
  const table: Record<string, Record<Exclude<FaultKind, 'hang'>, [string, number]>> = {
    query: { denied: ['AccessDenied', 403], throttled: ['Throttling', 400], error500: ['ServiceFailure', 500] },
    sns: { denied: ['AuthorizationError', 403], throttled: ['Throttled', 400], error500: ['InternalError', 500] },
    ec2: {
      denied: ['UnauthorizedOperation', 403],
      throttled: ['RequestLimitExceeded', 503],
      error500: ['InternalError', 500],
    },
    json: {
      denied: ['AccessDeniedException', 400],
      throttled: ['ThrottlingException', 400],
      error500: ['InternalFailure', 500],
    },
    organizations: {
      denied: ['AccessDeniedException', 400],
      throttled: ['TooManyRequestsException', 400],
      error500: ['ServiceException', 500],
    },
    s3: { denied: ['AccessDenied', 403], throttled: ['SlowDown', 503], error500: ['InternalError', 500] },
  };
  const family =
    service === 'sns' || service === 'ec2' || service === 's3' || service === 'organizations'
      ? service
      : service === 'iam' || service === 'sts'
        ? 'query'
        : 'json';
  const [code, status] = table[family][kind];
  const message =
    kind === 'denied' ? deniedMessage : kind === 'throttled' ? 'Rate exceeded' : 'We encountered an internal error.';
  return new AwsFault(code, message, status);
}
