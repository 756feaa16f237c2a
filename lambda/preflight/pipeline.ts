/**
 * SageMaker Pipelines definitions (docs/preflight.md): every step that
 * creates a job becomes a preflight job with its own role and locations, its arguments being
 * the `Create*` request the pipeline will send. Parameters take their defaults; execution
 * variables stand for any value (`*`); a step property (`{"Get": "Steps.X..."}`) or a JSON file
 * read at run time is known only when the pipeline runs: that field is left out and listed
 * under `incomplete`.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps.html
 * https://aws-sagemaker-mlops.github.io/sagemaker-model-building-pipeline-definition-JSON-schema/
 */
import { sageMakerArn } from '../arn';
import { InputError } from '../errors';
import { parseJson } from '../evidence/snapshot/load';
import type { Gap } from '../diagnosis/jobs/role-builder';
import { PIPELINE_STEP_MODEL_PREFIX } from '../diagnosis/jobs/model-role';
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from '../json';
import { accountOf } from '../diagnosis/layers';
import { PREFLIGHT_KIND_SPECS, type PreflightKind } from './kinds';
import type { PreflightInput, PreflightJob } from './preflight';

/** Step types that create the jobs preflight checks. */
const STEP_KINDS: Readonly<Record<string, PreflightKind>> = {
  Training: 'training',
  Processing: 'processing',
  Transform: 'transform',
  Tuning: 'tuning',
  Model: 'model',
};

/** Step types that start SageMaker jobs in shapes preflight does not model: listed as not checked. */
const UNCHECKED_JOB_STEPS = new Set(['QualityCheck', 'ClarifyCheck', 'AutoML', 'EMR', 'Notebook']);

/**
 * The name SageMaker Pipelines gives the jobs it starts, `pipelines-<execution id>-<step>-<suffix>`:
 * not known before the run, so a pattern (an Allow must cover every such name).
 */
export const PIPELINE_JOB_NAME = 'pipelines-*';

export interface PipelineOptions {
  /** The parsed file: a definition, a JSON string of one, or a DescribePipeline output. */
  definition: unknown;
  file: string;
  name?: string;
  roleArn?: string;
  /** The account when no role tells it. */
  account: string;
  region: string;
  partition: string;
  /** Parameter values of an execution (StartPipelineExecution), over the defaults. */
  parameters?: Readonly<Record<string, unknown>>;
}

interface Step {
  name: string;
  type: string;
  arguments: unknown;
}

/** A value known only when the pipeline runs, and why. */
class RunTime {
  public constructor(public readonly why: string) {}
}

/** The definition, whichever of the accepted shapes the file holds. */
function definitionOf(options: PipelineOptions): { definition: JsonObject; described?: JsonObject } {
  let value = options.definition;
  let described: JsonObject | undefined;
  // DescribePipeline's output: the definition is a JSON string in PipelineDefinition.
  if (isObject(value) && Object.hasOwn(value, 'PipelineDefinition') && !Object.hasOwn(value, 'Steps')) {
    described = value;
    value = value.PipelineDefinition;
  }
  if (typeof value === 'string') value = parseJson(value, `${options.file} (PipelineDefinition)`);
  if (!isObject(value) || !Array.isArray(value.Steps))
    throw new InputError(
      `${options.file}: Steps is missing or not an array: give a pipeline definition (DescribePipeline's PipelineDefinition, or pipeline.definition() of the SageMaker Python SDK)`,
    );
  return { definition: value, ...(described ? { described } : {}) };
}

/** Every step, those of condition steps' branches included. */
function stepsOf(steps: unknown[], file: string, out: Step[] = []): Step[] {
  steps.forEach((step, i) => {
    const name = stringAt(step, 'Name');
    const type = stringAt(step, 'Type');
    if (name === undefined || type === undefined)
      throw new InputError(
        `${file}: Steps[${i}] has no ${name === undefined ? 'Name' : 'Type'}: every step needs both`,
      );
    out.push({ name, type, arguments: isObject(step) ? step.Arguments : undefined });
    if (type === 'Condition') {
      const args = objectAt(step, 'Arguments');
      stepsOf([...arrayAt(args, 'IfSteps'), ...arrayAt(args, 'ElseSteps')], file, out);
    }
  });
  return out;
}

