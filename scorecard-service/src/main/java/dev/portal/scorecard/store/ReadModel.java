package dev.portal.scorecard.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;

/**
 * The service's own read model of what checks read: the latest stitched entity per ref (from the compacted
 * {@code portal.entity.changes}), TechDocs status per ref and the latest facts per (ref, source). Each operation runs
 * inside the caller's transaction.
 */
public final class ReadModel {

    private ReadModel() {
    }

    /**
     * Stores the entity unless a same-or-newer generation is already stored (or it was deleted at a later
     * generation): replays and redeliveries are skipped.
     *
     * @return whether it was stored
     */
    public static boolean upsertEntity(Connection c, String ref, JsonNode entity) throws SQLException {
        long generation = entity.path("metadata").path("generation").asLong(0);
        String uid = entity.path("metadata").path("uid").asText("");
        String kind = entity.path("kind").asText("").toLowerCase(Locale.ROOT);
        try (PreparedStatement deleted = c.prepareStatement("SELECT generation, uid FROM entity_deleted WHERE ref = ?")) {
            deleted.setString(1, ref);
            try (ResultSet row = deleted.executeQuery()) {
                // A late duplicate of the deleted incarnation stays deleted; a re-created entity has a new uid.
                if (row.next() && row.getLong(1) >= generation && (row.getString(2) == null || row.getString(2).equals(uid))) {
                    return false;
                }
            }
        }
        try (PreparedStatement forget = c.prepareStatement("DELETE FROM entity_deleted WHERE ref = ?")) {
            forget.setString(1, ref);
            forget.executeUpdate();
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO entity (ref, kind, generation, owner_ref, body, updated_at) VALUES (?, ?, ?, ?, ?::jsonb, now())
                ON CONFLICT (ref) DO UPDATE SET kind = excluded.kind, generation = excluded.generation,
                    owner_ref = excluded.owner_ref, body = excluded.body, updated_at = now()
                WHERE entity.generation < excluded.generation
                   OR (entity.generation = excluded.generation AND entity.body <> excluded.body)
                   OR entity.body->'metadata'->>'uid' IS DISTINCT FROM excluded.body->'metadata'->>'uid'""")) {
            upsert.setString(1, ref);
            upsert.setString(2, kind);
            upsert.setLong(3, generation);
            upsert.setString(4, ownerRef(entity));
            upsert.setString(5, entity.toString());
            return upsert.executeUpdate() > 0;
        }
    }

    /** Forgets the entity (its docs and facts stay: they may arrive before a re-creation). */
    public static boolean deleteEntity(Connection c, String ref, String uid, long generation) throws SQLException {
        try (PreparedStatement marker = c.prepareStatement("""
                INSERT INTO entity_deleted (ref, generation, uid) VALUES (?, ?, ?)
                ON CONFLICT (ref) DO UPDATE SET generation = GREATEST(entity_deleted.generation, excluded.generation),
                    uid = excluded.uid, deleted_at = now()""")) {
            marker.setString(1, ref);
            marker.setLong(2, generation);
            marker.setString(3, uid);
            marker.executeUpdate();
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM entity WHERE ref = ? AND generation < ?")) {
            delete.setString(1, ref);
            delete.setLong(2, generation <= 0 ? Long.MAX_VALUE : generation);
            return delete.executeUpdate() > 0;
        }
    }

    /** The entity as last stored, or null. */
    public static JsonNode entity(Connection c, String ref) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT body::text FROM entity WHERE ref = ?")) {
            select.setString(1, ref);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Json.tree(row.getString(1).getBytes(StandardCharsets.UTF_8)) : null;
            }
        }
    }

    /** The refs whose checks read this entity as their owner. */
    public static Set<String> ownedBy(Connection c, String ownerRef) throws SQLException {
        Set<String> refs = new LinkedHashSet<>();
        try (PreparedStatement select = c.prepareStatement("SELECT ref FROM entity WHERE owner_ref = ?")) {
            select.setString(1, ownerRef);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    refs.add(rows.getString(1));
                }
            }
        }
        return refs;
    }

    public static void upsertDocs(Connection c, String ref, String status, int pages, int brokenLinks, Instant lastBuild,
                                  String reason) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO docs (ref, status, page_count, broken_links, last_build_at, reason, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (ref) DO UPDATE SET status = excluded.status, page_count = excluded.page_count,
                    broken_links = excluded.broken_links, last_build_at = excluded.last_build_at,
                    reason = excluded.reason, updated_at = now()""")) {
            upsert.setString(1, ref);
            upsert.setString(2, status);
            upsert.setInt(3, pages);
            upsert.setInt(4, brokenLinks);
            upsert.setTimestamp(5, lastBuild == null ? null : Timestamp.from(lastBuild));
            upsert.setString(6, reason);
            upsert.executeUpdate();
        }
    }

    /** A failed build keeps the page count of the site still served; only the status and reason change. */
    public static void docsFailed(Connection c, String ref, String reason) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO docs (ref, status, reason, updated_at) VALUES (?, 'failed', ?, now())
                ON CONFLICT (ref) DO UPDATE SET status = 'failed', reason = excluded.reason, updated_at = now()""")) {
            upsert.setString(1, ref);
            upsert.setString(2, reason);
            upsert.executeUpdate();
        }
    }

    public static void deleteDocs(Connection c, String ref) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM docs WHERE ref = ?")) {
            delete.setString(1, ref);
            delete.executeUpdate();
        }
    }

    /** Keeps the latest facts per (ref, source): an older observation than the stored one is ignored. */
    public static boolean upsertFacts(Connection c, String ref, String source, String factsJson, Instant observedAt)
            throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO fact (ref, source, facts, observed_at, received_at) VALUES (?, ?, ?::jsonb, ?, now())
                ON CONFLICT (ref, source) DO UPDATE SET facts = excluded.facts, observed_at = excluded.observed_at,
                    received_at = now()
                WHERE fact.observed_at <= excluded.observed_at""")) {
            upsert.setString(1, ref);
            upsert.setString(2, source);
            upsert.setString(3, factsJson);
            upsert.setTimestamp(4, Timestamp.from(observedAt));
            return upsert.executeUpdate() > 0;
        }
    }

    /** Drops facts observed before {@code cutoff}; returns the refs that lost facts. */
    public static List<String> expireFacts(Connection c, Instant cutoff) throws SQLException {
        List<String> refs = new ArrayList<>();
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM fact WHERE observed_at < ? RETURNING ref")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    refs.add(rows.getString(1));
                }
            }
        }
        return refs;
    }

    /** The owning entity's ref: the ownedBy relation, else spec.owner (kind defaulting to group). */
    public static String ownerRef(JsonNode entity) {
        for (JsonNode relation : entity.path("relations")) {
            if ("ownedBy".equals(relation.path("type").asText()) && relation.hasNonNull("targetRef")) {
                return relation.get("targetRef").asText().toLowerCase(Locale.ROOT);
            }
        }
        String owner = entity.path("spec").path("owner").asText("");
        if (owner.isBlank()) {
            return null;
        }
        try {
            return EntityRef.parse(owner, "group", entity.path("metadata").path("namespace").asText("default"))
                    .canonical();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String[] array(Collection<String> values) {
        return values.toArray(String[]::new);
    }
}
