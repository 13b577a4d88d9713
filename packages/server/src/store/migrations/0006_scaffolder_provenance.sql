-- Provenance: the entities each completed task registered in the catalog (catalog:register),
-- so an entity's page can say which template, at which version and with which values made it.
ALTER TABLE scaffolder_tasks ADD COLUMN registered_entities text[] NOT NULL DEFAULT '{}';
CREATE INDEX scaffolder_tasks_registered ON scaffolder_tasks USING gin (registered_entities);
