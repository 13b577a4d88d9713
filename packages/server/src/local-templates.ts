/**
 * `@paved/server/local-templates`: running a template with no server (`paved template run`).
 * A door of its own so the CLI loads the scaffolder only, not the whole server.
 */
export {
  type LocalTemplateRunOptions,
  type LocalTemplateRunResult,
  runTemplateLocally,
  templateStepIds,
} from './scaffolder/runLocal.ts';
export { ParameterValidationError, type RunLogEntry, type StepResult } from './scaffolder/runner/index.ts';
