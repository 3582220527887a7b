package dev.portal.catalog.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One catalog entity as stored: see db/migration/V1 for what each column is for. Writers load a row to stitch it
 * again, which needs what was accepted ({@code raw}) but never what was served: the served form and its filter
 * keys are loaded only if read, and an update writes only the columns that changed (an unchanged {@code raw} keeps
 * its stored value instead of being compressed and written again).
 */
@Entity
@DynamicUpdate
@Table(name = "entities")
public class EntityRecord {

    @Id
    public UUID uid;

    @Column(name = "entity_ref", nullable = false, unique = true)
    public String entityRef;

    @Column(nullable = false)
    public long generation;

    @Column(nullable = false)
    public String etag;

    @Column(nullable = false)
    public String raw;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "final_entity", nullable = false)
    public String finalEntity;

    @Basic(fetch = FetchType.LAZY)
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "search_keys", nullable = false, columnDefinition = "text[]")
    public String[] searchKeys;

    @Basic(fetch = FetchType.LAZY)
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "facet_values", nullable = false, columnDefinition = "text[]")
    public String[] facetValues;

    @Column(name = "processing_errors")
    public String processingErrors;

    /** Who emits it: location:<id>, provider:<name>, kafka or seed. */
    public String source;

    @Column(name = "source_file")
    public String sourceFile;

    /** Its source no longer emits it. */
    @Column(nullable = false)
    public boolean orphan;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
