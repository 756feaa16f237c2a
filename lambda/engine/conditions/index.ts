export { checkCondition, compileCondition, type CompiledCondition } from './compile';
export { operatorNames, parseOperator, SET_OPERATORS, type ParsedOperator, type SetOperator } from './registry';
