-- Claims and served entities name their file without a foreign key. Each key was checked for
-- every row written (a lookup of the file that also locked its row): about a quarter of the time
-- of writing a batch of claims. Files are deleted in one place (catalog.store.ts, deleteFiles),
-- which deletes their claims, and the refs they claimed are decided again in the same
-- transaction: each entity then points at its new winning file, is deleted, or is kept as an
-- orphan without a file, as the foreign keys' cascades and SET NULL did. Files keep their key
-- to their source: a read that writes files of a source being unregistered still fails.
ALTER TABLE catalog_claims DROP CONSTRAINT catalog_claims_file_id_fkey;
ALTER TABLE catalog_entities DROP CONSTRAINT catalog_entities_file_id_fkey;
