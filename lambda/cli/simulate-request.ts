/**
 * One `simulate` request (contract section 1, the request table) read into an EvaluationRequest,
 * with every policy document compiled once per run.
 */
import { PolicyError } from '../engine/errors';
import { compilePolicy } from '../engine/policy';
import type { CompiledPolicy, EvaluationRequest, KmsGrant, PolicyType, RequestContext } from '../engine/types';
import { JsonCursor, RawJson, SkimError } from './json-skim';

/** A request that cannot be evaluated: it gives that request's `Error` line, and the run goes on. */
export class RequestError extends Error {
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compiles policy documents, each distinct (type, place, text) once: a batch repeats the same
 * documents in request after request. A document that does not compile is remembered too.
 * Documents come as objects (keyed by their JSON text; the same object is recognised without
 * serialising it again) or as RawJson texts skimmed from the requests file.
 */
export class PolicyCache {
  private readonly byPlace = new Map<string, Map<string, CompiledPolicy | PolicyError>>();
  private readonly byObject = new WeakMap<object, Map<string, CompiledPolicy | PolicyError>>();

  /**
   * @throws PolicyError when the document does not compile; SyntaxError when a RawJson text is
   *   not JSON (the requests file itself is malformed).
   */
  public get(document: unknown, policyType: PolicyType, name: string): CompiledPolicy {
    // The same object (a batch built in memory, a text the skimmer recognised) is looked up
    // without reading its text again.
    const place = `${policyType}\u0000${name}`;
    const isObjectDocument = typeof document === 'object' && document !== null;
    const perObject = isObjectDocument ? this.byObject.get(document) : undefined;
    const known = perObject?.get(place);
    if (known !== undefined) return unwrap(known);
    const entry =
      document instanceof RawJson
        ? this.compile(place, document.text, () => document.parse(), policyType, name)
        : this.compile(
            place,
            typeof document === 'string' ? document : JSON.stringify(document),
            () => document,
            policyType,
            name,
          );
    if (isObjectDocument) {
      if (perObject) perObject.set(place, entry);
      else this.byObject.set(document, new Map([[place, entry]]));
    }
    return unwrap(entry);
  }

  private compile(
    place: string,
    text: string,
    value: () => unknown,
    policyType: PolicyType,
    name: string,
  ): CompiledPolicy | PolicyError {
    let byText = this.byPlace.get(place);
    if (byText === undefined) {
      byText = new Map();
      this.byPlace.set(place, byText);
    }
    let entry = byText.get(text);
    if (entry === undefined) {
      const document = value();
      try {
        entry = compilePolicy(document, { policyType, name });
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        entry = error;
      }
      byText.set(text, entry);
    }
    return entry;
  }
}

function unwrap(entry: CompiledPolicy | PolicyError): CompiledPolicy {
  if (entry instanceof PolicyError) throw entry;
  return entry;
}

/** Fields that hold a list of documents, a list of levels of documents, or one document. */
const DOCUMENT_LISTS = new Set(['identityPolicies', 'permissionBoundaries', 'vpcEndpointPolicies']);
const DOCUMENT_LEVELS = new Set(['scps', 'rcps']);
const SINGLE_DOCUMENTS = new Set(['resourcePolicy', 'sessionPolicy']);

const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;

/** A document stays raw text (an object or a JSON string); anything else is parsed and judged by readRequest. */
function document(cursor: JsonCursor): unknown {
  const raw = cursor.raw();
  return raw.kind === '{' || raw.kind === '"' ? raw : raw.parse();
}

function field(cursor: JsonCursor, key: string): unknown {
  const isList = cursor.peek() === OPEN_BRACKET;
  if (DOCUMENT_LISTS.has(key) && isList) return cursor.array(() => document(cursor));
  if (DOCUMENT_LEVELS.has(key) && isList) {
    return cursor.array(() =>
      cursor.peek() === OPEN_BRACKET ? cursor.array(() => document(cursor)) : cursor.raw().parse(),
    );
  }
  if (SINGLE_DOCUMENTS.has(key)) return document(cursor);
  return cursor.raw().parse();
}

function request(cursor: JsonCursor): unknown {
  if (cursor.peek() !== OPEN_BRACE) return cursor.raw().parse();
  const fields: Json = {};
  cursor.object((key) => {
    Object.defineProperty(fields, key, {
      value: field(cursor, key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return fields;
}

/**
 * The requests of a batch file's text (`{"requests": [...]}` or a bare list), with the policy
 * documents left as RawJson texts for PolicyCache; undefined when the top level has neither shape.
 *
 * @throws SkimError or SyntaxError when the text is not JSON.
 */
export function skimRequests(text: string | Buffer): unknown[] | undefined {
  const cursor = new JsonCursor(text);
  let requests: unknown[] | undefined;
  if (cursor.peek() === OPEN_BRACKET) {
    requests = cursor.array(() => request(cursor));
  } else if (cursor.peek() === OPEN_BRACE) {
    cursor.object((key) => {
      if (key === 'requests' && cursor.peek() === OPEN_BRACKET) requests = cursor.array(() => request(cursor));
      else cursor.raw().parse();
    });
  } else {
    cursor.raw().parse();
  }
  if (!cursor.atEnd()) throw new SkimError(0);
  return requests;
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
  };
}
