import type { FastifyInstance } from 'fastify';
import { createDefaultActionRegistry } from './actions/index.ts';
import { type FindUserEntity, scaffolderRoutes } from './scaffolder.routes.ts';
import { createScaffolderService } from './scaffolder.service.ts';

export {
  type ActionContext,
  ActionRegistry,
  builtinActions,
  createTemplateAction,
  type TemplateAction,
} from './actions/index.ts';
export { ParameterValidationError, type RunResult, runTemplate } from './runner/index.ts';
export type { DryRunRequest, DryRunResult, ScaffolderService } from './scaffolder.service.ts';
export { LocalTemplateBase, type TemplateBase, templateBaseOfEntity, Workspace } from './workspace/index.ts';

/**
 * The scaffolder module (software templates): the action registry, dry-run, and their routes
 * under /api/scaffolder. The module's only door.
 */
export function createScaffolderModule(options: {
  /** The catalog User entity of a user ref, for `user.entity` in templates. */
  findUserEntity: FindUserEntity;
  /** Where workspaces are made; default: the OS temp folder. */
  workingDirectory?: string;
}) {
  const actions = createDefaultActionRegistry();
  const service = createScaffolderService({ actions, workingDirectory: options.workingDirectory });
  return {
    service,
    actions,
    async register(app: FastifyInstance): Promise<void> {
      await scaffolderRoutes(app, { scaffolder: service, findUserEntity: options.findUserEntity });
    },
  };
}
