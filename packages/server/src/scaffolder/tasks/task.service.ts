import { createHash, randomUUID } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  type Entity,
  InputError,
  NotFoundError,
  TEMPLATE_API_VERSION,
} from '@paved/model';
import type { ActionRegistry } from '../actions/index.ts';
import { type ParameterError, parameterPages, validateParameters } from '../parameters/index.ts';

export type { FindEntity } from '../runner/index.ts';

import {
  type FindEntity,
  findCatalogTemplate,
  ParameterValidationError,
  readTemplate,
} from '../runner/index.ts';
import { type LocateEntityFile, templateBaseOfEntity } from '../workspace/index.ts';
import type { SecretKeeper } from './SecretKeeper.ts';
import type { TaskWorker } from './TaskWorker.ts';
import { isTerminal, type TaskEvent, type TaskRecord, type TaskStore } from './task.store.ts';

/** A catalog entity by canonical ref (`template:default/go-service`), as the catalog serves it. */

/** A task as `GET /v2/tasks/:id` answers it: Backstage's SerializedTask, plus Paved's run state. */
export function serializeTask(task: TaskRecord) {
  const spec = readTemplate(task.template);
  const metadata = (task.template.metadata ?? {}) as Record<string, unknown>;
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  return {
    id: task.id,
    status: task.status,
    createdAt: task.createdAt,
    createdBy: task.createdBy,
    ...(task.lastHeartbeatAt ? { lastHeartbeatAt: task.lastHeartbeatAt } : {}),
    spec: {
      apiVersion: TEMPLATE_API_VERSION,
      parameters: task.parameters,
      steps: spec.steps,
      output: spec.output,
      templateInfo: {
        entityRef: task.templateRef,
        ...(annotations[ANNOTATION_LOCATION] ? { baseUrl: annotations[ANNOTATION_LOCATION] } : {}),
        entity: { metadata },
      },
      user: { ref: task.createdBy },
    },
    templateRef: task.templateRef,
    ...(task.templateEtag ? { templateVersion: task.templateEtag } : {}),
    run: task.run,
    hasSecrets: task.hasSecrets,
    steps: task.steps,
    ...(task.output ? { output: task.output } : {}),
    ...(task.error ? { error: task.error } : {}),
    ...(task.startedAt ? { startedAt: task.startedAt } : {}),
    ...(task.endedAt ? { endedAt: task.endedAt } : {}),
  };
}

export type SerializedTask = ReturnType<typeof serializeTask>;

/** Wakes streams in this process when a task has new events; other replicas' events are polled. */
export class TaskNotifier {
  readonly #waiters = new Map<string, Set<() => void>>();

  notify(taskId: string): void {
    const waiters = this.#waiters.get(taskId);
    this.#waiters.delete(taskId);
    for (const wake of waiters ?? []) wake();
  }

