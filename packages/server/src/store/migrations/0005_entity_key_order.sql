-- Entities are served with their keys in the order their YAML wrote them, as Backstage serves
-- them: jsonb sorts object keys, which reordered template parameters' properties (and so the
-- fields of a form without ui:order). json keeps the text as written.
ALTER TABLE catalog_claims ALTER COLUMN entity TYPE json USING entity::json;
ALTER TABLE catalog_orphans ALTER COLUMN entity TYPE json USING entity::json;

-- Bodies stored before this migration have lost their order: read every file again once.
UPDATE catalog_files SET content_hash = NULL;
