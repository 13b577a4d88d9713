import type { Database } from '../../store/index.ts';
import { recoverStale } from './task.recovery.ts';
import { appendEvent, type EventRow, type TaskRow, toEvent, toRecord } from './task.rows.ts';

export { isTerminal } from './task.rows.ts';

export type TaskStatus = 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type TaskStepStatus = 'open' | 'processing' | 'completed' | 'skipped' | 'failed' | 'cancelled';
export type TaskEventType = 'log' | 'completion' | 'cancelled' | 'recovered';

export interface TaskStepState {
  id: string;
  name: string;
  action: string;
  status: TaskStepStatus;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
}

export interface TaskRecord {
  id: string;
  templateRef: string;
  template: Record<string, unknown>;
  templateEtag: string | null;
  parameters: Record<string, unknown>;
  hasSecrets: boolean;
  secretsHolder: string | null;
  createdBy: string;
  status: TaskStatus;
  run: number;
  steps: TaskStepState[];
  output: Record<string, unknown> | null;
  error: { name: string; message: string } | null;
  cancelRequested: boolean;
  claimedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  lastHeartbeatAt: string | null;
}

export interface TaskEventBody {
  message: string;
  stepId?: string;
  status?: TaskStepStatus;
  output?: Record<string, unknown>;
  error?: { name: string; message: string };
}

export interface TaskEvent {
  id: number;
  taskId: string;
  run: number;
  type: TaskEventType;
  body: TaskEventBody;
  createdAt: string;
}

