/**
 * Keeps the secrets of a job out of everything the tool produces: reports, notifications, log
 * lines and recorded snapshots (docs/lambda.md, "Secrets").
 *
 * The values of a job's hyperparameters, environment variables, container arguments and
 * entrypoint, and Debugger rule parameters often carry credentials and tokens. The diagnosis
 * never needs them: they are removed from every description at the edge (`strip`), and their
 * values are remembered so that text that quotes them (a `FailureReason` quoting the command
 * line of an `ExecuteUserScriptError`) is redacted to `***` before it leaves.
 *
 * A value is matched in every form it takes in such text:
 * - as SageMaker returns it, and JSON-decoded: the SageMaker Python SDK stores each
 *   hyperparameter JSON-encoded (`"\"value\""`), while the command line quotes it decoded
 *   (https://sagemaker.readthedocs.io/en/stable/overview.html#prepare-a-training-script);
 * - a value shorter than 4 characters ("1", "abc") cannot be told from the rest of the text, so
 *   it is redacted only where it appears as the value of its own name: `--name VALUE`,
 *   `--name=VALUE`, `name=VALUE`, `name: VALUE`, `"name": "VALUE"`;
 * - a value cut at the end of the text (SageMaker caps a `FailureReason` at 1,024 characters:
 *   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html).
 *
 * Only free text is redacted (failure reasons, status messages, explanations): names, ARNs,
 * regions and policies are left as they are, and a value that they hold is public already (the
 * SDK's `sagemaker_region` hyperparameter is the job's region): redacting it would only mangle
 * the report without hiding anything.
 */
import type { Report } from './diagnosis/report';
import type { Evidence, JobKind, Known } from './evidence/evidence';

/**
 * The description fields whose values are the job's own settings (SageMaker API reference:
 * `DescribeTrainingJob` `HyperParameters`, `Environment`, `AlgorithmSpecification.ContainerEntrypoint`
 * and `ContainerArguments`, `DebugRuleConfigurations[].RuleParameters`; `DescribeProcessingJob`
 * `AppSpecification`; tuning `StaticHyperParameters`; models' containers `Environment`).
 */
const SECRET_FIELDS = [
  'HyperParameters',
  'StaticHyperParameters',
  'Environment',
  'ContainerArguments',
  'ContainerEntrypoint',
  'RuleParameters',
] as const;

const SECRET_FIELD_SET = new Set<string>(SECRET_FIELDS);

/** Values shorter than this are redacted only next to their name. */
const MIN_FREE_SECRET_LENGTH = 4;

/** What replaces a secret. */
export const REDACTED = '***';

/** Keys of description and event fields that hold free text (`FailureReason`, `StatusMessage`, `ExitMessage`). */
const DESCRIPTION_FREE_TEXT = /(?:reason|message)s?$/i;

/** A command-line flag (`--api-key`, `-p`), optionally with its value (`--api-key=VALUE`). */
const FLAG = /^--?([A-Za-z_][\w.-]*)(?:=([\s\S]*))?$/;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The characters that end a value in a command line, a `key=value` list or JSON. */
const VALUE_END = String.raw`(?=$|[\s"'\`,;)}\]\\&|])`;

/** The set of secret values of one diagnosis. */
export class Secrets implements Iterable<string> {
  /** Values redacted wherever they appear in free text. */
  private readonly values = new Set<string>();
  /** Short values, by the name they were set under: redacted next to that name only. */
  private readonly named = new Map<string, Set<string>>();
  private patterns: { free: string[]; named: RegExp[] } | undefined;

  /** The secrets of a list of values (no names: short values are dropped). */
  public static of(values: Iterable<string> | Secrets | undefined): Secrets {
    if (values instanceof Secrets) return values;
    const secrets = new Secrets();
    for (const value of values ?? []) secrets.add(undefined, value);
    return secrets;
  }

  /** The secrets of an EventBridge event's `detail` (a job event mirrors the job's description). */
  public static ofEvent(event: unknown): Secrets {
    const secrets = new Secrets();
    if (event !== null && typeof event === 'object') secrets.collect((event as { detail?: unknown }).detail);
    return secrets;
  }

  public get size(): number {
    return [...this].length;
  }

  public [Symbol.iterator](): Iterator<string> {
    const all = new Set(this.values);
    for (const values of this.named.values()) for (const value of values) all.add(value);
    return all[Symbol.iterator]();
  }

  /** Adds the secrets of `other` to these. */
  public merge(other: Secrets): this {
    for (const value of other.values) this.values.add(value);
    for (const [name, values] of other.named) for (const value of values) this.addNamed(name, value);
    this.patterns = undefined;
    return this;
  }

