-- A Location target in another repository becomes a source of its own, owned by the source whose
-- Location names it: registered when the target appears, removed when it goes.
ALTER TABLE catalog_sources ADD COLUMN parent_id uuid;
CREATE INDEX catalog_sources_parent ON catalog_sources (parent_id) WHERE parent_id IS NOT NULL;