  /** Resolves at the next notification of the task, after `ms`, or when `signal` aborts. */
  wait(taskId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.#waiters.get(taskId) ?? new Set();
      this.#waiters.set(taskId, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Which template run made an entity (`GET /v2/provenance`). */
export interface Provenance {
  entityRef: string;
  templateRef: string;
  templateTitle?: string;
  /** A short hash of what the template was then (its name and spec); equal across runs of the same template. */
  templateVersion: string;
  values: Record<string, unknown>;
  taskId: string;
  createdBy: string;
  createdAt: string;
}

/** JSON with object keys sorted, so equal values hash equally whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The version of a template as provenance shows it: 12 hex digits of a hash of its identity and spec. */
export function templateVersion(template: Record<string, unknown>): string {
  const metadata = (template.metadata ?? {}) as Record<string, unknown>;
  return createHash('sha256')
    .update(
      canonicalJson({
        kind: template.kind,
        namespace: metadata.namespace ?? 'default',
        name: metadata.name,
        spec: template.spec,
      }),
    )
    .digest('hex')
    .slice(0, 12);
}

/** The task use cases: create (validated first), read, list, events, cancel, retry, parameter schema. */
export function createTaskService(deps: {
  store: TaskStore;
  actions: ActionRegistry;
  secrets: SecretKeeper;
  findEntity: FindEntity;
  /** Where the catalog read a template's file: templates from git sources are read there. */
  locateEntityFile?: LocateEntityFile;
  notifier: TaskNotifier;
  /** This process's worker, when it runs one: tasks with secrets are held for it. */
  worker?: TaskWorker;
  /** How often a stream polls for events written by other replicas. Default 500 ms. */
  eventPollMs?: number;
}) {
  const { store } = deps;
  const eventPollMs = deps.eventPollMs ?? 500;

  function findTemplate(templateRef: string): { ref: string; entity: Entity } {
    return findCatalogTemplate(deps.findEntity, templateRef);
  }

  function checkSecretsCanRun(secrets: Record<string, string> | undefined): void {
    if (secrets && Object.keys(secrets).length > 0 && !deps.worker) {
      throw new InputError(
        'This server runs no scaffolder worker, and secrets are kept only in the memory of the server that receives them',
      );
    }
  }

  async function getTaskRecord(id: string): Promise<TaskRecord> {
    const task = await store.getTask(id);
    if (!task) throw new NotFoundError(`No task with id ${id}`);
    return task;
  }

  return {
    /**
     * Creates a task for a catalog template, after checking what can be checked before running:
     * the template's format and actions, its file location, and the values (per-field errors).
     */
    async createTask(request: {
      templateRef: string;
      values: Record<string, unknown>;
      secrets?: Record<string, string> | undefined;
      createdBy: string;
    }): Promise<{ id: string }> {
      const { ref, entity } = findTemplate(request.templateRef);
      const spec = readTemplate(entity);
      const errors = validateParameters(spec.parameters, request.values);
      if (errors.length > 0) throw new ParameterValidationError(errors);
      const unknown = [...new Set(spec.steps.map((s) => s.action).filter((id) => !deps.actions.has(id)))];
      if (unknown.length > 0) {
        throw new InputError(`The template uses actions that are not registered: ${unknown.join(', ')}`);
      }
      await templateBaseOfEntity(entity, ref, deps.locateEntityFile);
      checkSecretsCanRun(request.secrets);
      const hasSecrets = Object.keys(request.secrets ?? {}).length > 0;
      const id = randomUUID();
      if (hasSecrets) deps.secrets.put(id, request.secrets as Record<string, string>);
      await store.insertTask({
        id,
        templateRef: ref,
        template: entity as unknown as Record<string, unknown>,
        templateEtag: typeof entity.metadata.etag === 'string' ? entity.metadata.etag : null,
        parameters: request.values,
        hasSecrets,
        secretsHolder: hasSecrets ? (deps.worker?.id ?? null) : null,
        createdBy: request.createdBy,
        steps: spec.steps.map((s) => ({ id: s.id, name: s.name, action: s.action, status: 'open' })),
      });
      void deps.worker?.poll().catch(() => undefined);
      return { id };
    },

    async getTask(id: string): Promise<SerializedTask> {
      return serializeTask(await getTaskRecord(id));
    },

    /**
     * Which template made an entity: the completed tasks whose catalog:register step registered
     * it, newest first (usually one), with the template's version then and the values it was
     * given (never secrets). Empty for an entity no template made.
     */
    async getProvenance(entityRef: string): Promise<{ items: Provenance[] }> {
      const ref = entityRef.toLowerCase();
      const tasks = await store.findRegisteringTasks(ref, 20);
      return {
        items: tasks.map((task) => {
          const metadata = (task.template.metadata ?? {}) as { title?: unknown };
          return {
            entityRef: ref,
            templateRef: task.templateRef,
            ...(typeof metadata.title === 'string' ? { templateTitle: metadata.title } : {}),
            templateVersion: templateVersion(task.template),
            values: task.parameters,
            taskId: task.id,
            createdBy: task.createdBy,
            createdAt: task.endedAt ?? task.createdAt,
          };
        }),
      };
    },

    async listTasks(query: {
      createdBy?: string[];
      status?: string[];
      limit?: number;
      offset?: number;
      order?: 'asc' | 'desc';
    }): Promise<{ tasks: SerializedTask[]; totalTasks: number }> {
      const { tasks, total } = await store.listTasks({
        ...(query.createdBy ? { createdBy: query.createdBy } : {}),
        ...(query.status ? { status: query.status } : {}),
        limit: query.limit ?? 100,
        offset: query.offset ?? 0,
        order: query.order ?? 'desc',
      });
      return { tasks: tasks.map(serializeTask), totalTasks: total };
    },

    /**
     * Events after `after`; when there are none yet and the task still runs, waits up to
     * `waitMs` for some (long-poll), answering `[]` if none came. A task found ended while
     * waiting is answered with what is after `after` then, its completion event included.
     */
    async events(id: string, after: number, waitMs = 0, signal?: AbortSignal): Promise<TaskEvent[]> {
      await getTaskRecord(id);
      const deadline = Date.now() + waitMs;
      for (;;) {
        const events = await store.listEvents(id, after);
        if (events.length > 0 || signal?.aborted) return events;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return [];
        const task = await getTaskRecord(id);
        // The completion event commits with the terminal status, so it is visible now, even when
        // it committed between the read above and this one: read once more, or it is lost.
        if (isTerminal(task.status)) return store.listEvents(id, after);
        await deps.notifier.wait(id, Math.min(remaining, eventPollMs), signal);
      }
    },

    /** Whether `event` ends the task's current run (streams close after it). */
    async isFinal(event: TaskEvent): Promise<boolean> {
      if (event.type !== 'completion') return false;
      const task = await getTaskRecord(event.taskId);
      return task.run === event.run && isTerminal(task.status);
    },

    /** Cancels a task: at once when open; when running, its running step's signal fires. */
    async cancel(id: string): Promise<{ status: string }> {
      const status = await store.requestCancel(id);
      if (status === undefined) throw new NotFoundError(`No task with id ${id}`);
      if (status === 'processing') deps.worker?.abort(id);
      if (status === 'cancelled') deps.secrets.delete(id);
      deps.notifier.notify(id);
      return { status: status === 'processing' ? 'cancelled' : status };
    },

    /**
     * Runs a failed or cancelled task again from its first step, with the same values and the
     * template as it was at creation. Secrets are not stored: a task that had some needs them again.
     */
    async retry(id: string, secrets: Record<string, string> | undefined): Promise<{ id: string }> {
      const task = await getTaskRecord(id);
      if (!isTerminal(task.status) || task.status === 'completed') {
        throw new InputError(`Only a failed or cancelled task can be retried; task ${id} is ${task.status}`);
      }
      const given = secrets && Object.keys(secrets).length > 0;
      if (task.hasSecrets && !given) {
        throw new InputError(
          'This task was created with secrets, which are never stored; give them again in the body: {"secrets": {…}}',
        );
      }
      checkSecretsCanRun(secrets);
      if (given) deps.secrets.put(id, secrets);
      const reopened = await store.reopen(id, given ? (deps.worker?.id ?? null) : null);
      if (!reopened) {
        deps.secrets.delete(id);
        throw new InputError(`Task ${id} could not be retried: it is no longer failed or cancelled`);
      }
      deps.notifier.notify(id);
      void deps.worker?.poll().catch(() => undefined);
      return { id };
    },

    /**
     * Checks form values against the template's parameters without creating anything, for the
     * portal's form: it cannot compile JSON Schema itself (its CSP forbids `new Function`).
     * With `page`, only that page's errors are answered.
     */
    validateValues(
      ref: { namespace: string; kind: string; name: string },
      values: Record<string, unknown>,
      page?: number,
    ): { errors: ParameterError[] } {
      const { entity } = findTemplate(`${ref.kind}:${ref.namespace}/${ref.name}`);
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      const errors = validateParameters(spec.parameters, values);
      return { errors: page === undefined ? errors : errors.filter((e) => e.page === page) };
    },

    /** The template's parameter pages, as Backstage's form asks for them. */
    parameterSchema(ref: { namespace: string; kind: string; name: string }) {
      const { entity } = findTemplate(`${ref.kind}:${ref.namespace}/${ref.name}`);
      const spec = (entity.spec ?? {}) as Record<string, unknown>;
      const metadata = entity.metadata as Record<string, unknown>;
      return {
        title: typeof metadata.title === 'string' ? metadata.title : entity.metadata.name,
        ...(typeof metadata.description === 'string' ? { description: metadata.description } : {}),
        ...(metadata['ui:options']
          ? { 'ui:options': metadata['ui:options'] as Record<string, unknown> }
          : {}),
        steps: parameterPages(spec.parameters).map((page) => ({
          title: typeof page.title === 'string' ? page.title : 'Please enter the following information',
          ...(typeof page.description === 'string' ? { description: page.description } : {}),
          schema: page,
        })),
      };
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
