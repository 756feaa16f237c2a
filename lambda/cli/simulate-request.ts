/**
 * One `simulate` request (docs/formats/requests.md) read into an EvaluationRequest,
 * with every policy document compiled once per run.
 */
import { PolicyError } from '../engine/errors';
import { AccessDoctorError } from '../errors';
import { isObject, type JsonObject, MAX_JSON_DEPTH } from '../json';
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
 * Request members and their documents (`identityPolicies[0]`, ...) kept by their text before
 * that cache starts over, and the most text (in characters) kept as their keys: a batch that
 * repeats its members repeats few of them. (Measured with valgrind on the first 1,500 requests of
 * requests-5000.json: 8,192 costs 2% more instructions than 1,024, the old documents kept being
 * copied by the garbage collector.)
 */
const MEMBER_CACHE_LIMIT = 1024;
const MEMBER_TEXT_LIMIT = 16 << 20;

/** The members of a request that hold policy documents: what a batch repeats. */
export const DOCUMENT_MEMBERS: readonly string[] = [
  'identityPolicies',
  'permissionBoundaries',
  'resourcePolicy',
  'scps',
  'rcps',
  'vpcEndpointPolicies',
  'sessionPolicy',
];

type Compiled = CompiledPolicy[] | CompiledPolicy[][] | CompiledPolicy | null;

/** What a member read into: its compiled documents, or the error that makes the request an Error. */
type MemberEntry = { value: Compiled } | { error: RequestError | PolicyError };

/**
 * A member text seen once: its entry is kept from its second reading on. Most members of a batch
 * of distinct documents are read once, and keeping what they compiled into only makes work for
 * the garbage collector (measured with `npm run bench`).
 */
const SEEN_ONCE = 'seen once';

/**
 * Compiles policy documents, each distinct (type, place, text) once: a batch repeats the same
 * documents in request after request. A document that does not compile is remembered too.
 * Documents come as objects (keyed by their JSON text; the same object is recognised without
 * serialising it again) or as JSON strings.
 *
 * A request read from a file also has its members' texts (RequestStream): a document member
 * (`identityPolicies`, `scps`, ...) written exactly as in an earlier request is what that request
 * made of it, without parsing or compiling it again: `holds` tells the stream that the member need
 * not be parsed, and keeps its entry for the request being read.
 */
export class PolicyCache {
  private byPlace = new Map<string, Map<string, CompiledPolicy | PolicyError>>();
  private byObject = new WeakMap<object, Map<string, CompiledPolicy | PolicyError>>();
  private size = 0;
  /** Per member name, by its text (the text itself is the key: no string is built to look it up). */
  private members = new Map<string, Map<string, MemberEntry | typeof SEEN_ONCE>>();
  private memberCount = 0;
  private memberText = 0;
  /** The entries `holds` promised for the request being read (the cache may start over meanwhile). */
  private readonly held = new Map<string, MemberEntry>();

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

  /**
   * Whether the member `name` written as `text` was read before; if so its entry is kept for
   * the request being read (until `release`), whose member then need not be parsed.
   */
  public holds(name: string, text: string): boolean {
    const entry = this.members.get(name)?.get(text);
    if (entry === undefined || entry === SEEN_ONCE) return false;
    this.held.set(name, entry);
    return true;
  }

  /** Forgets the entries held for the request just read. */
  public release(): void {
    this.held.clear();
  }

