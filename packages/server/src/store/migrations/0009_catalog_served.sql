-- The etag and change_seq of each served document move out of catalog_entities into a narrow table
-- of their own. Stitching wrote them into the wide identity row: an update that could not stay on
-- its page (change_seq is indexed), so every stitch added an entry to each of the four indexes of
-- catalog_entities. It now writes a row of three columns with two indexes, and an entity's first
-- insert no longer draws a change_seq nor fills an index on it. updated_at was written, never read.
CREATE TABLE catalog_served (
  entity_ref text PRIMARY KEY,               -- a served ref of catalog_entities; deleted with it
  etag text NOT NULL,                        -- digest of the served document as last stitched
  change_seq bigint NOT NULL                 -- when it last changed, for replicas following the feed
);

INSERT INTO catalog_served (entity_ref, etag, change_seq)
SELECT entity_ref, etag, change_seq FROM catalog_entities WHERE etag IS NOT NULL;

CREATE INDEX catalog_served_change ON catalog_served (change_seq);

ALTER TABLE catalog_entities DROP COLUMN etag, DROP COLUMN change_seq, DROP COLUMN updated_at;
