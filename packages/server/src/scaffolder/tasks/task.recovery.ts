import type { Database } from '../../store/index.ts';
import { appendEvent, type TaskRow, toRecord } from './task.rows.ts';

/**
 * Fails the tasks whose worker stopped beating (a crashed replica), never running them again:
 * the step that was running is marked failed as interrupted; completed steps stay recorded.
 * Also fails open tasks whose secrets were held by a worker that never claimed them in time.
 * `SKIP LOCKED` lets several replicas run this at once without recovering a task twice.
 */
export async function recoverStale(db: Database, staleAfterMs: number): Promise<string[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<TaskRow>(
      `SELECT * FROM scaffolder_tasks
          WHERE (status = 'processing' AND last_heartbeat_at < now() - ($1 || ' milliseconds')::interval)
             OR (status = 'open' AND secrets_holder IS NOT NULL
                 AND created_at < now() - ($1 || ' milliseconds')::interval)
          FOR UPDATE SKIP LOCKED`,
      [String(staleAfterMs)],
    );
    for (const row of rows) {
      const task = toRecord(row);
      const now = new Date().toISOString();
      const interrupted = task.status === 'processing';
      const error = interrupted
        ? {
            name: 'TaskInterruptedError',
            message: `The worker running this task stopped (its last heartbeat was at ${task.lastHeartbeatAt}); it was not run again. Retry it to start over.`,
          }
        : {
            name: 'TaskInterruptedError',
            message:
              'The worker holding this task’s secrets stopped before running it (secrets are never stored). Retry it with the secrets.',
          };
      const steps = task.steps.map((s) =>
        s.status === 'processing'
          ? {
              ...s,
              status: 'failed' as const,
              endedAt: now,
              ...(s.startedAt ? { durationMs: Date.parse(now) - Date.parse(s.startedAt) } : {}),
            }
          : s,
      );
      await tx.query(
        `UPDATE scaffolder_tasks SET status = 'failed', steps = $2, error = $3, ended_at = now(), secrets_holder = NULL
            WHERE id = $1`,
        [task.id, JSON.stringify(steps), JSON.stringify(error)],
      );
      for (const step of task.steps.filter((s) => s.status === 'processing')) {
        await appendEvent(tx, task.id, task.run, 'log', {
          message: `Step ${step.id} was interrupted: its worker stopped`,
          stepId: step.id,
          status: 'failed',
        });
      }
      await appendEvent(tx, task.id, task.run, 'recovered', { message: error.message });
      await appendEvent(tx, task.id, task.run, 'completion', {
        message: 'Run completed with status: failed',
        error,
      });
    }
    return rows.map((r) => r.id);
  });
}