  /** Remembers one value set under `name` (a hyperparameter, an environment variable, a flag). */
  public add(name: string | undefined, value: string): void {
    for (const form of forms(value)) {
      if (form.length >= MIN_FREE_SECRET_LENGTH) this.values.add(form);
      else if (form.trim() !== '' && name !== undefined && name !== '') this.addNamed(name, form);
    }
    this.patterns = undefined;
  }

  /** Remembers the values of every secret field anywhere in `value` (a description, an event's detail). */
  public collect(value: unknown): void {
    walkSecretFields(value, (field, secret) => this.collectField(field, secret));
  }

  /**
   * A deep copy of a description as plain JSON (dates become ISO strings, the SDK's `$metadata`
   * dropped) without its secret fields, whose values are remembered; its free text redacted of
   * every secret known so far.
   */
  public strip(description: unknown): Record<string, unknown> {
    const plain = JSON.parse(JSON.stringify(description ?? {})) as Record<string, unknown>;
    delete plain.$metadata;
    this.collect(plain);
    removeSecretFields(plain);
    return this.redactFreeText(plain);
  }

  /** `text` with every secret replaced by `***`. */
  public redact(text: string): string {
    return this.redactWith(text, this.compiled().free);
  }

  /** `text` redacted, but for the secrets that the strings of `context` hold (public already). */
  public redactBeside(text: string, context: unknown): string {
    if (this.values.size === 0 && this.named.size === 0) return text;
    return this.redactWith(
      text,
      this.freeOutside(context, () => true),
    );
  }

  /**
   * A copy of `value` whose free text (by `isFreeText`, default: the `…Reason` and `…Message`
   * fields of SageMaker's descriptions) is redacted. A secret that the other strings of `value`
   * hold (a region, a bucket name) is public already and left as it is.
   */
  public redactFreeText<T>(
    value: T,
    isFreeText: (key: string, path: readonly string[]) => boolean = isDescriptionFreeText,
  ): T {
    if (this.values.size === 0 && this.named.size === 0) return value;
    const free = this.freeOutside(value, (key, path) => !isFreeText(key, path));
    return mapStrings(value, [], (text, path) =>
      isFreeText(path[path.length - 1] ?? '', path) ? this.redactWith(text, free) : text,
    ) as T;
  }

  /** The values redacted everywhere that no string of `value` (where `counts`) holds. */
  private freeOutside(value: unknown, counts: (key: string, path: readonly string[]) => boolean): string[] {
    const parts: string[] = [];
    visitStrings(value, [], (text, path) => {
      if (counts(path[path.length - 1] ?? '', path)) parts.push(text);
    });
    const publicText = parts.join('\u0000');
    return this.compiled().free.filter((secret) => !publicText.includes(secret));
  }

  private redactWith(text: string, free: readonly string[]): string {
    if (typeof text !== 'string' || text === '') return text;
    let result = text;
    // Named values first: their names must still be there to be found.
    for (const pattern of this.compiled().named) result = result.replace(pattern, `$1${REDACTED}`);
    for (const value of free) if (result.includes(value)) result = result.split(value).join(REDACTED);
    // A value cut by the end of the text: its longest prefix that ends the text.
    for (const value of free) result = redactCutTail(result, value);
    return result;
  }

  private compiled(): { free: string[]; named: RegExp[] } {
    return (this.patterns ??= this.compile());
  }

  private compile(): { free: string[]; named: RegExp[] } {
    // Longest first, so that a secret containing another is replaced whole.
    const free = [...this.values].sort((a, b) => b.length - a.length);
    const named = [...this.named].map(([name, values]) => {
      const key = escapeRegExp(name);
      const value = [...values]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|');
      const lead = [
        String.raw`--?${key}(?:\s+|\s*=\s*)\\?["']?`,
        String.raw`${key}\s*[=:]\s*\\?["']?`,
        String.raw`\\?["']${key}\\?["']\s*:\s*\\?["']?`,
      ].join('|');
      return new RegExp(String.raw`((?<![\w-])(?:${lead}))(?:${value})${VALUE_END}`, 'g');
    });
    return { free, named };
  }

  private addNamed(name: string, value: string): void {
    let values = this.named.get(name);
    if (!values) this.named.set(name, (values = new Set()));
    values.add(value);
  }

