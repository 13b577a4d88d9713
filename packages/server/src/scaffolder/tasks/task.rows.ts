import type { Queryable } from '../../store/index.ts';
import type {
  TaskEvent,
  TaskEventBody,
  TaskEventType,
  TaskRecord,
  TaskStatus,
  TaskStepState,
} from './task.store.ts';

/** Rows of the scaffolder_* tables and their mapping to records; shared by the store files. */

export interface TaskRow {
  id: string;
  template_ref: string;
  template: Record<string, unknown>;
  template_etag: string | null;
  parameters: Record<string, unknown>;
  has_secrets: boolean;
  secrets_holder: string | null;
  created_by: string;
  status: TaskStatus;
  run: number;
  steps: TaskStepState[];
  output: Record<string, unknown> | null;
  error: { name: string; message: string } | null;
  cancel_requested: boolean;
  claimed_by: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  last_heartbeat_at: Date | string | null;
}

export const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    templateRef: row.template_ref,
    template: row.template,
    templateEtag: row.template_etag,
    parameters: row.parameters,
    hasSecrets: row.has_secrets,
    secretsHolder: row.secrets_holder,
    createdBy: row.created_by,
    status: row.status,
    run: row.run,
    steps: row.steps,
    output: row.output,
    error: row.error,
    cancelRequested: row.cancel_requested,
    claimedBy: row.claimed_by,
    createdAt: iso(row.created_at) as string,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    lastHeartbeatAt: iso(row.last_heartbeat_at),
  };
}

export interface EventRow {
  id: number | string;
  task_id: string;
  run: number;
  type: TaskEventType;
  body: TaskEventBody;
  created_at: Date | string;
}

export const toEvent = (row: EventRow): TaskEvent => ({
  id: Number(row.id),
  taskId: row.task_id,
  run: row.run,
  type: row.type,
  body: row.body,
  createdAt: iso(row.created_at) as string,
});

const TERMINAL: TaskStatus[] = ['completed', 'failed', 'cancelled'];

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL.includes(status);
}

export async function appendEvent(
  q: Queryable,
  taskId: string,
  run: number,
  type: TaskEventType,
  body: TaskEventBody,
): Promise<TaskEvent> {
  const { rows } = await q.query<EventRow>(
    `INSERT INTO scaffolder_task_events (task_id, run, type, body) VALUES ($1, $2, $3, $4)
     RETURNING id, task_id, run, type, body, created_at`,
    [taskId, run, type, JSON.stringify(body)],
  );
  return toEvent(rows[0] as EventRow);
}
