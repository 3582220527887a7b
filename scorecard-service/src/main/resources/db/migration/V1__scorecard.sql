-- scorecard-service read model (entities, docs, facts), definitions changed through the admin API, results with
-- history, exemptions with their audit trail, and the outbox of portal.scorecard.changes events.

-- The latest stitched entity per ref, from the compacted portal.entity.changes.
CREATE TABLE entity (
    ref         text PRIMARY KEY,
    kind        text NOT NULL,
    generation  bigint NOT NULL,
    owner_ref   text,
    body        jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entity_owner ON entity (owner_ref);
CREATE INDEX entity_kind ON entity (kind);

-- Refs deleted at a generation, so a late (replayed) change of an older generation is ignored.
CREATE TABLE entity_deleted (
    ref         text PRIMARY KEY,
    generation  bigint NOT NULL,
    deleted_at  timestamptz NOT NULL DEFAULT now()
);

-- TechDocs status per ref, from portal.techdocs.changes.
CREATE TABLE docs (
    ref           text PRIMARY KEY,
    status        text NOT NULL,            -- built | failed
    page_count    int NOT NULL DEFAULT 0,
    broken_links  int NOT NULL DEFAULT 0,
    last_build_at timestamptz,
    reason        text,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The latest facts per (ref, source), from portal.facts.
CREATE TABLE fact (
    ref          text NOT NULL,
    source       text NOT NULL,
    facts        jsonb NOT NULL,
    observed_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ref, source)
);
CREATE INDEX fact_observed ON fact (observed_at);

-- Definitions written through the admin API; they override the YAML files of the same id. deleted = a delete of a
-- file-defined id.
CREATE TABLE definition (
    kind        text NOT NULL,              -- Check | Scorecard
    id          text NOT NULL,
    body        jsonb,
    deleted     boolean NOT NULL DEFAULT false,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, id)
);

-- Which definitions the stored results were computed with, so a change made while the service was down is noticed.
CREATE TABLE evaluation_state (
    id                  int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    definitions_version text NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- An entity's current result per scorecard.
CREATE TABLE result (
    ref           text NOT NULL,
    scorecard_id  text NOT NULL,
    level         text,
    checks        jsonb NOT NULL,           -- [{id, level, status, message, exemptionId}]
    evaluated_at  timestamptz NOT NULL,
    changed_at    timestamptz NOT NULL,
    PRIMARY KEY (ref, scorecard_id)
);
CREATE INDEX result_scorecard ON result (scorecard_id, level);

-- Every change of an entity's level or of a check's outcome, with its time (a trend is drawn from it).
CREATE TABLE result_history (
    id              bigserial PRIMARY KEY,
    ref             text NOT NULL,
    scorecard_id    text NOT NULL,
    at              timestamptz NOT NULL,
    level           text,
    previous_level  text,
    level_changed   boolean NOT NULL,
    changed_checks  jsonb NOT NULL,         -- [{id, status, previous}]
    removed         boolean NOT NULL DEFAULT false
);
CREATE INDEX result_history_ref ON result_history (ref, scorecard_id, at);
CREATE INDEX result_history_scorecard ON result_history (scorecard_id, at);

CREATE TABLE exemption (
    id             uuid PRIMARY KEY,
    ref            text NOT NULL,
    check_id       text NOT NULL,
    justification  text NOT NULL,
    author         text NOT NULL,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    expiry_handled boolean NOT NULL DEFAULT false
);
CREATE INDEX exemption_ref ON exemption (ref);
CREATE INDEX exemption_expiry ON exemption (expires_at) WHERE NOT expiry_handled;

-- Every exemption created, removed or expired: who, when, what.
CREATE TABLE exemption_audit (
    id            bigserial PRIMARY KEY,
    exemption_id  uuid NOT NULL,
    action        text NOT NULL,            -- created | removed | expired
    actor         text NOT NULL,
    at            timestamptz NOT NULL DEFAULT now(),
    ref           text NOT NULL,
    check_id      text NOT NULL,
    detail        jsonb NOT NULL
);

-- Events for portal.scorecard.changes, written with the result they describe; the relay publishes and removes them.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    ref         text NOT NULL,
    payload     text,                       -- null: a tombstone (the entity is gone)
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION notify_scorecard_outbox() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('scorecard_outbox', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_scorecard_outbox();