/** The SQL of scaffolder tasks; the only code that reads or writes the `scaffolder_*` tables. */
export function createTaskStore(db: Database) {
  return {
    async insertTask(task: {
      id: string;
      templateRef: string;
      template: Record<string, unknown>;
      templateEtag: string | null;
      parameters: Record<string, unknown>;
      hasSecrets: boolean;
      secretsHolder: string | null;
      createdBy: string;
      steps: TaskStepState[];
    }): Promise<void> {
      await db.query(
        `INSERT INTO scaffolder_tasks
           (id, template_ref, template, template_etag, parameters, has_secrets, secrets_holder, created_by, status, steps)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9)`,
        [
          task.id,
          task.templateRef,
          JSON.stringify(task.template),
          task.templateEtag,
          JSON.stringify(task.parameters),
          task.hasSecrets,
          task.secretsHolder,
          task.createdBy,
          JSON.stringify(task.steps),
        ],
      );
    },

    async getTask(id: string): Promise<TaskRecord | undefined> {
      const { rows } = await db.query<TaskRow>('SELECT * FROM scaffolder_tasks WHERE id::text = $1', [id]);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    async listTasks(filter: {
      createdBy?: string[];
      status?: string[];
      limit: number;
      offset: number;
      order: 'asc' | 'desc';
    }): Promise<{ tasks: TaskRecord[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.createdBy?.length) {
        params.push(filter.createdBy);
        where.push(`created_by = ANY($${params.length})`);
      }
      if (filter.status?.length) {
        params.push(filter.status);
        where.push(`status = ANY($${params.length})`);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const count = await db.query<{ n: number | string }>(
        `SELECT count(*) AS n FROM scaffolder_tasks ${clause}`,
        params,
      );
      const { rows } = await db.query<TaskRow>(
        `SELECT * FROM scaffolder_tasks ${clause}
         ORDER BY created_at ${filter.order === 'asc' ? 'ASC' : 'DESC'}, id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { tasks: rows.map(toRecord), total: Number(count.rows[0]?.n ?? 0) };
    },

    async listEvents(taskId: string, after: number): Promise<TaskEvent[]> {
      const { rows } = await db.query<EventRow>(
        `SELECT id, task_id, run, type, body, created_at FROM scaffolder_task_events
         WHERE task_id::text = $1 AND id > $2 ORDER BY id`,
        [taskId, after],
      );
      return rows.map(toEvent);
    },

    recoverStale: (staleAfterMs: number) => recoverStale(db, staleAfterMs),

    appendEvent: (taskId: string, run: number, type: TaskEventType, body: TaskEventBody) =>
      appendEvent(db, taskId, run, type, body),

    async saveSteps(taskId: string, run: number, steps: TaskStepState[]): Promise<void> {
      await db.query('UPDATE scaffolder_tasks SET steps = $3 WHERE id = $1 AND run = $2', [
        taskId,
        run,
        JSON.stringify(steps),
      ]);
    },

    /**
     * Claims up to `limit` open tasks for `worker`. `FOR UPDATE SKIP LOCKED`: workers claiming at
     * the same time each get other rows, so no task is claimed twice. A task with secrets is only
     * claimed by the worker that holds them. `= ANY(ARRAY(…))`, not `IN (…)`: the planner may run an
     * `IN` subquery as a join that ignores its LIMIT and claims every open row.
     */
    async claim(worker: string, limit: number): Promise<TaskRecord[]> {
      const { rows } = await db.query<TaskRow>(
        `UPDATE scaffolder_tasks t
            SET status = 'processing', claimed_by = $1, started_at = now(), last_heartbeat_at = now()
          WHERE t.id = ANY(ARRAY(
            SELECT id FROM scaffolder_tasks
             WHERE status = 'open' AND NOT cancel_requested
               AND (secrets_holder IS NULL OR secrets_holder = $1)
             ORDER BY created_at, id
             LIMIT $2
             FOR UPDATE SKIP LOCKED))
            AND t.status = 'open'
        RETURNING t.*`,
        [worker, limit],
      );
      return rows.map(toRecord);
    },

    /** Beats for the tasks `worker` runs; answers the ids among them whose cancel was requested. */
    async heartbeat(worker: string, ids: string[]): Promise<string[]> {
      if (ids.length === 0) return [];
      const { rows } = await db.query<{ id: string; cancel_requested: boolean }>(
        `UPDATE scaffolder_tasks SET last_heartbeat_at = now()
          WHERE id::text = ANY($1) AND claimed_by = $2 AND status = 'processing'
        RETURNING id::text AS id, cancel_requested`,
        [ids, worker],
      );
      return rows.filter((r) => r.cancel_requested).map((r) => r.id);
    },

    /** The completed tasks that registered `entityRef` in the catalog, newest first. */
    async findRegisteringTasks(entityRef: string, limit: number): Promise<TaskRecord[]> {
      const { rows } = await db.query<TaskRow>(
        `SELECT * FROM scaffolder_tasks
          WHERE registered_entities @> ARRAY[$1]::text[] AND status = 'completed'
          ORDER BY ended_at DESC LIMIT $2`,
        [entityRef, limit],
      );
      return rows.map(toRecord);
    },

    /** Ends a run the worker owns, with its completion event, in one transaction. */
    async finish(
      taskId: string,
      run: number,
      worker: string,
      result: {
        status: 'completed' | 'failed' | 'cancelled';
        steps: TaskStepState[];
        output: Record<string, unknown>;
        error?: { name: string; message: string };
        /** Refs of the entities the run registered in the catalog (provenance). */
        registeredEntities?: string[];
      },
    ): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { affectedRows } = await tx.query(
          `UPDATE scaffolder_tasks
              SET status = $4, steps = $5, output = $6, error = $7, ended_at = now(), secrets_holder = NULL,
                  registered_entities = $8::text[]
            WHERE id = $1 AND run = $2 AND claimed_by = $3 AND status = 'processing'`,
          [
            taskId,
            run,
            worker,
            result.status,
            JSON.stringify(result.steps),
            JSON.stringify(result.output),
            result.error ? JSON.stringify(result.error) : null,
            result.registeredEntities ?? [],
          ],
        );
        // Recovered as interrupted meanwhile (the heartbeat was late): that verdict stands.
        if (affectedRows === 0) return false;
        await appendEvent(tx, taskId, run, 'completion', {
          message: `Run completed with status: ${result.status}`,
          ...(result.status === 'completed' ? { output: result.output } : {}),
          ...(result.error ? { error: result.error } : {}),
        });
        return true;
      });
    },

    /**
     * Cancels a task: an open one at once (with its completion event); a processing one is
     * marked, and its worker aborts it at its next heartbeat. Answers the status after.
     */
    async requestCancel(taskId: string): Promise<TaskStatus | undefined> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<TaskRow>(
          'SELECT * FROM scaffolder_tasks WHERE id::text = $1 FOR UPDATE',
          [taskId],
        );
        const row = rows[0];
        if (!row) return undefined;
        if (row.status === 'open') {
          await tx.query(
            `UPDATE scaffolder_tasks SET status = 'cancelled', ended_at = now(), secrets_holder = NULL WHERE id = $1`,
            [row.id],
          );
          await appendEvent(tx, row.id, row.run, 'cancelled', { message: 'The task was cancelled' });
          await appendEvent(tx, row.id, row.run, 'completion', {
            message: 'Run completed with status: cancelled',
          });
          return 'cancelled';
        }
        if (row.status === 'processing') {
          await tx.query('UPDATE scaffolder_tasks SET cancel_requested = true WHERE id = $1', [row.id]);
          await appendEvent(tx, row.id, row.run, 'cancelled', { message: 'Cancelling the task' });
        }
        return row.status;
      });
    },

    /** Opens a failed or cancelled task again for a new run from the first step. */
    async reopen(taskId: string, secretsHolder: string | null): Promise<TaskRecord | undefined> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<TaskRow>(
          `UPDATE scaffolder_tasks
              SET status = 'open', run = run + 1, cancel_requested = false, claimed_by = NULL,
                  started_at = NULL, ended_at = NULL, last_heartbeat_at = NULL, output = NULL, error = NULL,
                  secrets_holder = $2,
                  steps = (SELECT coalesce(jsonb_agg(jsonb_build_object(
                             'id', s->'id', 'name', s->'name', 'action', s->'action', 'status', 'open')), '[]'::jsonb)
                           FROM jsonb_array_elements(steps) s)
            WHERE id::text = $1 AND status IN ('failed', 'cancelled')
          RETURNING *`,
          [taskId, secretsHolder],
        );
        const row = rows[0];
        if (!row) return undefined;
        await appendEvent(tx, row.id, row.run, 'log', { message: `Retrying: run ${row.run} starts over` });
        return toRecord(row);
      });
    },
  };
}

export type TaskStore = ReturnType<typeof createTaskStore>;
