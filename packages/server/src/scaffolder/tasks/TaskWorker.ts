import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity } from '@paved/model';
import type { ActionRegistry, ActionServices } from '../actions/index.ts';
import { type RunLogEntry, type RunResult, runTemplate } from '../runner/index.ts';
import type { TemplaterOptions } from '../templating/index.ts';
import {
  LocalTemplateBase,
  type LocateEntityFile,
  templateBaseOfEntity,
  Workspace,
  type WorkspaceLimits,
} from '../workspace/index.ts';
import type { SecretKeeper } from './SecretKeeper.ts';
import type { TaskEventBody, TaskRecord, TaskStepState, TaskStore } from './task.store.ts';

/** How often a worker looks for work, beats, and when a silent worker counts as gone. */
export interface TaskWorkerTimings {
  /** How often to look for open tasks. Default 1000 ms. */
  pollMs?: number;
  /** How often to beat for running tasks (and learn of cancels made on other replicas). Default 2000 ms. */
  heartbeatMs?: number;
  /** A processing task whose heartbeat is older than this is failed as interrupted. Default 60 s. */
  staleAfterMs?: number;
  /** Tasks one worker runs at once. Default 10 (Backstage's concurrentTasksLimit). */
  concurrency?: number;
}

export interface TaskWorkerOptions extends TaskWorkerTimings {
  /** This worker's id (one per process); the owner of the rows it claims. */
  workerId: string;
  store: TaskStore;
  actions: ActionRegistry;
  secrets: SecretKeeper;
  /** The catalog User entity of a user ref, for `user.entity`. */
  findUserEntity: (userRef: string) => unknown;
  /** Told when a task has new events, so that streams in this process wake at once. */
  notify: (taskId: string) => void;
  /** Where workspaces are made; default: the OS temp folder. */
  workingDirectory?: string | undefined;
  limits?: WorkspaceLimits;
  templating?: Pick<TemplaterOptions, 'timeoutMs' | 'maxOutputChars'>;
  /** Handed to actions that reach outside the workspace (publish:git, catalog:*). */
  services?: ActionServices;
  /** Where the catalog read a template's file: templates from git sources are read there. */
  locateEntityFile?: LocateEntityFile | undefined;
  log?: { warn(obj: unknown, message: string): void };
}

const RUN_COMPLETED = /^Run completed with status: /;

/**
 * Claims open tasks from the database and runs them with the template runner, one fresh
 * workspace each; beats for the tasks it runs; fails tasks whose worker went silent (a crashed
 * replica) as interrupted, without running them again. docs/adr/0006-scaffolder-task-queue.md.
 */
export class TaskWorker {
  readonly #options: TaskWorkerOptions;
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #timers: NodeJS.Timeout[] = [];
  #polling = false;
  #stopping = false;
  #starting: Promise<void> = Promise.resolve();

  constructor(options: TaskWorkerOptions) {
    this.#options = options;
  }

  get id(): string {
    return this.#options.workerId;
  }

