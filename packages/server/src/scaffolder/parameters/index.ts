export {
  evaluatePageCondition,
  fillParameterDefaults,
  type ParameterError,
  parameterPages,
  validateParameters,
} from './validateParameters.ts';
