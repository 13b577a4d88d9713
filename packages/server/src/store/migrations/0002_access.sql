-- Access: the audit log of every mutating request. Owned by packages/server/src/access.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,                       -- user entity ref, or 'guest'
  action text NOT NULL,                      -- e.g. catalog.location.create
  resource text,                             -- what it acted on
  outcome text NOT NULL,                     -- allowed | denied | failed | succeeded
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
