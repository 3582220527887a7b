-- The catalog's entities: what was accepted (raw) and what is served (final, stitched with relations).
CREATE TABLE entities (
    uid               uuid PRIMARY KEY,                -- metadata.uid: stable across updates
    entity_ref        text NOT NULL UNIQUE,            -- kind:namespace/name, lower-cased: identity is case-insensitive
    generation        bigint NOT NULL,                 -- +1 whenever the served entity changes
    etag              text NOT NULL,                   -- hash of the served entity
    raw               text NOT NULL,                   -- the last valid input, JSON
    final_entity      text NOT NULL,                   -- the stitched entity as served, JSON
    -- The filter index, in place of Backstage's one-row-per-leaf "search" table: every leaf of the flattened entity
    -- as 'path=value' and 'path' (for existence), lower-cased, in one GIN-indexed array per entity.
    search_keys       text[] NOT NULL,
    facet_values      text[] NOT NULL,                 -- 'path=Value' with the value's original case, for facets
    processing_errors text,                            -- JSON status items of the last failed input, else NULL
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_search_keys ON entities USING gin (search_keys);

-- Relations as declared by an entity's spec (both directions); an entity's next write replaces the rows it
-- originated. A relation to an entity that does not exist yet is kept and shows once that entity arrives.
CREATE TABLE relations (
    originating_ref text NOT NULL,
    source_ref      text NOT NULL,
    type            text NOT NULL,
    target_ref      text NOT NULL,
    PRIMARY KEY (originating_ref, source_ref, type, target_ref)
);
CREATE INDEX relations_source ON relations (source_ref);
CREATE INDEX relations_target ON relations (target_ref);

-- Which location or provider emitted an entity: the ancestry of an entity (filled by ingestion).
CREATE TABLE entity_parents (
    child_ref  text NOT NULL,
    parent_ref text NOT NULL,
    PRIMARY KEY (child_ref, parent_ref)
);
CREATE INDEX entity_parents_parent ON entity_parents (parent_ref);
