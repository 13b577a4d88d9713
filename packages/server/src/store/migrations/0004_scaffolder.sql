-- Scaffolder tasks: durable template runs. Owned by packages/server/src/scaffolder/tasks
-- (docs/adr/0006-scaffolder-task-queue.md). Secrets are never stored: only whether a task had any.
CREATE TABLE scaffolder_tasks (
  id uuid PRIMARY KEY,
  template_ref text NOT NULL,               -- template:default/go-service
  template jsonb NOT NULL,                  -- the Template entity as it was when the task was created
  template_etag text,                       -- its metadata.etag then (the template's version)
  parameters jsonb NOT NULL,                -- the submitted values
  has_secrets boolean NOT NULL DEFAULT false,
  secrets_holder text,                      -- the worker holding the secrets in memory; only it may claim
  created_by text NOT NULL,
  status text NOT NULL,                     -- open | processing | completed | failed | cancelled
  run integer NOT NULL DEFAULT 1,           -- 1, then +1 on each retry
  steps jsonb NOT NULL DEFAULT '[]',        -- [{id, name, action, status, startedAt?, endedAt?, durationMs?}]
  output jsonb,
  error jsonb,
  cancel_requested boolean NOT NULL DEFAULT false,
  claimed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz,
  last_heartbeat_at timestamptz
);
CREATE INDEX scaffolder_tasks_queue ON scaffolder_tasks (status, created_at);
CREATE INDEX scaffolder_tasks_created_by ON scaffolder_tasks (created_by, created_at);

-- Append-only: log lines (secrets redacted), step status changes, completion with output.
CREATE TABLE scaffolder_task_events (
  id bigserial PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES scaffolder_tasks (id) ON DELETE CASCADE,
  run integer NOT NULL,
  type text NOT NULL,                       -- log | completion | cancelled | recovered
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scaffolder_task_events_task ON scaffolder_task_events (task_id, id);
