-- Small facts about this installation (e.g. whether the demo organisation was loaded once).
-- Owned by packages/server/src/server.ts.
CREATE TABLE paved_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
