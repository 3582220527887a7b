package dev.portal.catalog.entity;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One catalog entity as stored: see db/migration/V1 for what each column is for. Writers load a row to stitch it
 * again, which needs what was accepted ({@code raw}) but never what was served: the served form and its filter keys
 * are not loaded, and are written only when stitching set them. {@link EntityRepository#save} writes only the columns
 * that changed since the row was loaded (an unchanged {@code raw} keeps its stored value instead of being compressed
 * and written again).
 */
public class EntityRecord {

    public UUID uid;
    public String entityRef;
    public long generation;
    public String etag;
    public String raw;

    /** The served form and its filter keys: null unless stitching set them (they are never loaded). */
    public String finalEntity;
    public String[] searchKeys;
    public String[] facetValues;

    public String processingErrors;

    /** Who emits it: location:<id>, provider:<name>, kafka or seed. */
    public String source;
    public String sourceFile;

    /** Its source no longer emits it. */
    public boolean orphan;

    public OffsetDateTime createdAt;
    public OffsetDateTime updatedAt;

    /** The row as it was loaded; null for an entity not stored yet. */
    Loaded loaded;

    /** The columns a write may change, as they were loaded. */
    record Loaded(long generation, String etag, String raw, String processingErrors, String source, String sourceFile,
                  boolean orphan) {
    }
}
