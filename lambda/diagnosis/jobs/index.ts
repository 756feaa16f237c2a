/**
 * Job models: what a failed SageMaker job needed, role by role (README.md CLI, docs/diagnosis.md "Checks").
 */
export { buildJobModel } from './build';
export type { JobReference } from './locate';