  /**
   * The member `name` of the request being read: the entry `holds` kept, or `read()`, kept by
   * the member's text when the stream gave it.
   *
   * @throws RequestError or PolicyError, as `read` did.
   */
  public member<T extends Compiled>(name: string, text: string | undefined, read: () => T): T {
    const held = this.held.get(name);
    if (held !== undefined) return unwrapMember(held) as T;
    if (text === undefined) return read();
    const seen = this.members.get(name)?.get(text) === SEEN_ONCE;
    let entry: MemberEntry;
    try {
      entry = { value: read() };
    } catch (error) {
      if (!(error instanceof RequestError || error instanceof PolicyError)) throw error;
      entry = { error };
    }
    if (this.memberCount >= MEMBER_CACHE_LIMIT || this.memberText + text.length > MEMBER_TEXT_LIMIT) {
      this.members = new Map();
      this.memberCount = 0;
      this.memberText = 0;
    }
    let byText = this.members.get(name);
    if (byText === undefined) {
      byText = new Map();
      this.members.set(name, byText);
    }
    byText.set(text, seen ? entry : SEEN_ONCE);
    this.memberCount++;
    this.memberText += text.length;
    return unwrapMember(entry) as T;
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

function unwrapMember(entry: MemberEntry): Compiled {
  if ('error' in entry) throw entry.error;
  return entry.value;
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

function contextValue(key: string, item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  throw new RequestError(`'context.${key}' must be a string, number, boolean or a list of them`);
}

function readContext(request: Json): RequestContext | undefined {
  const value = request.context;
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new RequestError(`'context' must be an object of condition keys`);
  const context: RequestContext = {};
  // A loop without a closure per key: every request has a context.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const raw = value[key];
    if (!Array.isArray(raw)) {
      context[key] = contextValue(key, raw);
      continue;
    }
    const values: string[] = [];
    for (const item of raw as unknown[]) values.push(contextValue(key, item));
    context[key] = values;
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

/** Compiles one document of a request, as `name` (PolicyCache.get, or compilePolicy itself). */
type Compile = (document: unknown, policyType: PolicyType, name: string) => CompiledPolicy;

/**
 * How the documents of a request are compiled: by their value (PolicyCache.get: the same object,
 * or the same JSON text, compiled once) for a request built in memory; as they are for one read
 * from a file (`texts` given), which PolicyCache.member keeps by the member's text, and whose
 * documents are new objects, found by value only by serialising them. `shallow`: see
 * CompileOptions.
 */
function compilerFor(cache: PolicyCache, texts: ReadonlyMap<string, string> | undefined, shallow: boolean): Compile {
  if (texts === undefined) return (document, policyType, name) => cache.get(document, policyType, name);
  return (document, policyType, name) => compilePolicy(document, { policyType, name }, { shallow });
}

/**
 * Compiles the document `name` of a list member: with the texts the stream read (`texts`), by
 * its own text too (PolicyCache.member: a document written as before is neither parsed nor
 * compiled again).
 */
function documentReader(cache: PolicyCache, texts: ReadonlyMap<string, string> | undefined, compile: Compile): Compile {
  const check = (document: unknown, name: string) => {
    if (!isDocument(document)) throw new RequestError(`'${name}' must be a policy document (object or string)`);
  };
  if (texts === undefined) {
    return (document, policyType, name) => {
      check(document, name);
      return compile(document, policyType, name);
    };
  }
  // A document held by its text reads as null: it is checked when it is read.
  return (document, policyType, name) =>
    cache.member(name, texts.get(name), () => {
      check(document, name);
      return compile(document, policyType, name);
    });
}

/** Reads the documents of `field` (a list) compiled as `policyType`. */
function documents(request: Json, field: string, policyType: PolicyType, read: Compile): CompiledPolicy[] {
  return optionalList(request, field).map((document, i) => read(document, policyType, `${field}[${i}]`));
}

function levels(request: Json, field: 'scps' | 'rcps', read: Compile): CompiledPolicy[][] {
  return optionalList(request, field).map((level, l) => {
    if (!Array.isArray(level)) throw new RequestError(`'${field}[${l}]' must be a list of documents (one level)`);
    return level.map((document, i) => read(document, field === 'scps' ? 'scp' : 'rcp', `${field}[${l}][${i}]`));
  });
}

/** The document `field` (a single document, as `resourcePolicy`), or null. */
function single(request: Json, field: string, policyType: PolicyType, compile: Compile): CompiledPolicy | null {
  const document = request[field];
  if (document === undefined || document === null) return null;
  if (!isDocument(document)) throw new RequestError(`'${field}' must be a policy document (object or string) or null`);
  return compile(document, policyType, field);
}

/**
 * Reads one request of a `simulate` batch; `texts` are the texts of its document members as the
 * stream read them (RequestStream), for the cache to recognise members it has read before, and
 * `nesting` how deep its text nests: within MAX_JSON_DEPTH, none of its documents is walked again
 * to measure how deep it nests.
 *
 * @throws RequestError for a malformed field; PolicyError for a document that does not compile.
 */
export function readRequest(
  raw: unknown,
  cache: PolicyCache,
  texts?: ReadonlyMap<string, string>,
  nesting?: number,
): EvaluationRequest {
  try {
    return readFields(raw, cache, texts, nesting !== undefined && nesting <= MAX_JSON_DEPTH);
  } finally {
    cache.release();
  }
}

function readFields(
  raw: unknown,
  cache: PolicyCache,
  texts: ReadonlyMap<string, string> | undefined,
  shallow: boolean,
): EvaluationRequest {
  if (!isObject(raw)) throw new RequestError('a request must be a JSON object');
  const member = <T extends Compiled>(name: string, read: () => T) => cache.member(name, texts?.get(name), read);
  const compile = compilerFor(cache, texts, shallow);
  const document = documentReader(cache, texts, compile);
  const list = (field: string, policyType: PolicyType) =>
    member(field, () => documents(raw, field, policyType, document));
  const boundaries = list('permissionBoundaries', 'permissions-boundary');
  if (boundaries.length > 1) throw new RequestError(`'permissionBoundaries' holds at most one document`);
  const roleArn = optionalString(raw, 'roleArn');
  const resourceAccount = optionalString(raw, 'resourceAccount');
  const context = readContext(raw);
  const kmsGrants = readGrants(raw);
  const unknownKeys = readUnknownKeys(raw);
  // Built field by field (no spread of optional fields): one object per request, in the order
  // the fields are checked in.
  const principal = requiredString(raw, 'principal');
  const action = requiredString(raw, 'action');
  const resource = requiredString(raw, 'resource');
  const request: EvaluationRequest = {
    principal,
    action,
    resource,
    identityPolicies: list('identityPolicies', 'identity'),
    permissionsBoundary: boundaries[0] ?? null,
    resourcePolicy: member('resourcePolicy', () => single(raw, 'resourcePolicy', 'resource', compile)),
    scps: member('scps', () => levels(raw, 'scps', document)),
    rcps: member('rcps', () => levels(raw, 'rcps', document)),
    vpcEndpointPolicies: list('vpcEndpointPolicies', 'vpc-endpoint'),
    sessionPolicy: member('sessionPolicy', () => single(raw, 'sessionPolicy', 'session', compile)),
  };
  if (roleArn !== undefined) request.roleArn = roleArn;
  if (resourceAccount !== undefined) request.resourceAccount = resourceAccount;
  if (context !== undefined) request.context = context;
  if (kmsGrants !== undefined) request.kmsGrants = kmsGrants;
  if (unknownKeys !== undefined) request.unknownKeys = unknownKeys;
  return request;
}
