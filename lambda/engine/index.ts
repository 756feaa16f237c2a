/**
 * The IAM policy evaluation engine: compile policies once, evaluate requests over them
 * (docs/engine.md).
 */
export { compilePolicy, type PolicyMeta } from './policy';
export { evaluate } from './evaluate';
export { explain, describeStatement } from './explain';
export { PolicyError } from './errors';
export { parseArn, accountOfArn, isAccountId, type Arn } from '../arn';
export { resolveCaller, type Caller } from './arn';
export { normalizeContext, type NormalizedContext } from './context';
export { compileGlob, type Glob, type GlobOptions } from './match/glob';
export { compilePattern, type PatternTemplate } from './variables';
export { compileCondition, type CompiledCondition } from './conditions/index';
export {
  POLICY_TYPES,
  DECISIONS,
  type PolicyType,
  type Decision,
  type RequestContext,
  type PolicyIdentity,
  type KmsGrant,
  type StatementRef,
  type LayerEvaluation,
  type Evaluation,
  type CompiledPolicy,
  type CompiledStatement,
  type EvaluationRequest,
} from './types';
