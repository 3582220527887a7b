-- Who emits each entity: 'location:<id>', 'provider:<name>', 'kafka' or 'seed'. Another source may not take it over
-- (ConflictError) unless it became an orphan. source_file is the file a location read it from.
ALTER TABLE entities ADD COLUMN source text;
ALTER TABLE entities ADD COLUMN source_file text;
ALTER TABLE entities ADD COLUMN orphan boolean NOT NULL DEFAULT false;
CREATE INDEX entities_source ON entities (source, source_file);

-- Registered locations (Backstage's /locations): a catalog file, or a tree of them through Location entities.
CREATE TABLE locations (
    id         uuid PRIMARY KEY,
    type       text NOT NULL,               -- url | file
    target     text NOT NULL,
    static     boolean NOT NULL DEFAULT false,  -- from configuration: not removable through the API
    created_by text,                        -- the user ref that registered it (it may delete it)
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (type, target)
);

-- Every file read under a location, with what makes the next read cheap: an unchanged file costs one 304.
CREATE TABLE location_files (
    location_id   uuid NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    url           text NOT NULL,
    etag          text,
    last_modified text,
    content_hash  text,
    error         text,                     -- why the last read of this file failed, else NULL
    read_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, url)
);
