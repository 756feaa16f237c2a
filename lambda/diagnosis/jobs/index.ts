/**
 * Job models: what a failed SageMaker job needed, role by role (README.md CLI, docs/diagnosis.md "Checks").
 */
export { buildJobModel, type BuildJobModelInput } from './build';
export type { JobReference } from './locate';
export type { Gap } from './role-builder';
export type { JobModel, RoleModel, S3Location, S3Output, KeyUse, VpcConfig, JobType } from './model';
export { parseS3Uri, type S3Address } from './s3-uri';
