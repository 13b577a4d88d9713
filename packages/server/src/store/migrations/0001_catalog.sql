-- The software catalog. Owned by packages/server/src/catalog; no other module reads these tables.
--
-- A source (a registered location) is read into files; each file claims the entities it
-- declares; per entity ref one claim wins (the earliest), and the winner's last valid version
-- is the served entity. Conflicts, moves between files and renames are therefore decided per
-- ref over all current claims, never stuck on a stale key (Backstage #14042).

CREATE SEQUENCE catalog_change_seq;

CREATE TABLE catalog_sources (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  target text NOT NULL,
  presence text NOT NULL DEFAULT 'required',
  origin text NOT NULL,                      -- config | api | demo
  location_ref text NOT NULL,                -- the generated Location entity of this source
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  status text NOT NULL DEFAULT 'pending',    -- pending | ok | error
  error text,
  revision text,                             -- git commit of the last read, when a git source
  refreshed_at timestamptz,
  UNIQUE (type, target)
);

CREATE TABLE catalog_files (
  id bigserial PRIMARY KEY,
  source_id uuid NOT NULL REFERENCES catalog_sources (id) ON DELETE CASCADE,
  location text NOT NULL,                    -- type:target of the file, = managed-by-location
  parent_ref text,                           -- the Location entity whose target reads this file
  content_hash text,                         -- of the file and every file its placeholders read; null while unreadable
  dependencies text[] NOT NULL DEFAULT '{}', -- files its $text/$json/$yaml placeholders read
  errors jsonb NOT NULL DEFAULT '[]',        -- file-level errors (missing, syntax, too big)
  read_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_id, location)
);

CREATE TABLE catalog_claims (
  file_id bigint NOT NULL REFERENCES catalog_files (id) ON DELETE CASCADE,
  entity_ref text NOT NULL,
  document integer NOT NULL,
  line integer NOT NULL,
  claim_seq bigint NOT NULL DEFAULT nextval('catalog_change_seq'),
  kind text NOT NULL,                        -- lower-cased, for Location lookups
  entity jsonb,                              -- the last valid processed entity; null until one validates
  relations jsonb NOT NULL DEFAULT '[]',     -- [{type, sourceRef, targetRef}] of that valid version
  errors jsonb NOT NULL DEFAULT '[]',        -- errors of the latest version read
  PRIMARY KEY (file_id, entity_ref)
);
CREATE INDEX catalog_claims_ref ON catalog_claims (entity_ref);
CREATE INDEX catalog_claims_location ON catalog_claims (file_id) WHERE kind = 'location';

-- One row per served entity: identity and which claim serves it. The served document itself
-- (claim entity + relations + status) is assembled set-wise from claims and relations and kept
-- in each replica's memory; only its etag is stored, so that a change is seen by every replica.
CREATE TABLE catalog_entities (
  entity_ref text PRIMARY KEY,               -- canonical, lower-cased kind:namespace/name
  uid uuid NOT NULL UNIQUE,
  file_id bigint REFERENCES catalog_files (id) ON DELETE SET NULL,  -- the winning claim; null = orphan
  etag text,
  change_seq bigint NOT NULL DEFAULT nextval('catalog_change_seq'),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX catalog_entities_file ON catalog_entities (file_id);
CREATE INDEX catalog_entities_change ON catalog_entities (change_seq);

-- Kept entities whose file no longer declares them (orphan policy keep) keep their last body here.
CREATE TABLE catalog_orphans (
  entity_ref text PRIMARY KEY REFERENCES catalog_entities (entity_ref) ON DELETE CASCADE,
  entity jsonb NOT NULL
);

-- Each relation is stored once, as its forward triple emitted by its source entity, with the
-- type of the reverse direction: source ownedBy target is also target ownerOf source. Half the
-- rows (and index entries) of storing both directions, which is most of ingestion's write cost.
CREATE TABLE catalog_relations (
  source_ref text NOT NULL,                  -- also the entity whose processing emitted the row
  type text NOT NULL,
  target_ref text NOT NULL,
  reverse_type text                          -- null when the relation has no reverse
);
CREATE INDEX catalog_relations_source ON catalog_relations (source_ref);
CREATE INDEX catalog_relations_target ON catalog_relations (target_ref);

-- Refs whose served JSON must be rebuilt; drained set-wise by the stitcher. Durable, so a crash
-- between processing and stitching is finished after restart.
CREATE TABLE catalog_stitch_queue (
  entity_ref text PRIMARY KEY
);

-- Deleted entities, for replicas following the change feed.
CREATE TABLE catalog_tombstones (
  change_seq bigint PRIMARY KEY DEFAULT nextval('catalog_change_seq'),
  uid uuid NOT NULL,
  entity_ref text NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
