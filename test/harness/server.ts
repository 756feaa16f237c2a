/**
 * A loopback fake of the AWS services the project calls, on their real wire protocols
 * (wire.ts), answering from a snapshot (docs/formats.md) through the real SDK clients: they
 * reach it through `AWS_ENDPOINT_URL` (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 *
 * The service is told by the SigV4 credential scope of the request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), the caller's
 * account by its access key (assumed-role keys name their account), the operation by the
 * protocol (`Action=`, `X-Amz-Target`, or the S3 REST path and sub-resource). Every list is paged
 * one item per page. Faults are injected per operation (`iam:GetRolePolicy`), latency per call,
 * request rates per service and caller account (answered over the rate with the service's own
 * throttling error, as AWS answers: `Throttling` for IAM, `TooManyRequestsException` for
 * Organizations).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Snapshot } from '../../lambda/evidence/snapshot/types';
import { AwsFault, failure, type FaultKind, injectedFault, type Protocol, type Reply, success } from './wire';
import { SERVICES, type ServiceRequest, type World } from './services';
import type { OrganizationTree } from './services/organization-tree';
import { setPageSize } from './services/types';

export interface Call {
  service: string;
  operation: string;
  /** The account the caller's credentials belong to. */
  account: string;
  region: string;
  /** Milliseconds since the fake started. */
  at: number;
  /** Request parameters (query/form, JSON body or S3 path), for assertions. */
  params: Record<string, unknown>;
  /** The HTTP status answered (absent for a hang). */
  status?: number;
  /** Answered with the service's throttling error: over its request rate. */
  throttled?: boolean;
}

/** At most `perSecond` requests of a service per caller account in any second. */
export interface RateLimit {
  perSecond: number;
}

/** A fault for every call of an operation (`times`: only the first ones). */
export interface Fault {
  kind: FaultKind;
  times?: number;
}

export interface FakeAwsOptions {
  /** Milliseconds before every answer (each call, each page). */
  latencyMs?: number;
  /** Items per page of every list. @default 1 */
  pageSize?: number;
  /** Up to this many milliseconds more, at random, per answer (answers then arrive out of order). */
  jitterMs?: number;
  /** By `service:Operation` (`iam:GetRolePolicy`, `s3:GetBucketPolicy`) or `service:*`. */
  faults?: Record<string, FaultKind | Fault>;
  /** By service (`organizations`, `iam`), per caller account. */
  rateLimits?: Record<string, RateLimit>;
  /** Accounts of the snapshot where the cross-account role does not exist: AssumeRole is denied there. */
  rolelessAccounts?: string[];
  /** The organization as a tree of OUs with policies attached, instead of each account's snapshot. */
  organizationTree?: OrganizationTree;
}

export interface FakeAws {
  /** `http://127.0.0.1:PORT` (an IP address: S3 clients then address buckets path-style). */
  readonly url: string;
  readonly world: World;
  /** Every request received, in order. */
  calls(): Call[];
  /** `service:Operation` of every request, in order. */
  operations(): string[];
  /** Requests left hanging (fault `hang`) whose connection the client has not closed yet. */
  openHangs(): number;
  /** Replaces the faults. */
  setFaults(faults: Record<string, FaultKind | Fault>): void;
  setLatency(ms: number): void;
  /** The environment that points the SDK at the fake, with inert credentials. */
  environment(): Record<string, string>;
  close(): Promise<void>;
}

/** The access key of the caller's own account; assumed roles get `ASIA` + their account. */
export const BASE_ACCESS_KEY = 'AKIAHARNESSHARNESS00';

