package dev.portal.techdocs.site;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.techdocs.build.BuiltPage;
import dev.portal.techdocs.build.BuiltSite;
import io.agroal.api.AgroalDataSource;

/**
 * The {@code techdocs} schema, in plain JDBC: a site's pages, files and state are replaced in one transaction together
 * with the outbox row of its event, so a reader never sees half a site and no event is published for a rolled-back
 * write.
 */
@ApplicationScoped
public class SiteRepository {

    /** A served file. */
    public record StoredFile(String contentType, String etag, byte[] body) {
    }

    /** A page for the JSON API. */
    public record StoredPage(String path, String title, String html, JsonNode toc) {
    }

    /** An event to publish with the change: its type and JSON value. */
    public record Event(EventType type, byte[] payload) {
    }

    private final AgroalDataSource dataSource;
    private final ServedFileCache cache;

    public SiteRepository(AgroalDataSource dataSource, ServedFileCache cache) {
        this.dataSource = dataSource;
        this.cache = cache;
    }

    // --- entities, memberships and users ---------------------------------------------------------------------------

    public void upsertEntity(TrackedEntity entity) {
        run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO entities (entity_ref, uid, generation, owner_ref, techdocs_ref, location, entity, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, now())
                    ON CONFLICT (entity_ref) DO UPDATE SET uid = excluded.uid, generation = excluded.generation,
                      owner_ref = excluded.owner_ref, techdocs_ref = excluded.techdocs_ref, location = excluded.location,
                      entity = excluded.entity, updated_at = now()""")) {
                upsert.setString(1, entity.entityRef());
                upsert.setString(2, entity.uid());
                upsert.setLong(3, entity.generation());
                upsert.setString(4, entity.ownerRef());
                upsert.setString(5, entity.techdocsRef());
                upsert.setString(6, entity.location());
                upsert.setString(7, entity.entityJson());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    public Optional<TrackedEntity> entity(String entityRef) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT entity_ref, uid, generation, owner_ref, techdocs_ref, location, entity::text FROM entities WHERE entity_ref = ?")) {
                select.setString(1, entityRef);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new TrackedEntity(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7))) : Optional.empty();
                }
            }
        });
    }

    /** Entities with a docs annotation whose site is built here (not uploaded), for the periodic refresh. */
    public List<String> locallyBuiltEntities() {
        return run(connection -> {
            List<String> refs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT e.entity_ref FROM entities e LEFT JOIN sites s ON s.entity_ref = e.entity_ref
                    WHERE e.techdocs_ref IS NOT NULL AND coalesce(s.strategy, 'local') = 'local' ORDER BY e.entity_ref""");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    refs.add(rs.getString(1));
                }
            }
            return refs;
        });
    }

    public void deleteEntity(String entityRef) {
        run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entities WHERE entity_ref = ?")) {
                delete.setString(1, entityRef);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Replaces, in one transaction (a poll's worth of Users and Groups), the memberships of many members and the
     * Users among them: every member in {@code byMember} loses its memberships and its users row, then gets the
     * memberships given and, when it is in {@code userEmails} (a User, with its email or null), its users row. A
     * deleted entity is a member with no memberships that is not in {@code userEmails}.
     */
    public void replaceMemberships(Map<String, ? extends Collection<String>> byMember, Map<String, String> userEmails) {
        if (byMember.isEmpty() && userEmails.isEmpty()) {
            return;
        }
        Set<String> members = new HashSet<>(byMember.keySet());
        members.addAll(userEmails.keySet());
        run(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM memberships WHERE member_ref = ANY(?)");
                 PreparedStatement deleteUsers = connection.prepareStatement("DELETE FROM users WHERE user_ref = ANY(?)");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO memberships (member_ref, group_ref) VALUES (?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement insertUser = connection.prepareStatement(
                         "INSERT INTO users (user_ref, email) VALUES (?, ?) ON CONFLICT (user_ref) DO UPDATE SET email = excluded.email")) {
                Array refs = connection.createArrayOf("text", members.toArray());
                delete.setArray(1, refs);
                delete.executeUpdate();
                deleteUsers.setArray(1, refs);
                deleteUsers.executeUpdate();
                for (Map.Entry<String, ? extends Collection<String>> member : byMember.entrySet()) {
                    for (String group : member.getValue()) {
                        insert.setString(1, member.getKey());
                        insert.setString(2, group);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
                for (Map.Entry<String, String> user : userEmails.entrySet()) {
                    insertUser.setString(1, user.getKey());
                    insertUser.setString(2, user.getValue());
                    insertUser.addBatch();
                }
                insertUser.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            return null;
        });
    }

    /** Which of {@code refs} techdocs knows (an entity with docs, or a site). */
    public Set<String> known(Collection<String> refs) {
        if (refs.isEmpty()) {
            return Set.of();
        }
        return run(connection -> {
            Set<String> known = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT entity_ref FROM entities WHERE entity_ref = ANY(?) UNION SELECT entity_ref FROM sites WHERE entity_ref = ANY(?)")) {
                Object[] array = refs.toArray();
                select.setArray(1, connection.createArrayOf("text", array));
                select.setArray(2, connection.createArrayOf("text", array));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
            }
            return known;
        });
    }

    /** Whether the catalog has the User entity {@code userRef} (as seen on portal.entity.changes). */
    public boolean userExists(String userRef) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM users WHERE user_ref = ?")) {
                select.setString(1, userRef);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The Users whose spec.profile.email is {@code email}, ignoring case. */
    public Set<String> usersWithEmail(String email) {
        return run(connection -> {
            Set<String> users = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_ref FROM users WHERE lower(email) = lower(?)")) {
                select.setString(1, email);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        users.add(rs.getString(1));
                    }
                }
            }
            return users;
        });
    }

    /** The groups of the given members (one step). */
    public Set<String> groupsOf(Collection<String> memberRefs) {
        if (memberRefs.isEmpty()) {
            return Set.of();
        }
        return run(connection -> {
            Set<String> groups = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT group_ref FROM memberships WHERE member_ref = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("text", memberRefs.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        groups.add(rs.getString(1));
                    }
                }
            }
            return groups;
        });
    }

    // --- sites -----------------------------------------------------------------------------------------------------

    private static final String SITE_COLUMNS = "entity_ref, status, strategy, source_hash, site_name, site_description, "
            + "build_timestamp, etag, page_count, nav::text, broken_links::text, last_error, failed_at";

    public Optional<SiteState> site(String entityRef) {
        Map<String, SiteState> sites = sites(List.of(entityRef));
        return Optional.ofNullable(sites.get(entityRef));
    }

    public Map<String, SiteState> sites(Collection<String> entityRefs) {
        if (entityRefs.isEmpty()) {
            return Map.of();
        }
        return run(connection -> {
            Map<String, SiteState> sites = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + SITE_COLUMNS + " FROM sites WHERE entity_ref = ANY(?)")) {
                select.setArray(1, connection.createArrayOf("text", entityRefs.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        SiteState site = new SiteState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), rs.getString(8), rs.getInt(9),
                                Json.tree(rs.getString(10).getBytes()), Json.tree(rs.getString(11).getBytes()),
                                rs.getString(12), instant(rs.getTimestamp(13)));
                        sites.put(site.entityRef(), site);
                    }
                }
            }
            return sites;
        });
    }

    /** Notes that a build started (a site that is served stays served). */
    public void markBuilding(String entityRef) {
        run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO sites (entity_ref, status) VALUES (?, 'building')
                    ON CONFLICT (entity_ref) DO UPDATE SET status = 'building', updated_at = now()""")) {
                upsert.setString(1, entityRef);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** Sets the status of an existing site row only. */
    public void setStatus(String entityRef, String status) {
        run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE sites SET status = ?, updated_at = now() WHERE entity_ref = ?")) {
                update.setString(1, status);
                update.setString(2, entityRef);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Replaces the served site with {@code site}, and records {@code event}, in one transaction. */
    public void storeBuilt(String entityRef, BuiltSite site, String strategy, Event event) {
        Map<String, BuiltSite.ServedFile> files = site.servedFiles();
        try {
            storeBuiltSite(entityRef, site, strategy, event, files);
        } finally {
            cache.invalidate(entityRef); // after the commit (a read racing with it is not kept: see ServedFileCache)
        }
    }

    private void storeBuiltSite(String entityRef, BuiltSite site, String strategy, Event event,
                                Map<String, BuiltSite.ServedFile> files) {
        run(connection -> {
            connection.setAutoCommit(false);
            try {
                deleteSiteContent(connection, entityRef);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO pages (entity_ref, path, title, html, toc) VALUES (?, ?, ?, ?, ?::jsonb)")) {
                    for (BuiltPage page : site.pages()) {
                        insert.setString(1, entityRef);
                        insert.setString(2, page.path());
                        insert.setString(3, page.title());
                        insert.setString(4, page.html());
                        insert.setString(5, new String(Json.toBytes(page.toc()), java.nio.charset.StandardCharsets.UTF_8));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO files (entity_ref, path, content_type, etag, body) VALUES (?, ?, ?, ?, ?)")) {
                    int batched = 0;
                    for (Map.Entry<String, BuiltSite.ServedFile> file : files.entrySet()) {
                        insert.setString(1, entityRef);
                        insert.setString(2, file.getKey());
                        insert.setString(3, file.getValue().contentType());
                        insert.setString(4, etag(site.etag(), file.getValue().body()));
                        insert.setBytes(5, file.getValue().body());
                        insert.addBatch();
                        if (++batched % 500 == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO sites (entity_ref, status, strategy, source_hash, site_name, site_description,
                          build_timestamp, etag, page_count, nav, broken_links, last_error, failed_at, updated_at)
                        VALUES (?, 'built', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, NULL, NULL, now())
                        ON CONFLICT (entity_ref) DO UPDATE SET status = 'built', strategy = excluded.strategy,
                          source_hash = excluded.source_hash, site_name = excluded.site_name,
                          site_description = excluded.site_description, build_timestamp = excluded.build_timestamp,
                          etag = excluded.etag, page_count = excluded.page_count, nav = excluded.nav,
                          broken_links = excluded.broken_links, last_error = NULL, failed_at = NULL, updated_at = now()""")) {
                    upsert.setString(1, entityRef);
                    upsert.setString(2, strategy);
                    upsert.setString(3, site.etag());
                    upsert.setString(4, site.siteName());
                    upsert.setString(5, site.siteDescription());
                    upsert.setTimestamp(6, Timestamp.from(site.buildTimestamp()));
                    upsert.setString(7, site.etag());
                    upsert.setInt(8, site.pages().size());
                    upsert.setString(9, new String(Json.toBytes(site.nav()), java.nio.charset.StandardCharsets.UTF_8));
                    upsert.setString(10, new String(Json.toBytes(site.brokenLinks()), java.nio.charset.StandardCharsets.UTF_8));
                    upsert.executeUpdate();
                }
                appendEvent(connection, entityRef, event);
                notifySiteChanged(connection, entityRef);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return null;
        });
    }

    /** Records a failed build; the served site (if any) stays. */
    public void storeFailed(String entityRef, String reason, Instant failedAt, Event event) {
        run(connection -> {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO sites (entity_ref, status, last_error, failed_at) VALUES (?, 'failed', ?, ?)
                        ON CONFLICT (entity_ref) DO UPDATE SET status = 'failed', last_error = excluded.last_error,
                          failed_at = excluded.failed_at, updated_at = now()""")) {
                    upsert.setString(1, entityRef);
                    upsert.setString(2, reason);
                    upsert.setTimestamp(3, Timestamp.from(failedAt));
                    upsert.executeUpdate();
                }
                appendEvent(connection, entityRef, event);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return null;
        });
    }

    /** Removes the site, its pages and files; records {@code event}. False when there was no site. */
    public boolean removeSite(String entityRef, Event event) {
        try {
            return removeSiteContent(entityRef, event);
        } finally {
            cache.invalidate(entityRef);
        }
    }

    private boolean removeSiteContent(String entityRef, Event event) {
        return run(connection -> {
            connection.setAutoCommit(false);
            try {
                int removed;
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM sites WHERE entity_ref = ?")) {
                    delete.setString(1, entityRef);
                    removed = delete.executeUpdate();
                }
                deleteSiteContent(connection, entityRef);
                if (removed > 0) {
                    appendEvent(connection, entityRef, event);
                }
                notifySiteChanged(connection, entityRef);
                connection.commit();
                return removed > 0;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        });
    }

    public Optional<StoredFile> file(String entityRef, String path) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT content_type, etag, body FROM files WHERE entity_ref = ? AND path = ?")) {
                select.setString(1, entityRef);
                select.setString(2, path);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredFile(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The etag of a file without its body (for 304s). */
    public Optional<String> fileEtag(String entityRef, String path) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT etag FROM files WHERE entity_ref = ? AND path = ?")) {
                select.setString(1, entityRef);
                select.setString(2, path);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public Optional<StoredPage> page(String entityRef, String path) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT path, title, html, toc::text FROM pages WHERE entity_ref = ? AND path = ?")) {
                select.setString(1, entityRef);
                select.setString(2, path);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredPage(rs.getString(1), rs.getString(2), rs.getString(3),
                            Json.tree(rs.getString(4).getBytes(java.nio.charset.StandardCharsets.UTF_8)))) : Optional.empty();
                }
            }
        });
    }

    private static void deleteSiteContent(Connection connection, String entityRef) throws SQLException {
        for (String table : List.of("pages", "files")) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE entity_ref = ?")) {
                delete.setString(1, entityRef);
                delete.executeUpdate();
            }
        }
    }

    private static void appendEvent(Connection connection, String entityRef, Event event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO outbox (entity_ref, event_type, payload) VALUES (?, ?, ?)")) {
            insert.setString(1, entityRef);
            insert.setString(2, event.type().type());
            insert.setString(3, new String(event.payload(), java.nio.charset.StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    /** Tells every replica's {@link SiteChangeListener}, on commit, that the entity's served files changed. */
    private static void notifySiteChanged(Connection connection, String entityRef) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, SiteChangeListener.CHANNEL);
            notify.setString(2, entityRef);
            notify.execute();
        }
    }

    /** A file's etag: the site's etag plus a hash of the file, so it changes exactly when the bytes do. */
    static String etag(String siteEtag, byte[] body) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        return "\"" + (siteEtag == null ? "" : siteEtag.substring(0, Math.min(16, siteEtag.length()))) + "-"
                + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(body.length) + "\"";
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T run(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Database error: " + e.getMessage(), e);
        }
    }
}
