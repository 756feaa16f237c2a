/**
 * Generated EventBridge events for the handler: the acceptance scenarios' events, valid or
 * mutated (truncated, oversized fields, any Unicode, missing fields, wrong types), with secrets
 * planted in every secret field of the detail and quoted by its failure text.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Characters that break text: controls, Unicode line breaks, a lone surrogate, bidi overrides, 4-byte. */
const NASTY = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udfff',
  '\u202e',
  '😀',
  '\r\n',
  '"',
  '\\',
  '*_`',
  '<b>',
];

/** Any text: printable, full Unicode, and the nasty characters. */
export const anyText = (maxLength = 200): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.constantFrom(...NASTY), { maxLength: 20 }).map((parts) => parts.join('')),
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...NASTY), fc.string({ maxLength: 20 }))
      .map((parts) => parts.join('')),
  );

/** A string far over every limit (SNS's 256 KB, SageMaker's names and ARNs). */
const oversized = fc
  .tuple(fc.constantFrom(1_000, 70_000, 300_000), fc.constantFrom('a', 'é', '😀', '\u0001', '"'))
  .map(([length, unit]) => unit.repeat(length));

const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant([] as Json[]),
  fc.constant({} as Json),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** The paths of every value in `value` (keys and array indexes). */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => paths(inner, [...prefix, key]))];
}

function setAt(root: Json, path: (string | number)[], make: (old: Json | undefined) => Json | undefined): Json {
  if (path.length === 0) return make(root) ?? null;
  let parent = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  const value = make(parent[last]);
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return root;
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** The fields the diagnosis reads first: where a mutation matters most. */
const KEY_FIELDS = [['detail-type'], ['source'], ['account'], ['region'], ['resources'], ['detail'], ['time']];

type Mutation = (event: Json) => Json;

/** One mutation of a valid event, chosen by `kind`. */
export const MUTATIONS: Record<string, fc.Arbitrary<Mutation>> = {
  valid: fc.constant((event) => event),
  'valid, any failure text': anyText(400).map((text) => (event) => appendReason(event, text)),
  // The event's detail is then all the diagnosis has of the job (its failure text included).
  'valid, a job AWS does not show': fc.constant((event) => renameJob(event)),
  // Hundreds of channels with long distinct prefixes: a report far over SNS's 256 KB.
  'oversized report': fc.integer({ min: 45, max: 60 }).map((count) => (event) => {
    event = renameJob(event);
    const detail = (event as JsonObject).detail as JsonObject;
    const channels = detail.InputDataConfig as JsonObject[] | undefined;
    const uri = JSON.stringify(channels?.[0] ?? '').match(/s3:\/\/[^/"]+/)?.[0];
    if (!uri) return event;
    detail.InputDataConfig = Array.from({ length: count }, (_, index) => ({
      ChannelName: `channel-${index}`,
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `${uri}/${'p'.repeat(1_000)}/${index}/` } },
    }));
    return event;
  }),
  'truncated (fields dropped)': fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).map((picks) => (event) => {
    for (const pick of picks) {
      const all = paths(event).filter((path) => path.length > 0);
      if (all.length === 0) break;
      event = setAt(event, all[pick % all.length], () => undefined);
    }
    return event;
  }),
  'truncated (strings cut)': fc
    .array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 })
    .map((picks) => (event) => {
      for (const [pick, at] of picks) {
        const strings = paths(event).filter((path) => typeof valueAt(event, path) === 'string');
        if (strings.length === 0) break;
        event = setAt(event, strings[pick % strings.length], (old) =>
          (old as string).slice(0, at % Math.max(1, (old as string).length)),
        );
      }
      return event;
    }),
  'oversized field': fc.tuple(fc.nat(), oversized).map(([pick, huge]) => (event) => {
    const strings = paths(event).filter((path) => typeof valueAt(event, path) === 'string');
    return strings.length === 0 ? event : setAt(event, strings[pick % strings.length], () => huge);
  }),
  'oversized list': fc.nat().map((pick) => (event) => {
    const lists = paths(event).filter((path) => Array.isArray(valueAt(event, path)));
    if (lists.length === 0) return event;
    return setAt(event, lists[pick % lists.length], (old) =>
      Array.from({ length: 5_000 }, () => ((old as Json[])[0] ?? 'x') as Json),
    );
  }),
  'unicode field': fc.tuple(fc.nat(), anyText(100)).map(([pick, text]) => (event) => {
    const strings = paths(event).filter((path) => typeof valueAt(event, path) === 'string');
    return strings.length === 0 ? event : setAt(event, strings[pick % strings.length], () => text);
  }),
  'missing key field': fc
    .nat()
    .map((pick) => (event) => setAt(event, KEY_FIELDS[pick % KEY_FIELDS.length], () => undefined)),
  'missing detail field': fc.nat().map((pick) => (event) => {
    const detail = (event as JsonObject).detail;
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return event;
    const keys = Object.keys(detail);
    if (keys.length > 0) delete detail[keys[pick % keys.length]];
    return event;
  }),
  'wrong type': fc.tuple(fc.nat(), wrongType).map(([pick, value]) => (event) => {
    const all = paths(event);
    return setAt(event, all[pick % all.length], () => clone(value));
  }),
  'wrong type of a key field': fc.tuple(fc.nat(), wrongType).map(
    ([pick, value]) =>
      (event) =>
        setAt(event, KEY_FIELDS[pick % KEY_FIELDS.length], () => clone(value)),
  ),
  'another detail-type': fc
    .constantFrom(
      'SageMaker Training Job State Change',
      'SageMaker Processing Job State Change',
      'SageMaker Transform Job State Change',
      'SageMaker HyperParameter Tuning Job State Change',
      'SageMaker Endpoint State Change',
      'SageMaker Model Building Pipeline Execution Step Status Change',
      'SageMaker Something Else',
    )
    .map((type) => (event) => setAt(event, ['detail-type'], () => type)),
  'not an object': fc
    .oneof(fc.constant(null), fc.string({ maxLength: 20 }), fc.integer(), fc.constant([] as Json[]), fc.boolean())
    .map((value) => () => value),
  'not a failure': fc
    .constantFrom('Completed', 'InProgress', 'Stopped', 'failed', 'FAILED')
    .map((status) => (event) => {
      const detail = (event as JsonObject).detail as JsonObject | undefined;
      if (detail && typeof detail === 'object') {
        for (const key of Object.keys(detail)) if (/Status$/.test(key)) detail[key] = status;
      }
      return event;
    }),
};

