-- Docs as code: rendered sites of entities with backstage.io/techdocs-ref, their pages (with a
-- full-text index for the global search) and their assets. Owned by packages/server/src/docs
-- (docs.store.ts); no other module reads these tables.

-- One row per documented entity: the last good build, and how the last attempt went.
CREATE TABLE docs_sites (
  entity_ref text PRIMARY KEY,
  -- built: a build is served; failed: no good build yet, or the last attempt failed (see error);
  -- pending: found, not built yet.
  status text NOT NULL CHECK (status IN ('built', 'failed', 'pending')),
  -- Hash of the inputs of the last attempt (mkdocs.yml and the docs folder): equal means no rebuild.
  input_hash text,
  site_hash text,
  site_name text,
  site_description text,
  repo_url text,
  edit_uri text,
  nav jsonb NOT NULL DEFAULT '[]'::jsonb,
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- The failure of the last attempt ({message, file, line, column}); null when it succeeded.
  error jsonb,
  stats jsonb,
  built_at timestamptz,
  attempted_at timestamptz
);

CREATE TABLE docs_pages (
  entity_ref text NOT NULL REFERENCES docs_sites (entity_ref) ON DELETE CASCADE,
  url text NOT NULL,
  path text NOT NULL,
  title text NOT NULL,
  html text NOT NULL,
  toc jsonb NOT NULL,
  headings text NOT NULL,
  body text NOT NULL,
  source_hash text NOT NULL,
  edit_url text,
  last_modified text,
  -- Title above headings above body, for ts_rank.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('english', headings), 'B') ||
    setweight(to_tsvector('english', body), 'C')
  ) STORED,
  PRIMARY KEY (entity_ref, url)
);

CREATE INDEX docs_pages_search ON docs_pages USING GIN (search);

CREATE TABLE docs_assets (
  entity_ref text NOT NULL REFERENCES docs_sites (entity_ref) ON DELETE CASCADE,
  path text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  content bytea NOT NULL,
  PRIMARY KEY (entity_ref, path)
);
