import { ActionRegistry } from './ActionRegistry.ts';
import { catalogFetchAction, catalogRegisterAction, catalogWriteAction } from './catalog.ts';
import { debugLogAction, debugWaitAction } from './debug.ts';
import {
  fetchPlainAction,
  fetchPlainFileAction,
  fetchTemplateAction,
  fetchTemplateFileAction,
} from './fetch.ts';
import { fsDeleteAction, fsReaddirAction, fsRenameAction } from './filesystem.ts';
import { createPublishGitAction, type PublishGitActionOptions } from './publish-git.ts';
import { createPublishGithubAction, type PublishGithubActionOptions } from './publish-github.ts';
import { createPublishGitlabAction, type PublishGitlabActionOptions } from './publish-gitlab.ts';
import type { TemplateAction } from './types.ts';

export { ActionRegistry } from './ActionRegistry.ts';
export {
  catalogFetchAction,
  catalogRegisterAction,
  catalogWriteAction,
  registrationTarget,
} from './catalog.ts';
export {
  createPublishGitAction,
  type PublishGitActionOptions,
  type PublishTarget,
  parsePublishTarget,
  publishGitAction,
} from './publish-git.ts';
export {
  createPublishGithubAction,
  type PublishGithubActionOptions,
  publishGithubAction,
} from './publish-github.ts';
export {
  createPublishGitlabAction,
  type PublishGitlabActionOptions,
  publishGitlabAction,
} from './publish-gitlab.ts';
export {
  type ActionContext,
  type ActionEntity,
  type ActionLogger,
  type ActionServices,
  createTemplateAction,
  type JsonSchema,
  type TemplateAction,
} from './types.ts';

export interface BuiltinActionsOptions {
  /** Longest `debug:wait` may wait. */
  maxWaitMs?: number;
  /** Options of `publish:git` (file:// remotes, git timeout). */
  publishGit?: PublishGitActionOptions;
  /** Options of `publish:github` (API base per host, timeout). */
  publishGithub?: PublishGithubActionOptions;
  /** Options of `publish:gitlab` (API base per host, timeout). */
  publishGitlab?: PublishGitlabActionOptions;
}

/**
 * The built-in actions. Those reaching outside the workspace (`publish:git`, `catalog:*`) use the
 * services the runner hands them in `ActionContext.services`, and fail clearly without them.
 */
export function builtinActions(options: BuiltinActionsOptions = {}): TemplateAction[] {
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
    catalogRegisterAction,
    catalogWriteAction,
    catalogFetchAction,
    createPublishGitAction(options.publishGit),
    createPublishGithubAction(options.publishGithub),
    createPublishGitlabAction(options.publishGitlab),
  ];
}

/** A registry holding the built-in actions. */
export function createDefaultActionRegistry(options: BuiltinActionsOptions = {}): ActionRegistry {
  return new ActionRegistry(builtinActions(options));
}