export async function startFakeAws(snapshot: Snapshot, own: string, options: FakeAwsOptions = {}): Promise<FakeAws> {
  const world: World = {
    snapshot,
    own,
    published: [],
    tables: new Map(),
    rolelessAccounts: new Set(options.rolelessAccounts ?? []),
    ...(options.organizationTree && { organizationTree: options.organizationTree }),
  };
  const limiter = rateLimiter(options.rateLimits ?? {});
  setPageSize(options.pageSize ?? 1);
  const calls: Call[] = [];
  const started = Date.now();
  let latencyMs = options.latencyMs ?? 0;
  let faults = new Map<string, Fault & { used: number }>();
  const setFaults = (table: Record<string, FaultKind | Fault>) => {
    faults = new Map(
      Object.entries(table).map(([id, fault]) => [
        id,
        { ...(typeof fault === 'string' ? { kind: fault } : fault), used: 0 },
      ]),
    );
  };
  setFaults(options.faults ?? {});
  const sockets = new Set<Socket>();
  const hanging = new Set<IncomingMessage>();

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake AWS failed: ${(error as Error).stack ?? String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    if (!scope) {
      send(response, { status: 403, headers: {}, body: 'fake AWS: unsigned request' });
      return;
    }
    const [, accessKey, region, service] = scope;
    const definition = SERVICES[service];
    if (!definition) {
      send(response, { status: 400, headers: {}, body: `fake AWS: no service '${service}'` });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const parsed = parseRequest(definition.protocol, request, url, body);
    const account = accountOfKey(accessKey, own);
    const serviceRequest: ServiceRequest = { ...parsed, account, region, world, method: request.method ?? 'GET' };
    const operation = definition.operation(serviceRequest);
    const call: Call = { service, operation, account, region, at: Date.now() - started, params: parsed.params };
    calls.push(call);

    const fault = faults.get(`${service}:${operation}`) ?? faults.get(`${service}:*`);
    let injected: Pick<Fault, 'kind'> | undefined =
      fault && (fault.times === undefined || fault.used < fault.times) ? fault : undefined;
    if (fault && injected) fault.used += 1;
    if (!injected && limiter(service, account)) {
      injected = { kind: 'throttled' };
      call.throttled = true;
    }
    if (injected?.kind === 'hang') {
      // The socket stays open, unanswered, until the client gives up (or the fake closes).
      hanging.add(request);
      request.socket.on('close', () => hanging.delete(request));
      return;
    }
    const delay = latencyMs + Math.random() * (options.jitterMs ?? 0);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const head = request.method === 'HEAD';
    let reply: Reply;
    if (injected) {
      reply = failure(
        definition.protocol,
        service,
        injectedFault(injected.kind as Exclude<FaultKind, 'hang'>, service, operation),
        head,
      );
    } else {
      try {
        reply = success(definition.protocol, service, operation, definition.answer(operation, serviceRequest));
      } catch (error) {
        if (!(error instanceof AwsFault)) throw error;
        reply = failure(definition.protocol, service, error, head);
      }
    }
    call.status = reply.status;
    send(response, reply, head);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    world,
    calls: () => [...calls],
    operations: () => calls.map((call) => `${call.service}:${call.operation}`),
    openHangs: () => hanging.size,
    setFaults,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    environment: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: BASE_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: 'harness-secret',
      AWS_REGION: snapshot.region,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Whether a request of `service` by `account` now is over its rate: more than `perSecond`
 * requests in the last second (a sliding window). A throttled request counts too, as it does
 * against AWS's own limits.
 */
function rateLimiter(limits: Record<string, RateLimit>): (service: string, account: string) => boolean {
  const recent = new Map<string, number[]>();
  return (service, account) => {
    const limit = limits[service];
    if (!limit) return false;
    const key = `${service}\u0000${account}`;
    const now = Date.now();
    const times = (recent.get(key) ?? []).filter((at) => now - at < 1000);
    const over = times.length >= limit.perSecond;
    times.push(now);
    recent.set(key, times);
    return over;
  };
}

/** The caller's account: `ASIA` + 12 digits for a session of an assumed role, else the own. */
function accountOfKey(accessKey: string, own: string): string {
  return /^ASIA(\d{12})/.exec(accessKey)?.[1] ?? own;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseRequest(
  protocol: Protocol,
  request: IncomingMessage,
  url: URL,
  body: string,
): Pick<ServiceRequest, 'params' | 'path' | 'query' | 'headers' | 'target'> {
  const headers = request.headers as Record<string, string | undefined>;
  const base = { path: decodeURIComponent(url.pathname), query: url.searchParams, headers };
  if (protocol === 'query' || protocol === 'ec2')
    return { ...base, params: Object.fromEntries(new URLSearchParams(body)) };
  if (protocol === 'json1.0' || protocol === 'json1.1') {
    return {
      ...base,
      target: headers['x-amz-target'],
      params: body ? (JSON.parse(body) as Record<string, unknown>) : {},
    };
  }
  return { ...base, params: { path: base.path, ...Object.fromEntries(url.searchParams) } };
}

function send(response: ServerResponse, reply: Reply, head = false): void {
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) });
  response.end(head ? undefined : body);
}
