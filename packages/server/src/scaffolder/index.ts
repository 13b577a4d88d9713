import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../access/index.ts';
import type { Database } from '../store/index.ts';
import { type ActionServices, createDefaultActionRegistry } from './actions/index.ts';
import { type FindUserEntity, scaffolderRoutes } from './scaffolder.routes.ts';
import { createScaffolderService } from './scaffolder.service.ts';
import {
  createTaskService,
  createTaskStore,
  type FindEntity,
  SecretKeeper,
  TaskNotifier,
  TaskWorker,
  type TaskWorkerTimings,
  taskRoutes,
} from './tasks/index.ts';
import type { LocateEntityFile } from './workspace/index.ts';

export type { ActionEntity, ActionServices } from './actions/index.ts';
export {
  type ActionContext,
  ActionRegistry,
  builtinActions,
  createTemplateAction,
  type TemplateAction,
} from './actions/index.ts';
export { gitHostingRoutes } from './hosting/index.ts';
export { ParameterValidationError, type RunResult, runTemplate } from './runner/index.ts';
export type { DryRunRequest, DryRunResult, ScaffolderService } from './scaffolder.service.ts';
export type { FindEntity, SerializedTask, TaskService, TaskWorkerTimings } from './tasks/index.ts';
export {
  LocalTemplateBase,
  type LocateEntityFile,
  type TemplateBase,
  templateBaseOfEntity,
  Workspace,
} from './workspace/index.ts';

/**
 * The scaffolder module (software templates): the action registry, dry-run, durable tasks with
 * their worker, and their routes under /api/scaffolder. The module's only door.
 */
export function createScaffolderModule(options: {
  db: Database;
  access: AccessService;
  /** A catalog entity by canonical ref: templates are read from the catalog. */
  findEntity: FindEntity;
  /** Where the catalog read a template's file: templates from git sources are read there. */
  locateEntityFile?: LocateEntityFile;
  /** The catalog User entity of a user ref, for `user.entity` in templates. */
  findUserEntity: FindUserEntity;
  /** Where dry-run workspaces are made; default: the OS temp folder. */
  workingDirectory?: string;
  /**
   * Where task workspaces are made, and where those a crashed process left are removed; default:
   * the OS temp folder (never swept: other programs share it).
   */
  taskDirectory?: string;
  /** What publish and catalog actions use when tasks run them (the catalog, git hosting). */
  actionServices?: ActionServices;
  /** Worker timings; `concurrency: 0` runs no worker in this process (tasks wait for another replica). */
  worker?: TaskWorkerTimings;
  log?: { warn(obj: unknown, message: string): void };
}) {
  const actions = createDefaultActionRegistry();
  const service = createScaffolderService({
    actions,
    workingDirectory: options.workingDirectory,
    findEntity: options.findEntity,
    locateEntityFile: options.locateEntityFile,
  });
  const store = createTaskStore(options.db);
  const secrets = new SecretKeeper();
  const notifier = new TaskNotifier();
  const worker =
    options.worker?.concurrency === 0
      ? undefined
      : new TaskWorker({
          ...options.worker,
          workerId: `worker-${randomUUID()}`,
          store,
          actions,
          secrets,
          findUserEntity: options.findUserEntity,
          notify: (taskId) => notifier.notify(taskId),
          workingDirectory: options.taskDirectory,
          locateEntityFile: options.locateEntityFile,
          ...(options.actionServices ? { services: options.actionServices } : {}),
          ...(options.log ? { log: options.log } : {}),
        });
  const tasks = createTaskService({
    store,
    actions,
    secrets,
    notifier,
    findEntity: options.findEntity,
    ...(options.locateEntityFile ? { locateEntityFile: options.locateEntityFile } : {}),
    ...(worker ? { worker } : {}),
  });
  const shutdown = new AbortController();
  return {
    service,
    tasks,
    actions,
    async register(app: FastifyInstance): Promise<void> {
      await scaffolderRoutes(app, { scaffolder: service, findUserEntity: options.findUserEntity });
      await taskRoutes(app, { tasks, access: options.access, shutdown: shutdown.signal });
    },
    /** Starts claiming tasks (after the server listens). */
    start(): void {
      worker?.start();
    },
    /** Stops claiming; tasks in flight end as interrupted (failed), for their users to retry. */
    async stop(): Promise<void> {
      shutdown.abort();
      await worker?.stop();
    },
  };
}
