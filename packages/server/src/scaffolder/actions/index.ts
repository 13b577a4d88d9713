import { ActionRegistry } from './ActionRegistry.ts';
import { debugLogAction, debugWaitAction } from './debug.ts';
import {
  fetchPlainAction,
  fetchPlainFileAction,
  fetchTemplateAction,
  fetchTemplateFileAction,
} from './fetch.ts';
import { fsDeleteAction, fsReaddirAction, fsRenameAction } from './filesystem.ts';
import type { TemplateAction } from './types.ts';

export { ActionRegistry } from './ActionRegistry.ts';
export {
  type ActionContext,
  type ActionLogger,
  createTemplateAction,
  type JsonSchema,
  type TemplateAction,
} from './types.ts';

/** The built-in actions that work inside the workspace only (publishing and catalog actions come later). */
export function builtinActions(options: { maxWaitMs?: number } = {}): TemplateAction[] {
  return [
    fetchPlainAction,
    fetchPlainFileAction,
    fetchTemplateAction,
    fetchTemplateFileAction,
    fsDeleteAction,
    fsRenameAction,
    fsReaddirAction,
    debugLogAction,
    debugWaitAction(options),
  ];
}

/** A registry holding the built-in actions. */
export function createDefaultActionRegistry(options: { maxWaitMs?: number } = {}): ActionRegistry {
  return new ActionRegistry(builtinActions(options));
}
