-- A location read holds the peers it queues until the read ends: an entity that thousands of the read's entities
-- relate to (a team, a system) is stitched once after the read instead of after every batch of it. not_before is
-- when an entry may be stitched; the read sets it a few minutes ahead (the bound if the service dies mid-read) and
-- brings it to now() when it ends. Queueing an entry again keeps the earlier time, so an entity touched again and
-- again is still stitched soon after it was first queued.
ALTER TABLE stitch_queue ADD COLUMN not_before timestamptz NOT NULL DEFAULT now();
UPDATE stitch_queue SET not_before = queued_at;
CREATE INDEX stitch_queue_not_before ON stitch_queue (not_before);
DROP INDEX stitch_queue_queued_at;
