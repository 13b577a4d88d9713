export { type ParameterError, parameterPages, validateParameters } from './validateParameters.ts';
