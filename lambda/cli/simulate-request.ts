/**
 * One `simulate` request (docs/formats/requests.md) read into an EvaluationRequest,
 * with every policy document compiled once per run.
 */
import { PolicyError } from '../engine/errors';
import { AccessDoctorError } from '../errors';
import { isObject, type JsonObject } from '../json';
import { compilePolicy } from '../engine/policy';
import type { CompiledPolicy, EvaluationRequest, KmsGrant, PolicyType, RequestContext } from '../engine/types';

/** A request that cannot be evaluated: it gives that request's `Error` line, and the run goes on. */
export class RequestError extends AccessDoctorError {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestError';
  }
}

type Json = JsonObject;

/**
 * Compiled documents kept before the cache starts over: enough for the documents a batch repeats
 * from one request to the next, few enough that memory stays bounded on any batch and that
 * compiled documents used once die young (kept longer, they are copied and promoted by the
 * garbage collector, which costs more than compiling them again: measured with `npm run bench`).
 */
const POLICY_CACHE_LIMIT = 256;

/**
 * Compiles policy documents, each distinct (type, place, text) once: a batch repeats the same
 * documents in request after request. A document that does not compile is remembered too.
 * Documents come as objects (keyed by their JSON text; the same object is recognised without
 * serialising it again) or as JSON strings.
 */
export class PolicyCache {
  private byPlace = new Map<string, Map<string, CompiledPolicy | PolicyError>>();
  private byObject = new WeakMap<object, Map<string, CompiledPolicy | PolicyError>>();
  private size = 0;

  /** @throws PolicyError when the document does not compile. */
  public get(document: unknown, policyType: PolicyType, name: string): CompiledPolicy {
    // The same object (a batch built in memory) is looked up without serialising it again.
    const place = `${policyType}\u0000${name}`;
    const isObjectDocument = typeof document === 'object' && document !== null;
    const perObject = isObjectDocument ? this.byObject.get(document) : undefined;
    const known = perObject?.get(place);
    if (known !== undefined) return unwrap(known);
    const entry = this.compile(place, document, policyType, name);
    if (isObjectDocument) {
      if (perObject) perObject.set(place, entry);
      else this.byObject.set(document, new Map([[place, entry]]));
    }
    return unwrap(entry);
  }

  private compile(
    place: string,
    document: unknown,
    policyType: PolicyType,
    name: string,
  ): CompiledPolicy | PolicyError {
    const text = typeof document === 'string' ? document : JSON.stringify(document);
    const known = this.byPlace.get(place)?.get(text);
    if (known !== undefined) return known;
    let entry: CompiledPolicy | PolicyError;
    try {
      entry = compilePolicy(document, { policyType, name });
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      entry = error;
    }
    if (this.size >= POLICY_CACHE_LIMIT) this.clear();
    let byText = this.byPlace.get(place);
    if (byText === undefined) {
      byText = new Map();
      this.byPlace.set(place, byText);
    }
    byText.set(text, entry);
    this.size++;
    return entry;
  }

  private clear(): void {
    this.byPlace = new Map();
    this.byObject = new WeakMap();
    this.size = 0;
  }
}

function unwrap(entry: CompiledPolicy | PolicyError): CompiledPolicy {
  if (entry instanceof PolicyError) throw entry;
  return entry;
}

function requiredString(request: Json, field: string): string {
  const value = request[field];
  if (typeof value !== 'string' || value === '') throw new RequestError(`'${field}' must be a non-empty string`);
  return value;
}

function optionalString(request: Json, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new RequestError(`'${field}' must be a string`);
  return value;
}

function optionalList(request: Json, field: string): unknown[] {
  const value = request[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RequestError(`'${field}' must be a list`);
  return value;
}

function isDocument(value: unknown): boolean {
  return typeof value === 'string' || isObject(value);
}

function readContext(request: Json): RequestContext | undefined {
  const value = request.context;
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new RequestError(`'context' must be an object of condition keys`);
  const context: RequestContext = {};
  for (const [key, raw] of Object.entries(value)) {
    const scalar = (item: unknown) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number' || typeof item === 'boolean') return String(item);
      throw new RequestError(`'context.${key}' must be a string, number, boolean or a list of them`);
    };
    context[key] = Array.isArray(raw) ? raw.map(scalar) : scalar(raw);
  }
  return context;
}