/** `Steps.NAME.Path` (or `Steps.NAME.Properties.Path`): the step and the property's path. */
function stepProperty(path: string): { step: string; property: string } | undefined {
  const match = /^Steps\.([^.[]+)\.(?:Properties\.)?(.+)$/.exec(path);
  return match ? { step: match[1], property: match[2] } : undefined;
}

class Resolver {
  public readonly gaps: Gap[] = [];

  public constructor(
    private readonly parameters: Map<string, unknown>,
    /** Model steps by name: a transform step's `ModelName` may be such a step's model. */
    private readonly modelSteps: Set<string>,
  ) {}

  /** The arguments with every expression evaluated; run-time fields are left out (and noted). */
  public arguments(step: Step): JsonObject {
    const resolved = this.value(step.arguments, `step '${step.name}': Arguments`, step);
    return isObject(resolved) ? resolved : {};
  }

  /** The model name a transform step's `ModelName` resolves to when it is a model step's. */
  public static modelOf(step: string): string {
    return `${PIPELINE_STEP_MODEL_PREFIX}${step}`;
  }

  private value(value: unknown, where: string, step: Step): unknown {
    const expression = this.expression(value, where, step);
    if (expression !== undefined) return expression;
    if (Array.isArray(value)) {
      return value.flatMap((item, i) => {
        const v = this.value(item, `${where}[${i}]`, step);
        return this.keep(v, `${where}[${i}]`);
      });
    }
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(value)) {
        const v = this.value(child, `${where}.${key}`, step);
        if (this.keep(v, `${where}.${key}`).length > 0) out[key] = v;
      }
      return out;
    }
    return value;
  }

  private keep(value: unknown, where: string): unknown[] {
    if (!(value instanceof RunTime)) return [value];
    this.gaps.push({ what: where.replace(/: Arguments\./, ': '), why: value.why });
    return [];
  }

  /** A `Get` or `Std:*` function: its value, a RunTime, or undefined when `value` is neither. */
  private expression(value: unknown, where: string, step: Step): unknown {
    if (!isObject(value)) return undefined;
    const keys = Object.keys(value);
    if (keys.length !== 1) return undefined;
    const [key] = keys;
    const body = value[key];
    if (key === 'Get' && typeof body === 'string') return this.get(body, where, step);
    if (key === 'Std:Join' && isObject(body)) return this.join(body, where, step);
    if (key === 'Std:JsonGet')
      return new RunTime('it is read from a property file (Std:JsonGet) when the pipeline runs');
    return undefined;
  }

  private get(path: string, where: string, step: Step): unknown {
    if (path.startsWith('Parameters.')) {
      const name = path.slice('Parameters.'.length);
      if (!this.parameters.has(name)) return new RunTime(`parameter '${name}' has no default value`);
      return this.parameters.get(name);
    }
    // Execution variables (PipelineExecutionId, StartDateTime, ...): any value.
    if (path.startsWith('Execution.')) return '*';
    const property = stepProperty(path);
    if (property) {
      if (
        step.type === 'Transform' &&
        where.endsWith('Arguments.ModelName') &&
        property.property === 'ModelName' &&
        this.modelSteps.has(property.step)
      )
        return Resolver.modelOf(property.step);
      return new RunTime(
        `it is the property ${path} of step '${property.step}', known only when the pipeline runs (that step's output feeds this step)`,
      );
    }
    return new RunTime(`${path} is known only when the pipeline runs`);
  }

  private join(body: JsonObject, where: string, step: Step): unknown {
    const on = typeof body.On === 'string' ? body.On : '';
    const parts: string[] = [];
    for (const [i, part] of arrayAt(body, 'Values').entries()) {
      const v = this.expression(part, `${where}[${i}]`, step) ?? part;
      if (v instanceof RunTime) return v;
      parts.push(typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
    }
    return parts.join(on);
  }
}

