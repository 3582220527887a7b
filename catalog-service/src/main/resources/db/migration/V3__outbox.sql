-- The transactional outbox: each committed change of a served entity writes its event row in the same transaction;
-- the relay publishes rows in id order to portal.entity.changes and deletes them once Kafka acknowledged them.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    entity_ref  text NOT NULL,
    event_type  text NOT NULL,       -- a CloudEvents type of dev.portal.events.EventType
    generation  bigint NOT NULL,
    payload     text,                -- the stitched entity; for a delete, what was deleted
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Wakes the relay at once instead of having it poll.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
