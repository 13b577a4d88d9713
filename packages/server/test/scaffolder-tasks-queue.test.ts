/**
 * The task queue against the database, with workers built directly: several workers never run
 * a task twice (FOR UPDATE SKIP LOCKED), and a task whose worker stopped beating is failed as
 * interrupted, never run again.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Backstage template expressions, not JavaScript template literals
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity } from '@paved/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry, builtinActions } from '../src/scaffolder/index.ts';
import {
  createTaskService,
  createTaskStore,
  SecretKeeper,
  TaskNotifier,
  type TaskService,
  TaskWorker,
} from '../src/scaffolder/tasks/index.ts';
import type { Database } from '../src/store/index.ts';
import { openPostgresDatabase } from '../src/store/index.ts';
import { createTestDatabase, storeKinds, type TestDatabase } from '../src/testing/databases.ts';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'paved-queue-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const template = (): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: {
    name: 'two-steps',
    etag: 'v1',
    annotations: { 'backstage.io/managed-by-location': `file:${join(dir, 'template.yaml')}` },
  },
  spec: {
    type: 'service',
    steps: [
      { id: 'hello', action: 'debug:log', input: { message: 'hello' } },
      { id: 'wait', action: 'debug:wait', input: { milliseconds: '${{ parameters.ms or 30 }}' } },
    ],
  },
});

/** One replica: its own connection, store, worker and service. */
function replica(
  db: Database,
  name: string,
  timings: { staleAfterMs?: number; concurrency?: number; workingDirectory?: string } = {},
) {
  const store = createTaskStore(db);
  const actions = new ActionRegistry(builtinActions());
  const secrets = new SecretKeeper();
  const notifier = new TaskNotifier();
  const worker = new TaskWorker({
    workerId: name,
    store,
    actions,
    secrets,
    findUserEntity: () => undefined,
    notify: (id) => notifier.notify(id),
    concurrency: timings.concurrency ?? 3,
    workingDirectory: timings.workingDirectory,
    pollMs: 10,
    heartbeatMs: 50,
    staleAfterMs: timings.staleAfterMs ?? 60_000,
    log: { warn: (obj, message) => console.warn(message, obj) },
  });
  const service: TaskService = createTaskService({
    store,
    actions,
    secrets,
    notifier,
    findEntity: (ref) => (ref === 'template:default/two-steps' ? template() : undefined),
  });
  return { store, worker, service };
}

