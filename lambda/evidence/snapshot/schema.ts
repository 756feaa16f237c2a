/**
 * The snapshot's structure, checked by its JSON Schema (schemas/snapshot.schema.json, the file
 * editors use too) with ajv, precompiled (scripts/compile-schemas.ts). The first problem becomes
 * the parts of one line: the JSON path, what was expected and what was found, and the fix. What
 * was expected is the schema's own `errorMessage` (the keyword VS Code shows as well), else said
 * from the failed keyword.
 */
import type { ErrorObject } from 'ajv';
import schema from '../../../schemas/snapshot.schema.json';
import validateSnapshot from './snapshot-schema.generated';
import { has, isObject, type JsonObject } from '../../json';
import { describeValue, type JsonPath } from './fields';

/** A problem of the snapshot, in the reader's terms. */
export interface SnapshotProblem {
  path: JsonPath;
  /** Whether the problem is the last key of `path` (a bad name), not its value. */
  atKey?: boolean;
  problem: string;
  fix: string;
}

/** An ajv validator: `errors` holds the first problem after a failed call. */
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The first problem the schema finds in `json`; `undefined` when it has none. */
export function schemaProblem(json: unknown): SnapshotProblem | undefined {
  const check = validateSnapshot as Validator;
  if (check(json)) return undefined;
  const [error] = check.errors ?? [];
  return error === undefined ? { path: [], problem: 'not a snapshot', fix: FIX_VALUE } : problemOf(error, json);
}

const FIX_VALUE = 'correct the value';

function problemOf(error: ErrorObject, root: unknown): SnapshotProblem {
  const path = pathOf(error.instancePath, root);
  const parent = error.parentSchema as JsonObject | undefined;
  if (error.keyword === 'required') {
    const key = String(error.params.missingProperty);
    return { path: [...path, key], problem: 'missing', fix: addKey(key, parent) };
  }
  if (error.propertyName !== undefined) {
    const example = firstExample(parent);
    return {
      path: [...path, error.propertyName],
      atKey: true,
      problem: typeof parent?.errorMessage === 'string' ? parent.errorMessage : `a bad key (${error.message ?? ''})`,
      fix: example === undefined ? 'rename it' : `rename it, e.g. ${JSON.stringify(example)}`,
    };
  }
  const expected = typeof parent?.errorMessage === 'string' ? parent.errorMessage : expectedBy(error);
  return { path, problem: `expected ${expected}, got ${describeValue(error.data)}`, fix: fixOf(path) };
}

/** The JSON path of an ajv `instancePath` (a JSON pointer), array indexes as numbers. */
function pathOf(pointer: string, root: unknown): JsonPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const escaped of pointer.slice(1).split('/')) {
    const segment = escaped.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = isObject(node) && has(node, segment) ? node[segment] : undefined;
    }
  }
  return path;
}

/** What the failed keyword asked for, where the schema gives no `errorMessage`. */
function expectedBy(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return String(params.type).split(',').map(typeName).join(' or ');
    case 'const':
      return JSON.stringify(params.allowedValue);
    case 'enum':
      return (params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(' or ');
    case 'minLength':
      return 'a non-empty string';
    case 'pattern':
      return `a string matching ${String(params.pattern)}`;
    default:
      return `a value that ${error.message ?? 'the schema accepts'}`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  integer: 'an integer',
  null: 'null',
};

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

/** `add "KEY"`, with the schema's example of its value when it gives one. */
function addKey(key: string, parent: JsonObject | undefined): string {
  const properties = parent?.properties;
  const example = isObject(properties) ? firstExample(resolve(properties[key])) : undefined;
  return example === undefined ? `add "${key}"` : `add "${key}", e.g. "${key}": ${JSON.stringify(example)}`;
}

function firstExample(subschema: unknown): unknown {
  return isObject(subschema) && Array.isArray(subschema.examples) ? subschema.examples[0] : undefined;
}

/** A subschema with its local `$ref` followed (`#/definitions/NAME`). */
function resolve(subschema: unknown): unknown {
  if (!isObject(subschema) || typeof subschema.$ref !== 'string' || has(subschema, 'examples')) return subschema;
  return resolve(atPointer(subschema.$ref));
}

function atPointer(pointer: string): unknown {
  let node: unknown = schema;
  for (const segment of pointer.replace(/^#\/?/, '').split('/')) {
    if (segment === '') continue;
    node = isObject(node) && has(node, segment) ? node[segment] : undefined;
  }
  return node;
}

/**
 * The fix of a value of the wrong shape: correct it; for a key its parent does not require,
 * removing it is a fix too (an absent key means "not known").
 */
function fixOf(path: JsonPath): string {
  const last = path.at(-1);
  if (last === undefined) return 'give a snapshot as docs/formats/snapshot.md describes it';
  if (typeof last === 'number') return 'correct the entry';
  return isRequired(path) ? FIX_VALUE : `${FIX_VALUE}, or remove the key if it is not known`;
}

/** Whether the schema of the object that holds the last key of `path` requires that key. */
function isRequired(path: JsonPath): boolean {
  const key = path.at(-1);
  let holders = withBranches([schema]);
  for (const segment of path.slice(0, -1))
    holders = withBranches(holders.flatMap((node) => childSchemas(node, segment)));
  return holders.some((node) => Array.isArray(node.required) && node.required.includes(key));
}

/** The schemas and what their `$ref`, `then` and `else` add (a key one branch requires counts). */
function withBranches(schemas: unknown[]): JsonObject[] {
  const found: JsonObject[] = [];
  const queue = [...schemas];
  while (queue.length > 0) {
    const node = queue.pop();
    if (!isObject(node) || found.includes(node)) continue;
    found.push(node);
    queue.push(node.then, node.else);
    if (typeof node.$ref === 'string') queue.push(atPointer(node.$ref));
  }
  return found;
}

function childSchemas(node: JsonObject, segment: string | number): unknown[] {
  if (typeof segment === 'number') return [node.items];
  if (isObject(node.properties) && has(node.properties, segment)) return [node.properties[segment]];
  return [node.additionalProperties];
}