function readGrants(request: Json): KmsGrant[] | undefined {
  if (request.kmsGrants === undefined || request.kmsGrants === null) return undefined;
  return optionalList(request, 'kmsGrants').map((grant, i) => {
    const where = `'kmsGrants[${i}]'`;
    if (!isObject(grant) || typeof grant.GranteePrincipal !== 'string') {
      throw new RequestError(`${where} must be an object with a GranteePrincipal string`);
    }
    const operations = grant.Operations;
    if (!Array.isArray(operations) || !operations.every((op) => typeof op === 'string')) {
      throw new RequestError(`${where}.Operations must be a list of operation names`);
    }
    if (grant.Constraints !== undefined && grant.Constraints !== null && !isObject(grant.Constraints)) {
      throw new RequestError(`${where}.Constraints must be an object`);
    }
    return grant as unknown as KmsGrant;
  });
}

/** `unknownKeys`: context key patterns whose value is not known (docs/formats/requests.md). */
function readUnknownKeys(request: Json): string[] | undefined {
  if (request.unknownKeys === undefined || request.unknownKeys === null) return undefined;
  const keys = optionalList(request, 'unknownKeys');
  keys.forEach((key, i) => {
    if (typeof key !== 'string' || key === '') {
      throw new RequestError(`'unknownKeys[${i}]' must be a context key name (a non-empty string, '*' allowed)`);
    }
  });
  return keys as string[];
}

/** Reads the documents of `field` (a list) compiled as `policyType`. */
function documents(request: Json, field: string, policyType: PolicyType, cache: PolicyCache): CompiledPolicy[] {
  return optionalList(request, field).map((document, i) => {
    if (!isDocument(document)) throw new RequestError(`'${field}[${i}]' must be a policy document (object or string)`);
    return cache.get(document, policyType, `${field}[${i}]`);
  });
}

function levels(request: Json, field: 'scps' | 'rcps', cache: PolicyCache): CompiledPolicy[][] {
  return optionalList(request, field).map((level, l) => {
    if (!Array.isArray(level)) throw new RequestError(`'${field}[${l}]' must be a list of documents (one level)`);
    return level.map((document, i) => {
      if (!isDocument(document)) {
        throw new RequestError(`'${field}[${l}][${i}]' must be a policy document (object or string)`);
      }
      return cache.get(document, field === 'scps' ? 'scp' : 'rcp', `${field}[${l}][${i}]`);
    });
  });
}

function single(request: Json, field: string, policyType: PolicyType, cache: PolicyCache): CompiledPolicy | null {
  const document = request[field];
  if (document === undefined || document === null) return null;
  if (!isDocument(document)) throw new RequestError(`'${field}' must be a policy document (object or string) or null`);
  return cache.get(document, policyType, field);
}

/**
 * Reads one request of a `simulate` batch.
 *
 * @throws RequestError for a malformed field; PolicyError for a document that does not compile.
 */
export function readRequest(raw: unknown, cache: PolicyCache): EvaluationRequest {
  if (!isObject(raw)) throw new RequestError('a request must be a JSON object');
  const boundaries = documents(raw, 'permissionBoundaries', 'permissions-boundary', cache);
  if (boundaries.length > 1) throw new RequestError(`'permissionBoundaries' holds at most one document`);
  const roleArn = optionalString(raw, 'roleArn');
  const resourceAccount = optionalString(raw, 'resourceAccount');
  const context = readContext(raw);
  const kmsGrants = readGrants(raw);
  const unknownKeys = readUnknownKeys(raw);
  return {
    principal: requiredString(raw, 'principal'),
    ...(roleArn !== undefined && { roleArn }),
    action: requiredString(raw, 'action'),
    resource: requiredString(raw, 'resource'),
    ...(resourceAccount !== undefined && { resourceAccount }),
    ...(context !== undefined && { context }),
    identityPolicies: documents(raw, 'identityPolicies', 'identity', cache),
    permissionsBoundary: boundaries[0] ?? null,
    resourcePolicy: single(raw, 'resourcePolicy', 'resource', cache),
    scps: levels(raw, 'scps', cache),
    rcps: levels(raw, 'rcps', cache),
    vpcEndpointPolicies: documents(raw, 'vpcEndpointPolicies', 'vpc-endpoint', cache),
    sessionPolicy: single(raw, 'sessionPolicy', 'session', cache),
    ...(kmsGrants !== undefined && { kmsGrants }),
    ...(unknownKeys !== undefined && { unknownKeys }),
  };
}
