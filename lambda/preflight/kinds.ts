/**
 * What preflight knows of each `Create*` call that starts a job: the action the caller needs,
 * the ARN the job will have, how the request becomes role models (the same readers the diagnosis
 * uses for `Describe*` outputs, whose fields the requests share), and the roles the call passes
 * to SageMaker. `CreateEndpoint` creates no job but an endpoint: its checks are the endpoint
 * diagnosis' (each variant's model as its role), its configuration and models read from the
 * evidence, as a transform job's model is.
 * https://docs.aws.amazon.com/sagemaker/latest/dg/api-permissions-reference.html
 */
import { known } from '../evidence/evidence';
import { jobKind } from '../job-kinds';
import type { BuildContext } from '../diagnosis/jobs/context';
import { endpointRoles } from '../diagnosis/jobs/endpoint';
import type { JobType, RoleModel } from '../diagnosis/jobs/model';
import { modelRoleBuilder } from '../diagnosis/jobs/model-role';
import { processingJobRoles } from '../diagnosis/jobs/processing';
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from '../json';
import { trainingJobRoles } from '../diagnosis/jobs/training';
import { transformJobRoles } from '../diagnosis/jobs/transform';
import { tuningJobRoles } from '../diagnosis/jobs/tuning';

export const PREFLIGHT_KINDS = ['training', 'processing', 'transform', 'tuning', 'model', 'endpoint'] as const;
export type PreflightKind = (typeof PREFLIGHT_KINDS)[number];

/** A role the request names, and the field that names it (for messages). */
interface PassedRole {
  field: string;
  roleArn: string;
}

export interface PreflightKindSpec {
  /** `job.type` of the report. */
  type: JobType;
  label: string;
  /** The AWS CLI command whose `--generate-cli-skeleton` shapes the request. */
  cliCommand: string;
  /** The IAM action of the `Create*` call. */
  createAction: string;
  nameField: string;
  /** The resource type in the ARN: `arn:aws:sagemaker:REGION:ACCOUNT:training-job/NAME`. */
  arnResourceType: string;
  /** The name as the ARN writes it, when SageMaker changes it there (endpoints: lower case). */
  arnName?(name: string): string;
  rolesOf(request: JsonObject, context: BuildContext): Promise<RoleModel[]>;
  /**
   * The roles the call passes to SageMaker (`iam:PassRole`). A transform job passes none: it
   * runs as its model's role, passed when the model was created.
   */
  passedRoles(request: JsonObject): PassedRole[];
}

const roleField =
  (field: string) =>
  (request: JsonObject): PassedRole[] => {
    const roleArn = stringAt(request, field);
    return roleArn === undefined ? [] : [{ field, roleArn }];
  };

/**
 * CreateModel: the model's own role reads its model data and pulls its images. A pipeline's model
 * step names no model (SageMaker Pipelines names it when it runs).
 */
async function modelRoles(request: JsonObject, context: BuildContext): Promise<RoleModel[]> {
  const role = modelRoleBuilder(stringAt(request, 'ModelName'), known(request), 'the CreateModel request', context);
  return role ? [role.build()] : [];
}

function tuningPassedRoles(request: JsonObject): PassedRole[] {
  const out: PassedRole[] = [];
  const single = objectAt(request, 'TrainingJobDefinition');
  const singleRole = stringAt(single, 'RoleArn');
  if (singleRole !== undefined) out.push({ field: 'TrainingJobDefinition.RoleArn', roleArn: singleRole });
  arrayAt(request, 'TrainingJobDefinitions')
    .filter(isObject)
    .forEach((definition, i) => {
      const roleArn = stringAt(definition, 'RoleArn');
      if (roleArn !== undefined) out.push({ field: `TrainingJobDefinitions[${i}].RoleArn`, roleArn });
    });
  return out;
}

/** What the job-kind catalogue (lambda/job-kinds.ts) says of a kind. */
const fromJobKind = (kind: 'training' | 'processing' | 'transform' | 'tuning' | 'endpoint') => ({
  type: jobKind(kind).type,
  label: jobKind(kind).label,
  nameField: jobKind(kind).nameField,
  arnResourceType: jobKind(kind).arnResourceType,
  createAction: jobKind(kind).createAction,
});

export const PREFLIGHT_KIND_SPECS: Readonly<Record<PreflightKind, PreflightKindSpec>> = {
  training: {
    ...fromJobKind('training'),
    cliCommand: 'create-training-job',
    rolesOf: trainingJobRoles,
    passedRoles: roleField('RoleArn'),
  },
  processing: {
    ...fromJobKind('processing'),
    cliCommand: 'create-processing-job',
    rolesOf: processingJobRoles,
    passedRoles: roleField('RoleArn'),
  },
  transform: {
    ...fromJobKind('transform'),
    cliCommand: 'create-transform-job',
    rolesOf: transformJobRoles,
    passedRoles: () => [],
  },
  tuning: {
    ...fromJobKind('tuning'),
    cliCommand: 'create-hyper-parameter-tuning-job',
    rolesOf: tuningJobRoles,
    passedRoles: tuningPassedRoles,
  },
  model: {
    type: 'Model',
    label: 'model',
    cliCommand: 'create-model',
    createAction: 'sagemaker:CreateModel',
    nameField: 'ModelName',
    arnResourceType: 'model',
    rolesOf: modelRoles,
    passedRoles: roleField('ExecutionRoleArn'),
  },
  endpoint: {
    ...fromJobKind('endpoint'),
    cliCommand: 'create-endpoint',
    // CloudTrail's record of CreateEndpoint for 'ExampleEndpoint' answers .../endpoint/exampleendpoint:
    // https://docs.aws.amazon.com/sagemaker/latest/dg/understanding-sagemaker-entries.html
    arnName: (name) => name.toLowerCase(),
    rolesOf: endpointRoles,
    // The models' roles were passed at CreateModel, as a transform job's.
    passedRoles: () => [],
  },
};