  private collectField(field: string, value: unknown): void {
    if (Array.isArray(value)) {
      // ContainerArguments, ContainerEntrypoint: a command line, whose flags name their values.
      let flag: string | undefined;
      for (const item of value) {
        if (typeof item !== 'string') {
          this.collectAny(field, item);
          flag = undefined;
          continue;
        }
        const parsed = FLAG.exec(item);
        if (parsed && parsed[2] !== undefined) this.add(parsed[1], parsed[2]);
        this.add(flag, item);
        flag = parsed && parsed[2] === undefined ? parsed[1] : undefined;
      }
      return;
    }
    this.collectAny(field, value);
  }

  private collectAny(name: string, value: unknown): void {
    if (typeof value === 'string') this.add(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean') this.add(name, String(value));
    else if (Array.isArray(value)) for (const item of value) this.collectAny(name, item);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) this.collectAny(key, inner);
    }
  }
}

/** `text` with its end redacted when it is the start of `value` (at least 4 characters of it). */
function redactCutTail(text: string, value: string): string {
  const first = value[0];
  // The leftmost start gives the longest cut prefix.
  for (
    let at = text.indexOf(first, Math.max(0, text.length - value.length + 1));
    at !== -1 && text.length - at >= MIN_FREE_SECRET_LENGTH;
    at = text.indexOf(first, at + 1)
  ) {
    if (value.startsWith(text.slice(at))) return `${text.slice(0, at)}${REDACTED}`;
  }
  return text;
}

/** The forms a value takes in text: itself, JSON-decoded (repeatedly), JSON-encoded. */
function forms(value: string): Set<string> {
  const out = new Set<string>([value]);
  let current = value;
  for (let depth = 0; depth < 3; depth += 1) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(current);
    } catch {
      break;
    }
    if (typeof decoded !== 'string') break;
    out.add(decoded);
    current = decoded;
  }
  for (const form of [...out]) out.add(JSON.stringify(form).slice(1, -1));
  return out;
}

/** The free text of a report: the failure text and what was read from it, explanations, read errors. */
const REPORT_FREE_TEXT = new Set(['failureReason', 'explanation', 'why']);
const isReportFreeText = (key: string, path: readonly string[]): boolean =>
  path[0] === 'failure' || REPORT_FREE_TEXT.has(key);

/** `report` with its free text redacted of `secrets` (its names, ARNs and policies as they are). */
export const redactReport = (report: Report, secrets: Secrets): Report =>
  secrets.redactFreeText(report, isReportFreeText);

/**
 * `evidence` remembering the secrets of every description it gives (a snapshot's descriptions
 * keep their hyperparameters; live descriptions come stripped already).
 */
export function collectingSecrets(evidence: Evidence, secrets: Secrets): Evidence {
  const seen = <T extends Known<unknown>>(answer: T): T => {
    if (answer.known) secrets.collect(answer.value);
    return answer;
  };
  // Every other question goes to `evidence` itself (through the prototype).
  const collecting = Object.create(evidence) as Evidence;
  return Object.assign(collecting, {
    describeJob: async (account: string, kind: JobKind, name: string) =>
      seen(await evidence.describeJob(account, kind, name)),
    describeJobByArn: async (arn: string) => seen(await evidence.describeJobByArn(arn)),
    describeModel: async (account: string, name: string) => seen(await evidence.describeModel(account, name)),
    describeEndpointConfig: async (account: string, name: string) =>
      seen(await evidence.describeEndpointConfig(account, name)),
    describePipeline: async (account: string, name: string) => seen(await evidence.describePipeline(account, name)),
    describePipelineExecution: async (account: string, executionArn: string) =>
      seen(await evidence.describePipelineExecution(account, executionArn)),
  } satisfies Partial<Evidence>);
}

const isDescriptionFreeText = (key: string): boolean => DESCRIPTION_FREE_TEXT.test(key);

function walkSecretFields(value: unknown, found: (field: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkSecretFields(item, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_FIELD_SET.has(key)) found(key, inner);
    else walkSecretFields(inner, found);
  }
}

function removeSecretFields(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) removeSecretFields(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (SECRET_FIELD_SET.has(key)) delete record[key];
    else removeSecretFields(record[key]);
  }
}

function visitStrings(value: unknown, path: string[], visit: (text: string, path: readonly string[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => visitStrings(item, [...path, String(index)], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>))
      visitStrings(inner, [...path, key], visit);
  }
}

function mapStrings(value: unknown, path: string[], map: (text: string, path: readonly string[]) => string): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, [...path, String(index)], map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        mapStrings(inner, [...path, key], map),
      ]),
    );
  }
  return value;
}
