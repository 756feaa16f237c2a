export { checkCondition, compileCondition, type CompiledCondition } from './compile';
export { operatorNames } from './registry';
