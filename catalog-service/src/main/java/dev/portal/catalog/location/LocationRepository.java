package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.db.Database;
import dev.portal.catalog.location.CatalogFileFetcher.FileState;
import dev.portal.events.Json;

/** Locations, the files read under them, and the entities they emitted. */
@ApplicationScoped
public class LocationRepository {

    private final Database database;

    public LocationRepository(Database database) {
        this.database = database;
    }

    /** An entity a location emitted, and the file it came from. */
    public record EmittedRef(String entityRef, String file) {
    }

    public Optional<LocationRecord> findByTypeAndTarget(String type, String target) {
        return load(" WHERE type = ? AND target = ?", type, target).stream().findFirst();
    }

    public Optional<LocationRecord> findById(UUID id) {
        return load(" WHERE id = ?", id).stream().findFirst();
    }

    public List<LocationRecord> listAll() {
        return load(" ORDER BY created_at, id");
    }

    public void insert(LocationRecord location) {
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO locations "
                    + "(id, type, target, static, created_by, created_at, registered_by_admin, entity_ref, presence_optional) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setObject(1, location.id);
                insert.setString(2, location.type);
                insert.setString(3, location.target);
                insert.setBoolean(4, location.fromConfiguration);
                insert.setString(5, location.createdBy);
                insert.setObject(6, location.createdAt);
                insert.setBoolean(7, location.registeredByAdmin);
                insert.setString(8, location.entityRef);
                insert.setBoolean(9, location.presenceOptional);
                insert.executeUpdate();
            }
        });
    }

    public void deleteById(UUID id) {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM locations WHERE id = ?")) {
                delete.setObject(1, id);
                delete.executeUpdate();
            }
        });
    }

    @Transactional
    public Map<String, FileState> fileStates(UUID location) {
        return database.query("SELECT url, etag, last_modified, content_hash FROM location_files WHERE location_id = ? "
                + "AND error IS NULL", List.of(location), rs -> Map.entry(rs.getString(1),
                new FileState(rs.getString(2), rs.getString(3), rs.getString(4))))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Makes the location follow another Location entity, and forgets what made its files cheap to read again: the next
     * read writes each of its entities with their new parent.
     */
    @Transactional
    public void follow(UUID location, String entityRef, boolean presenceOptional) {
        database.run(connection -> {
            try (PreparedStatement follow = connection.prepareStatement(
                    "UPDATE locations SET entity_ref = ?, presence_optional = ? WHERE id = ?");
                 PreparedStatement forget = connection.prepareStatement("UPDATE location_files SET etag = NULL, "
                         + "last_modified = NULL, content_hash = NULL WHERE location_id = ?")) {
                follow.setString(1, entityRef);
                follow.setBoolean(2, presenceOptional);
                follow.setObject(3, location);
                follow.executeUpdate();
                forget.setObject(1, location);
                forget.executeUpdate();
            }
        });
    }

    /** Forgets what made this file cheap to read again, so its next read processes it even if unchanged. */
    @Transactional
    public void forgetFile(UUID location, String file) {
        database.run(connection -> {
            try (PreparedStatement forget = connection.prepareStatement("UPDATE location_files SET etag = NULL, "
                    + "last_modified = NULL, content_hash = NULL WHERE location_id = ? AND url = ?")) {
                forget.setObject(1, location);
                forget.setString(2, file);
                forget.executeUpdate();
            }
        });
    }

    /** Replaces what is recorded of the location's files with this read's states and errors. */
    @Transactional
    public void saveFiles(UUID location, Map<String, FileState> states, Map<String, String> errors) {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM location_files WHERE location_id = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO location_files "
                         + "(location_id, url, etag, last_modified, content_hash, error) VALUES (?, ?, ?, ?, ?, ?) "
                         + "ON CONFLICT (location_id, url) DO UPDATE SET error = EXCLUDED.error")) {
                delete.setObject(1, location);
                delete.executeUpdate();
                for (Map.Entry<String, FileState> file : states.entrySet()) {
                    insert.setObject(1, location);
                    insert.setString(2, file.getKey());
                    insert.setString(3, file.getValue().etag());
                    insert.setString(4, file.getValue().lastModified());
                    insert.setString(5, file.getValue().contentHash());
                    insert.setString(6, errors.get(file.getKey()));
                    insert.addBatch();
                }
                for (Map.Entry<String, String> error : errors.entrySet()) {
                    if (!states.containsKey(error.getKey())) {
                        insert.setObject(1, location);
                        insert.setString(2, error.getKey());
                        insert.setString(3, null);
                        insert.setString(4, null);
                        insert.setString(5, null);
                        insert.setString(6, error.getValue());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        });
    }

    /** The last read's errors per file. */
    @Transactional
    public Map<String, String> fileErrors(UUID location) {
        return database.query("SELECT url, error FROM location_files WHERE location_id = ? AND error IS NOT NULL",
                List.of(location), rs -> Map.entry(rs.getString(1), rs.getString(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Transactional
    public List<EmittedRef> emittedBy(String source) {
        return database.query("SELECT entity_ref, source_file FROM entities WHERE source = ?", List.of(source),
                rs -> new EmittedRef(rs.getString(1), rs.getString(2)));
    }

    /** The Location entities last read from a file, as accepted: followed again when the file did not change. */
    @Transactional
    public List<JsonNode> storedLocations(String source, String file) {
        return database.query("SELECT raw FROM entities WHERE source = ? AND source_file = ? "
                        + "AND search_hashes @> catalog_key_hashes(ARRAY['kind=location'])", List.of(source, file),
                rs -> Json.tree(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
    }

    /** A Location entity an integration provides (a provider or Kafka), with its input. */
    public record ProvidedLocation(String entityRef, JsonNode entity) {
    }

    /** The Location entities integrations provide, orphans left out: their targets are read as locations. */
    @Transactional
    public List<ProvidedLocation> providedLocations() {
        return database.query("SELECT entity_ref, raw FROM entities "
                        + "WHERE search_hashes @> catalog_key_hashes(ARRAY['kind=location']) "
                        + "AND (source LIKE 'provider:%' OR source = 'kafka') AND NOT orphan ORDER BY entity_ref", List.of(),
                rs -> new ProvidedLocation(rs.getString(1), Json.tree(rs.getString(2).getBytes(StandardCharsets.UTF_8))));
    }

    private List<LocationRecord> load(String where, Object... parameters) {
        return database.query("SELECT id, type, target, static, created_by, created_at, registered_by_admin, entity_ref, "
                        + "presence_optional FROM locations" + where, Arrays.asList(parameters), rs -> {
                    LocationRecord location = new LocationRecord();
                    location.id = rs.getObject(1, UUID.class);
                    location.type = rs.getString(2);
                    location.target = rs.getString(3);
                    location.fromConfiguration = rs.getBoolean(4);
                    location.createdBy = rs.getString(5);
                    location.createdAt = rs.getObject(6, OffsetDateTime.class);
                    location.registeredByAdmin = rs.getBoolean(7);
                    location.entityRef = rs.getString(8);
                    location.presenceOptional = rs.getBoolean(9);
                    return location;
                });
    }

}