  start(): void {
    const { pollMs = 1000, heartbeatMs = 2000, staleAfterMs = 60_000 } = this.#options;
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => {
        fn().catch((error: unknown) =>
          this.#options.log?.warn({ err: error }, 'scaffolder worker tick failed'),
        );
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(pollMs, () => this.poll());
    every(heartbeatMs, () => this.beat());
    every(Math.max(heartbeatMs, Math.round(staleAfterMs / 4)), () => this.recover());
    this.#starting = this.recover()
      .then(() => this.poll())
      .catch((error: unknown) => this.#options.log?.warn({ err: error }, 'scaffolder worker start failed'));
  }

  /** Claims and starts as many open tasks as there are free slots. */
  async poll(): Promise<void> {
    if (this.#polling || this.#stopping) return;
    this.#polling = true;
    try {
      const free = (this.#options.concurrency ?? 10) - this.#running.size;
      if (free <= 0) return;
      const tasks = await this.#options.store.claim(this.id, free);
      for (const task of tasks) {
        const controller = new AbortController();
        const done = this.#run(task, controller.signal)
          .catch((error: unknown) =>
            this.#options.log?.warn({ err: error, task: task.id }, 'task run failed'),
          )
          .finally(() => this.#running.delete(task.id));
        this.#running.set(task.id, { controller, done });
      }
    } finally {
      this.#polling = false;
    }
  }

  /** Beats for the running tasks; aborts those whose cancel was asked for (on any replica). */
  async beat(): Promise<void> {
    const cancelled = await this.#options.store.heartbeat(this.id, [...this.#running.keys()]);
    for (const id of cancelled) this.abort(id);
  }

  /** Fails tasks whose worker stopped beating, and removes the workspaces crashes left behind. */
  async recover(): Promise<string[]> {
    const ids = await this.#options.store.recoverStale(this.#options.staleAfterMs ?? 60_000);
    for (const id of ids) this.#options.notify(id);
    await this.#sweepWorkspaces();
    return ids;
  }

  /**
   * Workspaces of ended tasks that are still on disk (their process died mid-run). Only under
   * the configured working directory, never the shared OS temp folder; a task still running,
   * here or on a replica sharing the folder, keeps its own.
   */
  async #sweepWorkspaces(): Promise<void> {
    const dir = this.#options.workingDirectory;
    if (!dir) return;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const id = /^paved-task-([0-9a-f-]{36})-/.exec(name)?.[1];
      if (!id || this.#running.has(id)) continue;
      const task = await this.#options.store.getTask(id);
      if (task && (task.status === 'processing' || task.status === 'open')) continue;
      await fs.rm(join(dir, name), { recursive: true, force: true });
    }
  }

  /** Aborts a task this worker runs (its running step's signal fires); false when it runs elsewhere. */
  abort(taskId: string): boolean {
    const running = this.#running.get(taskId);
    if (!running) return false;
    running.controller.abort();
    return true;
  }

  /**
   * Stops claiming, and ends the tasks in flight: their running step is aborted and they are
   * failed as interrupted (not cancelled: nobody asked), to be retried by their user.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#starting;
    for (const { controller } of this.#running.values()) controller.abort();
    await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  async #run(task: TaskRecord, signal: AbortSignal): Promise<void> {
    const { store } = this.#options;
    const steps: TaskStepState[] = task.steps.map((s) => ({
      id: s.id,
      name: s.name,
      action: s.action,
      status: 'open',
    }));
    // Events are written in the order the runner emits them, one after another.
    let writes: Promise<void> = Promise.resolve();
    const enqueue = (fn: () => Promise<void>) => {
      writes = writes
        .then(fn)
        .catch((error: unknown) =>
          this.#options.log?.warn({ err: error, task: task.id }, 'task event not written'),
        );
    };
    const record = (body: TaskEventBody) => {
      enqueue(async () => {
        await store.appendEvent(task.id, task.run, 'log', body);
        if (body.status) await store.saveSteps(task.id, task.run, steps);
        this.#options.notify(task.id);
      });
    };
    const onLog = (entry: RunLogEntry) => {
      const { body } = entry;
      if (!body.stepId && RUN_COMPLETED.test(body.message)) return; // the completion event says it
      const step = body.stepId ? steps.find((s) => s.id === body.stepId) : undefined;
      if (step && body.status) {
        if (body.status === 'processing') step.startedAt = entry.createdAt;
        else {
          step.startedAt ??= entry.createdAt;
          step.endedAt = entry.createdAt;
          step.durationMs = Date.parse(entry.createdAt) - Date.parse(step.startedAt);
        }
        step.status = body.status;
      }
      record(body);
    };

    let result: Pick<RunResult, 'status' | 'output' | 'error' | 'steps'> | undefined;
    let workspace: Workspace | undefined;
    let templateCopy: { dispose(): Promise<void> } | undefined;
    try {
      const secrets = this.#options.secrets.get(task.id);
      if (task.hasSecrets && !secrets) {
        throw Object.assign(
          new Error(
            'The secrets of this task are not available (they are never stored); retry it with the secrets',
          ),
          { name: 'TaskInterruptedError' },
        );
      }
      let templateBase = await templateBaseOfEntity(
        task.template as unknown as Entity,
        task.templateRef,
        this.#options.locateEntityFile,
      );
      // A template read from git runs from a copy of the catalog's checkout, which a scheduled
      // fetch may rewrite while the task reads it.
      if (templateBase instanceof LocalTemplateBase && templateBase.reachesRepository) {
        const copy = await templateBase.snapshot(
          this.#options.workingDirectory ?? tmpdir(),
          `paved-task-${task.id}-template-`,
        );
        templateCopy = copy;
        templateBase = copy.base;
      }
      workspace = await Workspace.create({
        ...this.#options.limits,
        parent: this.#options.workingDirectory,
        prefix: `paved-task-${task.id}-`,
      });
      result = await runTemplate({
        template: task.template,
        values: task.parameters,
        secrets,
        user: { ref: task.createdBy, entity: this.#options.findUserEntity(task.createdBy) },
        templateBase,
        workspace,
        actions: this.#options.actions,
        isDryRun: false,
        templateInfo: { entityRef: task.templateRef },
        taskId: task.id,
        signal,
        onLog,
        templating: this.#options.templating,
        ...(this.#options.services ? { services: this.#options.services } : {}),
      });
    } catch (error) {
      const err = error as Error;
      record({ message: err.message });
      result = {
        status: 'failed',
        output: {},
        steps: [],
        error: { name: err.name || 'Error', message: err.message },
      };
    } finally {
      await workspace?.dispose().catch(() => undefined);
      await templateCopy?.dispose().catch(() => undefined);
    }
    await writes;

    // Timings as the runner measured them.
    for (const measured of result.steps) {
      const step = steps.find((s) => s.id === measured.id);
      if (!step) continue;
      if (measured.startedAt) step.startedAt = measured.startedAt;
      if (measured.endedAt) step.endedAt = measured.endedAt;
      if (measured.durationMs !== undefined) step.durationMs = measured.durationMs;
    }
    let status: 'completed' | 'failed' | 'cancelled' = result.status;
    let taskError = result.error;
    // An abort that came after the last step changed nothing: the run completed.
    const aborted = signal.aborted && result.status === 'failed';
    if (aborted && this.#stopping) {
      status = 'failed';
      taskError = {
        name: 'TaskInterruptedError',
        message: 'Paved shut down while the task ran; retry it to start over',
      };
    } else if (aborted) {
      status = 'cancelled';
      taskError = undefined;
      for (const step of steps) {
        if (step.status === 'failed' || step.status === 'processing') {
          step.status = 'cancelled';
          await store.appendEvent(task.id, task.run, 'log', {
            message: `Step ${step.id} has been cancelled.`,
            stepId: step.id,
            status: 'cancelled',
          });
        }
      }
    }
    this.#options.secrets.delete(task.id);
    await store.finish(task.id, task.run, this.id, {
      status,
      steps,
      output: status === 'completed' ? result.output : {},
      registeredEntities: status === 'completed' ? registeredEntities(result.steps) : [],
      ...(taskError ? { error: taskError } : {}),
    });
    this.#options.notify(task.id);
  }
}

/** The refs of the entities the `catalog:register` steps of a run registered (Location entities left out). */
function registeredEntities(
  steps: { action: string; status: string; output?: Record<string, unknown> }[],
): string[] {
  const refs = new Set<string>();
  for (const step of steps) {
    if (step.action !== 'catalog:register' || step.status !== 'completed' || !step.output) continue;
    const { entityRefs, entityRef } = step.output;
    const list = Array.isArray(entityRefs) ? entityRefs : [entityRef];
    for (const ref of list) {
      if (typeof ref === 'string' && !ref.toLowerCase().startsWith('location:')) refs.add(ref.toLowerCase());
    }
  }
  return [...refs];
}
