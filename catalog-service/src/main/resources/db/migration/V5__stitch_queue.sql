-- Entities whose relations changed because another entity was written: stitched again by the deferred stitcher,
-- which coalesces many writes touching one entity (a team owning thousands of components) into one stitch.
CREATE TABLE stitch_queue (
    entity_ref text PRIMARY KEY,
    queued_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stitch_queue_queued_at ON stitch_queue (queued_at);