function parametersOf(definition: JsonObject): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const parameter of arrayAt(definition, 'Parameters')) {
    const name = stringAt(parameter, 'Name');
    if (name !== undefined && isObject(parameter) && Object.hasOwn(parameter, 'DefaultValue'))
      out.set(name, parameter.DefaultValue);
  }
  return out;
}

/** Where a request names its role, to give the step the pipeline's role when it names none. */
function withDefaultRole(kind: PreflightKind, request: JsonObject, roleArn: string | undefined): JsonObject {
  if (roleArn === undefined) return request;
  // "By default, each step takes on the pipeline execution role":
  // https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html
  if (kind === 'training' || kind === 'processing')
    return stringAt(request, 'RoleArn') === undefined ? { ...request, RoleArn: roleArn } : request;
  if (kind === 'model')
    return stringAt(request, 'ExecutionRoleArn') === undefined ? { ...request, ExecutionRoleArn: roleArn } : request;
  if (kind === 'tuning') {
    const fill = (d: unknown) => (isObject(d) && stringAt(d, 'RoleArn') === undefined ? { ...d, RoleArn: roleArn } : d);
    const out = { ...request };
    if (isObject(request.TrainingJobDefinition)) out.TrainingJobDefinition = fill(request.TrainingJobDefinition);
    if (Array.isArray(request.TrainingJobDefinitions))
      out.TrainingJobDefinitions = request.TrainingJobDefinitions.map(fill);
    return out;
  }
  return request;
}

/** The preflight input of a pipeline definition: one job per job-creating step. */
export function pipelineInput(options: PipelineOptions): PreflightInput {
  const { definition, described } = definitionOf(options);
  const roleArn = options.roleArn ?? stringAt(described, 'RoleArn');
  const name =
    options.name ??
    stringAt(described, 'PipelineName') ??
    (options.file === '-' ? 'pipeline' : options.file.replace(/^.*\//, '').replace(/\.json$/i, ''));
  const steps = stepsOf(definition.Steps as unknown[], options.file);
  const modelSteps = new Set(steps.filter((s) => s.type === 'Model').map((s) => s.name));
  const values = parametersOf(definition);
  // An execution's values stand for the parameters the definition declares, defaults or not.
  const declared = new Set(arrayAt(definition, 'Parameters').map((parameter) => stringAt(parameter, 'Name')));
  for (const [name, value] of Object.entries(options.parameters ?? {})) if (declared.has(name)) values.set(name, value);
  const resolver = new Resolver(values, modelSteps);
  const gaps: Gap[] = [];
  const jobs: PreflightJob[] = [];
  const models = new Map<string, JsonObject>();
  for (const step of steps) {
    const kind = Object.hasOwn(STEP_KINDS, step.type) ? STEP_KINDS[step.type] : undefined;
    if (kind === undefined) {
      if (UNCHECKED_JOB_STEPS.has(step.type))
        gaps.push({ what: `step '${step.name}' (${step.type})`, why: 'preflight does not model this step type' });
      continue;
    }
    const request = withDefaultRole(kind, resolver.arguments(step), roleArn);
    if (kind === 'model') models.set(Resolver.modelOf(step.name), request);
    jobs.push({
      kind,
      request,
      origin: `${options.file}: step '${step.name}'`,
      name: PIPELINE_JOB_NAME,
      scope: `step '${step.name}'`,
    });
  }
  gaps.unshift(...resolver.gaps);
  if (roleArn === undefined)
    gaps.push({
      what: 'pipeline role',
      why: 'not given: pass --pipeline-role ARN to check its sagemaker:Create* and iam:PassRole for each step',
    });
  const firstRole = jobs.flatMap((j) => PREFLIGHT_KIND_SPECS[j.kind].passedRoles(j.request))[0]?.roleArn;
  const account = (roleArn && accountOf(roleArn)) || (firstRole && accountOf(firstRole)) || options.account;
  return {
    jobs,
    account,
    region: options.region,
    ...(roleArn === undefined ? {} : { caller: roleArn }),
    pipeline: {
      name,
      arn: sageMakerArn(options.partition, options.region, account, 'pipeline', name),
      ...(roleArn === undefined ? {} : { roleArn }),
    },
    gaps,
    models,
  };
}
