-- Equality and existence filters test 64-bit hashes of the filter keys rather than the keys. An entity's search_keys
-- are often large enough to be stored compressed, and decompressing them for every row a filtered page walks was most
-- of PostgreSQL's time per by-query page; its hashes (8 bytes a key, random, so never compressed) stay inline in the
-- row. A false match needs two different keys with the same 64-bit hash: about one in 10^12 queries at 100,000
-- entities, accepted. search_keys stay for prefix, full-text and order-by, which need the text.
CREATE FUNCTION catalog_key_hashes(keys text[]) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT hashtextextended(k, 0) FROM unnest(keys) AS k);

ALTER TABLE entities ADD COLUMN search_hashes bigint[] GENERATED ALWAYS AS (catalog_key_hashes(search_keys)) STORED;
ALTER TABLE entities ALTER COLUMN search_hashes SET STORAGE MAIN;
CREATE INDEX entities_search_hashes ON entities USING gin (search_hashes);
-- Nothing filters on the keys through an index any more; keeping it would cost every write.
DROP INDEX entities_search_keys;
ANALYZE entities;