function valueAt(root: Json, path: (string | number)[]): Json | undefined {
  let value: Json | undefined = root;
  for (const key of path) value = (value as Record<string | number, Json> | null)?.[key];
  return value;
}

const NAME_FIELDS = [
  'TrainingJobName',
  'ProcessingJobName',
  'TransformJobName',
  'HyperParameterTuningJobName',
  'EndpointName',
];

/** `event` about a job of another name (its ARNs and names renamed): one that AWS does not describe. */
function renameJob(event: Json): Json {
  const detail = (event as JsonObject).detail as JsonObject;
  const field = NAME_FIELDS.find((key) => typeof detail[key] === 'string');
  const arn = /"arn":"arn:[^"]*\/([^"/]+)"/.exec(JSON.stringify(detail.metadata ?? {}));
  const name = field ? (detail[field] as string) : arn?.[1];
  if (!name) return event;
  return JSON.parse(JSON.stringify(event).split(name).join(`${name}-gone`)) as Json;
}

function appendReason(event: Json, text: string): Json {
  const detail = (event as JsonObject | null)?.detail as JsonObject | undefined;
  if (detail && typeof detail === 'object' && !Array.isArray(detail)) {
    for (const key of ['FailureReason', 'failureReason']) {
      if (typeof detail[key] === 'string') detail[key] = `${detail[key] as string} ${text}`;
    }
  }
  return event;
}

/** The secrets planted in one event: long values (redacted everywhere), short ones (next to their name). */
export interface Planted {
  values: string[];
  /** How a short value appears in the failure text: `--name VALUE`. */
  quoted: string[];
}

/**
 * Plants secrets tagged `tag` in every secret field of the event's detail (when it has one) and
 * quotes them in its failure text, the way an ExecuteUserScriptError does.
 */
export function plant(event: Json, tag: string): Planted {
  const detail = (event as JsonObject | null)?.detail;
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return { values: [], quoted: [] };
  const value = (field: string) => `Zx${field}PLANTED${tag}q`;
  const values = ['hp', 'env', 'arg', 'ep', 'rule', 'static', 'model'].map(value);
  const short = `q${tag.slice(-1)}`;
  detail.HyperParameters = { api_key: JSON.stringify(value('hp')), pw: JSON.stringify(short) };
  detail.Environment = { DB_PASSWORD: value('env') };
  detail.AlgorithmSpecification = {
    ...((detail.AlgorithmSpecification as JsonObject | undefined) ?? {}),
    ContainerEntrypoint: ['python3', value('ep')],
    ContainerArguments: ['--token', value('arg')],
  };
  detail.DebugRuleConfigurations = [{ RuleConfigurationName: 'r', RuleParameters: { token: value('rule') } }];
  detail.TrainingJobDefinition = { StaticHyperParameters: { k: value('static') } };
  detail.PrimaryContainer = { Environment: { K: value('model') } };
  const quote = ` ExecuteUserScriptError: Command "python3 ${value('ep')} --api_key ${value('hp')} --pw ${short} --token ${value('arg')} rule=${value('rule')}" DB_PASSWORD=${value('env')} k=${value('static')} K=${value('model')} stored ${JSON.stringify(value('hp'))}`;
  for (const key of ['FailureReason', 'failureReason']) {
    if (typeof detail[key] === 'string') detail[key] = `${detail[key] as string}${quote}`;
  }
  return { values, quoted: [`--pw ${short}`] };
}

/** How often each mutation is drawn, against 4 for the others (an oversized report takes long). */
const WEIGHTS: Record<string, number> = { 'oversized report': 1 };

/** A mutated copy of `base`: the mutation's name and the event. */
export const eventOf = (base: Json): fc.Arbitrary<{ mutation: string; event: Json }> =>
  fc.oneof(
    ...Object.entries(MUTATIONS).map(([name, mutation]) => ({
      arbitrary: mutation.map((mutate) => ({ mutation: name, event: mutate(clone(base)) })),
      weight: WEIGHTS[name] ?? 4,
    })),
  );
