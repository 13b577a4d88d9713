-- The first read of a source queues nothing per batch: its entities, and the targets of their
-- relations, are queued for stitching once, when the read ends. Queueing them batch by batch
-- wrote 3,900 queue rows per batch of 714 entities (their refs and their relations' targets) and stitched
-- the entities many others point at again at every progress publish. The mark says a read of
-- the source wrote entities that are not queued yet: set before its first batch, cleared in the
-- transaction that queues them, so a crash in between is finished at the next start.
ALTER TABLE catalog_sources ADD COLUMN stitch_pending boolean NOT NULL DEFAULT false;
