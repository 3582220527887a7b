-- Which served form the stored entities have: with or without the relations' legacy target
-- (portal.catalog.relations-compatibility). When the setting differs at start, every entity is queued for the deferred
-- stitcher (ServedFormSetting). V11 has just served everything with targets, the default.
CREATE TABLE served_form (
    singleton        boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    relation_targets boolean NOT NULL
);
INSERT INTO served_form (relation_targets) VALUES (true);
