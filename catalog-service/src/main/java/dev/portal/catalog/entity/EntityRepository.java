package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.portal.catalog.db.Database;

/** Reads and writes entity rows; the filter queries live in {@code dev.portal.catalog.query}. */
@ApplicationScoped
public class EntityRepository {

    /** What writers load of a row: everything but the served form and its filter keys. */
    private static final String LOADED_COLUMNS = "uid, entity_ref, generation, etag, raw, processing_errors, source, "
            + "source_file, orphan, created_at, updated_at";

    private final Database database;

    public EntityRepository(Database database) {
        this.database = database;
    }

    public Optional<EntityRecord> findByRef(String canonicalRef) {
        return load("SELECT " + LOADED_COLUMNS + " FROM entities WHERE entity_ref = ?", canonicalRef).stream().findFirst();
    }

    public Optional<EntityRecord> findByUid(UUID uid) {
        return load("SELECT " + LOADED_COLUMNS + " FROM entities WHERE uid = ?", uid).stream().findFirst();
    }

    /**
     * The rows of these refs, locked for update until the transaction ends: concurrent writers of one entity take
     * turns, so generations never collide and outbox rows of an entity are written in commit order. Locked in ref
     * order, so two writers of overlapping sets do not deadlock on each other's rows.
     */
    public List<EntityRecord> lockByRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : load("SELECT " + LOADED_COLUMNS
                + " FROM entities WHERE entity_ref = ANY(?) ORDER BY entity_ref FOR UPDATE", canonicalRefs);
    }

    /** Which of these refs exist. */
    public List<String> existingRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : database.query(
                "SELECT entity_ref FROM entities WHERE entity_ref = ANY(?)", List.of(canonicalRefs), rs -> rs.getString(1));
    }

    /**
     * The User entities whose {@code spec.profile.email} is {@code email}, ignoring case: found through the filter
     * index's key hashes, then confirmed on the keys themselves (filter keys are lower-cased).
     */
    public List<String> usersWithEmail(String email) {
        String key = "spec.profile.email=" + email.toLowerCase(Locale.ROOT);
        return database.query("SELECT entity_ref FROM entities WHERE search_hashes @> catalog_key_hashes(?) "
                + "AND ? = ANY(search_keys)", List.of(List.of("kind=user", key), key), rs -> rs.getString(1));
    }

    /**
     * Stores the records: inserts those not stored yet, and of the others writes the columns that changed since they
     * were loaded (the served form whenever stitching set it); a record with no change is not written at all.
     */
    public void save(Collection<EntityRecord> records) {
        List<EntityRecord> inserted = new ArrayList<>();
        // One batched UPDATE per set of changed columns (most writes of a batch change the same ones).
        Map<String, List<Update>> updatesBySetList = new LinkedHashMap<>();
        for (EntityRecord record : records) {
            if (record.loaded == null) {
                inserted.add(record);
            } else {
                List<Column> changed = changedColumns(record);
                if (!changed.isEmpty()) {
                    String setList = changed.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(", "));
                    updatesBySetList.computeIfAbsent(setList, c -> new ArrayList<>()).add(new Update(record.uid, changed));
                }
            }
        }
        database.run(connection -> {
            insert(connection, inserted);
            for (Map.Entry<String, List<Update>> shape : updatesBySetList.entrySet()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE entities SET " + shape.getKey() + " WHERE uid = ?")) {
                    for (Update row : shape.getValue()) {
                        int index = 1;
                        for (Column column : row.columns()) {
                            column.value().bind(connection, update, index++);
                        }
                        update.setObject(index, row.uid());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
            }
        });
        for (EntityRecord record : records) { // written: what a later save compares with
            record.loaded = loaded(record);
            record.finalEntity = null;
            record.searchKeys = null;
            record.facetValues = null;
        }
    }

    /** Deletes the row (its relations are the caller's). */
    public void delete(UUID uid) {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entities WHERE uid = ?")) {
                delete.setObject(1, uid);
                delete.executeUpdate();
            }
        });
    }

    /** Moves the catalog version on: readers' cached aggregates follow it. */
    public void bumpVersion() {
        database.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE catalog_version SET version = version + 1")) {
                update.executeUpdate();
            }
        });
    }

    /** What stitching an entity again reads of it. */
    public record StitchInput(UUID uid, String entityRef, String raw, String processingErrors, boolean orphan,
                              String etag, long generation) {
    }

    /** An entity's new served form, as stitching it again wrote it. */
    public record StitchOutput(UUID uid, long generation, String etag, String finalEntity, String[] searchKeys,
                               String[] facetValues) {
    }

    /**
     * What stitching these entities again needs, their rows locked for update like {@link #lockByRefs} — except rows
     * another transaction holds, which are left out instead of waited for.
     */
    public List<StitchInput> lockFreeForStitch(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : database.query("SELECT uid, entity_ref, raw, processing_errors, "
                + "orphan, etag, generation FROM entities WHERE entity_ref = ANY(?) ORDER BY entity_ref "
                + "FOR UPDATE SKIP LOCKED", List.of(canonicalRefs), rs -> new StitchInput(rs.getObject(1, UUID.class),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getLong(7)));
    }

    /** Writes entities' new served forms, in the caller's transaction (their rows locked by it). */
    public void writeStitched(List<StitchOutput> stitched) {
        if (stitched.isEmpty()) {
            return;
        }
        database.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE entities SET generation = ?, etag = ?, "
                    + "final_entity = ?, search_keys = ?, facet_values = ?, updated_at = now() WHERE uid = ?")) {
                for (StitchOutput row : stitched) {
                    update.setLong(1, row.generation());
                    update.setString(2, row.etag());
                    update.setString(3, row.finalEntity());
                    update.setArray(4, connection.createArrayOf("text", row.searchKeys()));
                    update.setArray(5, connection.createArrayOf("text", row.facetValues()));
                    update.setObject(6, row.uid());
                    update.addBatch();
                }
                update.executeBatch();
            }
        });
    }

    private List<EntityRecord> load(String sql, Object parameter) {
        return database.query(sql, List.of(parameter), rs -> {
            EntityRecord record = new EntityRecord();
            record.uid = rs.getObject(1, UUID.class);
            record.entityRef = rs.getString(2);
            record.generation = rs.getLong(3);
            record.etag = rs.getString(4);
            record.raw = rs.getString(5);
            record.processingErrors = rs.getString(6);
            record.source = rs.getString(7);
            record.sourceFile = rs.getString(8);
            record.orphan = rs.getBoolean(9);
            record.createdAt = rs.getObject(10, OffsetDateTime.class);
            record.updatedAt = rs.getObject(11, OffsetDateTime.class);
            record.loaded = loaded(record);
            return record;
        });
    }

    private static EntityRecord.Loaded loaded(EntityRecord record) {
        return new EntityRecord.Loaded(record.generation, record.etag, record.raw, record.processingErrors,
                record.source, record.sourceFile, record.orphan);
    }

    /** How a column's new value is bound to a statement. */
    @FunctionalInterface
    private interface Value {
        void bind(Connection connection, PreparedStatement statement, int index) throws SQLException;
    }

    /** A column an UPDATE writes, with its value. */
    private record Column(String name, Value value) {
    }

    /** The changed columns of one stored row. */
    private record Update(UUID uid, List<Column> columns) {
    }

    /**
     * The columns of this stored record that changed since it was loaded (its served form whenever stitching set it),
     * then {@code updated_at}; empty when nothing changed.
     */
    private static List<Column> changedColumns(EntityRecord record) {
        EntityRecord.Loaded was = record.loaded;
        List<Column> changed = new ArrayList<>();
        if (record.finalEntity != null) {
            changed.add(new Column("generation", (c, s, i) -> s.setLong(i, record.generation)));
            changed.add(new Column("etag", (c, s, i) -> s.setString(i, record.etag)));
            changed.add(new Column("final_entity", (c, s, i) -> s.setString(i, record.finalEntity)));
            changed.add(new Column("search_keys", (c, s, i) -> s.setArray(i, c.createArrayOf("text", record.searchKeys))));
            changed.add(new Column("facet_values", (c, s, i) -> s.setArray(i, c.createArrayOf("text", record.facetValues))));
        } else if (record.generation != was.generation() || !Objects.equals(record.etag, was.etag())) {
            throw new IllegalStateException(record.entityRef + ": a new etag or generation without a served form");
        }
        if (!Objects.equals(record.raw, was.raw())) {
            changed.add(new Column("raw", (c, s, i) -> s.setString(i, record.raw)));
        }
        if (!Objects.equals(record.processingErrors, was.processingErrors())) {
            changed.add(new Column("processing_errors", (c, s, i) -> s.setString(i, record.processingErrors)));
        }
        if (!Objects.equals(record.source, was.source())) {
            changed.add(new Column("source", (c, s, i) -> s.setString(i, record.source)));
        }
        if (!Objects.equals(record.sourceFile, was.sourceFile())) {
            changed.add(new Column("source_file", (c, s, i) -> s.setString(i, record.sourceFile)));
        }
        if (record.orphan != was.orphan()) {
            changed.add(new Column("orphan", (c, s, i) -> s.setBoolean(i, record.orphan)));
        }
        if (changed.isEmpty()) {
            return changed;
        }
        OffsetDateTime updatedAt = record.updatedAt == null ? OffsetDateTime.now() : record.updatedAt;
        changed.add(new Column("updated_at", (c, s, i) -> s.setObject(i, updatedAt)));
        return changed;
    }

    private static void insert(Connection connection, List<EntityRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO entities (uid, entity_ref, generation, "
                + "etag, raw, final_entity, search_keys, facet_values, processing_errors, source, source_file, orphan, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (EntityRecord record : records) {
                insert.setObject(1, record.uid);
                insert.setString(2, record.entityRef);
                insert.setLong(3, record.generation);
                insert.setString(4, record.etag);
                insert.setString(5, record.raw);
                insert.setString(6, record.finalEntity);
                insert.setArray(7, connection.createArrayOf("text", record.searchKeys));
                insert.setArray(8, connection.createArrayOf("text", record.facetValues));
                insert.setString(9, record.processingErrors);
                insert.setString(10, record.source);
                insert.setString(11, record.sourceFile);
                insert.setBoolean(12, record.orphan);
                insert.setObject(13, record.createdAt);
                insert.setObject(14, record.updatedAt);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
