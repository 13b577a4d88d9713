export { type FindEntity, findCatalogTemplate, parseTemplateRef } from './catalogTemplate.ts';
export {
  exampleOutput,
  ParameterValidationError,
  type RunLogEntry,
  type RunResult,
  type RunTemplateOptions,
  runTemplate,
  type StepResult,
  type StepStatus,
} from './runTemplate.ts';
export { readTemplate, type TemplateSpec, type TemplateStep } from './templateEntity.ts';
