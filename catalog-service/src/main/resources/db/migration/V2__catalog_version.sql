-- A counter that every committed change of the catalog increments: readers key cached counts and facets on it,
-- so a cache entry can never outlive the data it was computed from, on any replica.
CREATE TABLE catalog_version (
    id      int PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO catalog_version VALUES (1, 0);
