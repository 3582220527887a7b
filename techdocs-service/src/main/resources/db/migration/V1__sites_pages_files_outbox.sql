-- techdocs-service: entities with docs (as seen on portal.entity.changes), their built sites, pages and served files,
-- memberships (for ownership checks) and the transactional outbox of portal.techdocs.changes.

-- Every entity seen with backstage.io/techdocs-ref (and its owner, for sync/upload permission checks).
CREATE TABLE entities (
    entity_ref   text PRIMARY KEY,
    uid          text,
    generation   bigint NOT NULL DEFAULT 0,
    owner_ref    text,
    techdocs_ref text,
    location     text,               -- backstage.io/managed-by-location
    entity       jsonb NOT NULL,     -- the stitched entity, for /metadata/entity
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Users' groups (memberOf) and groups' parents (childOf), from User and Group entities: an ownership set is the
-- caller's user ref, their groups and, transitively, the groups' parents.
CREATE TABLE memberships (
    member_ref text NOT NULL,
    group_ref  text NOT NULL,
    PRIMARY KEY (member_ref, group_ref)
);

-- One site per entity: the last good build (served) and the state of the latest attempt.
CREATE TABLE sites (
    entity_ref       text PRIMARY KEY,
    status           text NOT NULL,        -- building | built | failed
    strategy         text NOT NULL DEFAULT 'local',   -- local (built here) | external (uploaded)
    source_hash      text,                 -- content hash of the docs source the served site was built from
    site_name        text,
    site_description text,
    build_timestamp  timestamptz,
    etag             text,
    page_count       int NOT NULL DEFAULT 0,
    nav              jsonb NOT NULL DEFAULT '[]',
    broken_links     jsonb NOT NULL DEFAULT '[]',
    last_error       text,
    failed_at        timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- The pages of the served site, for the JSON API: sanitised body, title and table of contents.
CREATE TABLE pages (
    entity_ref text NOT NULL,
    path       text NOT NULL,          -- "" (home) or "dir/page/"
    title      text NOT NULL,
    html       text NOT NULL,
    toc        jsonb NOT NULL,
    PRIMARY KEY (entity_ref, path)
);

-- Every file served under /static/docs/{ns}/{kind}/{name}/: pages as index.html, assets, search index, metadata.
CREATE TABLE files (
    entity_ref   text NOT NULL,
    path         text NOT NULL,
    content_type text NOT NULL,
    etag         text NOT NULL,
    body         bytea NOT NULL,
    PRIMARY KEY (entity_ref, path)
);

-- The transactional outbox: a site change and its event commit together; the relay publishes in id order.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    entity_ref  text NOT NULL,
    event_type  text NOT NULL,
    payload     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('portal_techdocs_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
