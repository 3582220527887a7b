-- Which incarnation of an entity was deleted: a re-created entity (new uid, generation from 1 again) is a new
-- entity, not a late duplicate of the deleted one. Markers written before this column have no uid.
ALTER TABLE entity_deleted ADD COLUMN uid text;
