-- A Location entity an integration provides (a provider's mutation or a Kafka upsert) has each of its targets read as
-- a location of its own, as Backstage's LocationEntityProcessor reads them. entity_ref names that Location entity: the
-- row follows it (added with it, removed with it, its children orphaned then); NULL for registered and static rows.
-- presence_optional: its spec said `presence: optional`, so a missing target is no error.
ALTER TABLE locations ADD COLUMN entity_ref text;
ALTER TABLE locations ADD COLUMN presence_optional boolean NOT NULL DEFAULT false;
CREATE INDEX locations_entity_ref ON locations (entity_ref) WHERE entity_ref IS NOT NULL;