describe.each(storeKinds)('the task queue ($kind)', ({ kind, skip }) => {
  let database: TestDatabase;
  let second: Database;

  beforeAll(async () => {
    if (skip) return;
    database = await createTestDatabase(kind);
    // PGlite is one process's database: both workers share it. PostgreSQL: two connection pools.
    second = database.url ? await openPostgresDatabase(database.url, { maxConnections: 4 }) : database.db;
  });

  afterAll(async () => {
    if (second && second !== database?.db) {
      await second.close();
      // pg's Pool.end() resolves before its clients' connections are gone; dispose() then drops
      // the database WITH (FORCE), and a connection still closing gets 57P01 as an unhandled error.
      await new Promise((r) => setTimeout(r, 200));
    }
    await database?.dispose();
  });

  it.skipIf(skip)('two workers claim 20 tasks between them and run each exactly once', async () => {
    const a = replica(database.db, 'worker-a');
    const b = replica(second, 'worker-b');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        (await a.service.createTask({ templateRef: 'two-steps', values: {}, createdBy: 'user:default/jane' }))
          .id,
      );
    }
    a.worker.start();
    b.worker.start();
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { tasks } = await a.service.listTasks({ status: ['completed'], limit: 100 });
        if (tasks.length === 20) break;
        if (Date.now() > deadline) throw new Error(`only ${tasks.length} of 20 tasks completed`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await Promise.all([a.worker.stop(), b.worker.stop()]);
    }
    const claimedBy = new Map<string, number>();
    for (const id of ids) {
      const task = await a.store.getTask(id);
      expect(task?.status).toBe('completed');
      claimedBy.set(task?.claimedBy ?? '', (claimedBy.get(task?.claimedBy ?? '') ?? 0) + 1);
      const events = await a.store.listEvents(id, 0);
      expect(events.filter((e) => e.body.message.startsWith('Starting up task'))).toHaveLength(1);
      expect(events.filter((e) => e.type === 'completion')).toHaveLength(1);
      expect(events.filter((e) => e.body.stepId === 'hello' && e.body.status === 'processing')).toHaveLength(
        1,
      );
    }
    expect([...claimedBy.keys()].sort()).toEqual(['worker-a', 'worker-b']);
  });

  it.skipIf(skip)(
    'fails a task whose worker stopped beating as interrupted, keeping completed steps, and never runs it again',
    async () => {
      const workingDirectory = join(dir, `workspaces-${kind}`);
      const { service, store, worker } = replica(database.db, 'worker-c', {
        staleAfterMs: 1000,
        workingDirectory,
      });
      const { id } = await service.createTask({
        templateRef: 'two-steps',
        values: {},
        createdBy: 'user:default/jane',
      });
      const fresh = await service.createTask({
        templateRef: 'two-steps',
        values: {},
        createdBy: 'user:default/jane',
      });
      // As a crashed replica leaves them: one beat 10 minutes ago, one just now; first step done.
      const steps = JSON.stringify([
        {
          id: 'hello',
          name: 'debug:log',
          action: 'debug:log',
          status: 'completed',
          startedAt: '2026-01-01T00:00:00.000Z',
        },
        {
          id: 'wait',
          name: 'debug:wait',
          action: 'debug:wait',
          status: 'processing',
          startedAt: '2026-01-01T00:00:01.000Z',
        },
      ]);
      await database.db.query(
        `UPDATE scaffolder_tasks SET status = 'processing', claimed_by = 'dead', steps = $2,
           last_heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
        [id, steps],
      );
      await database.db.query(
        `UPDATE scaffolder_tasks SET status = 'processing', claimed_by = 'alive', steps = $2, last_heartbeat_at = now()
          WHERE id = $1`,
        [fresh.id, steps],
      );

      // The crashed process's workspaces: the interrupted task's is removed, the running one's kept.
      await fs.mkdir(join(workingDirectory, `paved-task-${id}-abc`, 'src'), { recursive: true });
      await fs.mkdir(join(workingDirectory, `paved-task-${fresh.id}-def`), { recursive: true });

      expect(await worker.recover()).toEqual([id]);
      expect(await fs.readdir(workingDirectory)).toEqual([`paved-task-${fresh.id}-def`]);
      await worker.poll(); // nothing to claim: the recovered task is not open again
      const task = await service.getTask(id);
      expect(task.status).toBe('failed');
      expect(task.error).toMatchObject({
        name: 'TaskInterruptedError',
        message: expect.stringMatching(/not run again/),
      });
      expect(task.steps.map((s) => s.status)).toEqual(['completed', 'failed']);
      const events = await store.listEvents(id, 0);
      expect(events.map((e) => [e.type, e.body.stepId, e.body.status])).toEqual([
        ['log', 'wait', 'failed'],
        ['recovered', undefined, undefined],
        ['completion', undefined, undefined],
      ]);
      expect(events.some((e) => e.body.message.startsWith('Starting up task'))).toBe(false);
      expect((await service.getTask(fresh.id)).status).toBe('processing');
      // A second recovery pass (another replica) finds nothing more to do.
      expect(await worker.recover()).toEqual([]);
      await worker.stop();
    },
  );

  it.skipIf(skip)('a cancel asked on one replica aborts the step running on another', async () => {
    const a = replica(database.db, 'worker-d');
    const b = replica(second, 'worker-e');
    const { id } = await a.service.createTask({
      templateRef: 'two-steps',
      values: { ms: 20_000 },
      createdBy: 'user:default/jane',
    });
    b.worker.start();
    try {
      const deadline = Date.now() + 10_000;
      while ((await a.service.getTask(id)).steps[1]?.status !== 'processing') {
        if (Date.now() > deadline) throw new Error('the wait step did not start');
        await new Promise((r) => setTimeout(r, 20));
      }
      const started = Date.now();
      expect(await a.service.cancel(id)).toEqual({ status: 'cancelled' });
      while (!['cancelled', 'failed', 'completed'].includes((await a.service.getTask(id)).status)) {
        if (Date.now() - started > 5000) throw new Error('the task was not cancelled');
        await new Promise((r) => setTimeout(r, 20));
      }
      const task = await a.service.getTask(id);
      expect(task).toMatchObject({ status: 'cancelled' });
      expect(task.steps.map((s) => s.status)).toEqual(['completed', 'cancelled']);
      expect(task.lastHeartbeatAt).toEqual(expect.any(String));
    } finally {
      await b.worker.stop();
    }
  });

  it.skipIf(skip)('a worker shutting down fails its running task as interrupted, not cancelled', async () => {
    const { service, worker } = replica(database.db, 'worker-h');
    const { id } = await service.createTask({
      templateRef: 'two-steps',
      values: { ms: 20_000 },
      createdBy: 'user:default/jane',
    });
    worker.start();
    const deadline = Date.now() + 10_000;
    while ((await service.getTask(id)).steps[1]?.status !== 'processing') {
      if (Date.now() > deadline) throw new Error('the wait step did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
    const task = await service.getTask(id);
    expect(task).toMatchObject({ status: 'failed', error: { name: 'TaskInterruptedError' } });
    expect(task.steps.map((s) => s.status)).toEqual(['completed', 'failed']);
  });

  it.skipIf(skip)('fails an open task whose secrets were held by a worker that went away', async () => {
    // Its process stops right after the request: the worker never claims anything.
    const holder = replica(database.db, 'worker-f', { staleAfterMs: 200, concurrency: 0 });
    const other = replica(second, 'worker-g', { staleAfterMs: 200 });
    const holderService = createTaskService({
      store: holder.store,
      actions: new ActionRegistry(builtinActions()),
      secrets: new SecretKeeper(),
      notifier: new TaskNotifier(),
      findEntity: () => template(),
      worker: holder.worker,
    });
    const { id } = await holderService.createTask({
      templateRef: 'two-steps',
      values: {},
      secrets: { token: 't0ken' },
      createdBy: 'user:default/jane',
    });
    await other.worker.poll();
    expect((await other.service.getTask(id)).status).toBe('open'); // the other worker may not take it
    await new Promise((r) => setTimeout(r, 300));
    expect(await other.worker.recover()).toContain(id);
    const task = await other.service.getTask(id);
    expect(task.status).toBe('failed');
    expect(task.error?.message).toMatch(/secrets/);
    expect(JSON.stringify(await database.db.query('SELECT * FROM scaffolder_tasks'))).not.toContain('t0ken');
    await expect(other.service.retry(id, undefined)).rejects.toThrow(/secrets/);
  });

  it.skipIf(skip)(
    'a reader whose read of the events comes just before the task ends still gets its completion',
    async () => {
      const { service: creator, store } = replica(database.db, 'worker-h', { concurrency: 0 });
      const { id } = await creator.createTask({
        templateRef: 'two-steps',
        values: {},
        createdBy: 'user:default/jane',
      });
      const after = (await store.listEvents(id, 0)).at(-1)?.id ?? 0;
      let endAfterRead = true;
      const reader = createTaskService({
        store: {
          ...store,
          // The task ends (cancelled with its completion event, in one transaction) right after
          // this read and before the reader looks at its status, as another replica may end it.
          async listEvents(taskId, from) {
            const events = await store.listEvents(taskId, from);
            if (endAfterRead) {
              endAfterRead = false;
              await store.requestCancel(taskId);
            }
            return events;
          },
        },
        actions: new ActionRegistry(builtinActions()),
        secrets: new SecretKeeper(),
        notifier: new TaskNotifier(),
        findEntity: () => template(),
      });
      const events = await reader.events(id, after, 5_000);
      expect(events.map((e) => e.type)).toEqual(['cancelled', 'completion']);
      expect(await reader.isFinal(events[1]!)).toBe(true);
    },
  );
});
