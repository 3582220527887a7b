-- The served form now carries Backstage's legacy relations[].target ({kind, namespace, name}) beside targetRef, as
-- Backstage does unless catalog.disableRelationsCompatibility is set (Stitcher, served-form-3). Every stored entity
-- is queued for the deferred stitcher, which serves it in the new form (a new etag, one change event each) in the
-- background after the upgrade.
INSERT INTO stitch_queue (entity_ref) SELECT entity_ref FROM entities ON CONFLICT (entity_ref) DO NOTHING;
