package dev.portal.catalog.relation;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.portal.catalog.db.Database;

/** The relations table: written per originating entity, read per source entity when stitching. */
@ApplicationScoped
public class RelationRepository {

    private static final int INSERT_CHUNK = 5_000;

    private final Database database;

    public RelationRepository(Database database) {
        this.database = database;
    }

    /**
     * Replaces the relations the given entities originate with {@code relations}; returns every entity ref whose
     * relations changed as a result (the sources of the rows removed and added), which must be stitched again. Only
     * the difference is written: an entity written again with the same relations — a new description, say — rewrites
     * no row and sends none of its peers to the stitcher.
     */
    public Set<String> replaceOriginatedBy(Map<String, List<Relation>> relationsByOrigin) {
        Set<String> affected = new HashSet<>();
        if (relationsByOrigin.isEmpty()) {
            return affected;
        }
        Map<String, Set<Relation>> stored = originatedBy(relationsByOrigin.keySet());
        List<String[]> removed = new ArrayList<>();
        List<String[]> added = new ArrayList<>();
        for (Map.Entry<String, List<Relation>> origin : relationsByOrigin.entrySet()) {
            Set<Relation> before = stored.getOrDefault(origin.getKey(), Set.of());
            Set<Relation> after = new LinkedHashSet<>(origin.getValue());
            for (Relation relation : before) {
                if (!after.contains(relation)) {
                    removed.add(row(origin.getKey(), relation));
                    affected.add(relation.sourceRef());
                }
            }
            for (Relation relation : after) {
                if (!before.contains(relation)) {
                    added.add(row(origin.getKey(), relation));
                    affected.add(relation.sourceRef());
                }
            }
        }
        database.run(connection -> {
            if (!removed.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM relations r USING "
                        + "unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS d(originating_ref, source_ref, type, target_ref) "
                        + "WHERE r.originating_ref = d.originating_ref AND r.source_ref = d.source_ref "
                        + "AND r.type = d.type AND r.target_ref = d.target_ref")) {
                    bindColumns(delete, removed);
                    delete.executeUpdate();
                }
            }
            // Arrays of rows, not a JDBC batch of single-row statements: a location read adds hundreds of thousands.
            for (int from = 0; from < added.size(); from += INSERT_CHUNK) {
                List<String[]> chunk = added.subList(from, Math.min(added.size(), from + INSERT_CHUNK));
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO relations "
                        + "(originating_ref, source_ref, type, target_ref) "
                        + "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) ON CONFLICT DO NOTHING")) {
                    bindColumns(insert, chunk);
                    insert.executeUpdate();
                }
            }
        });
        return affected;
    }

    /** The relations each of these entities originates, as stored. */
    private Map<String, Set<Relation>> originatedBy(Collection<String> origins) {
        Map<String, Set<Relation>> byOrigin = new HashMap<>();
        for (String[] row : database.query("SELECT originating_ref, source_ref, type, target_ref FROM relations "
                + "WHERE originating_ref = ANY(?)", List.of(origins), RelationRepository::columns)) {
            byOrigin.computeIfAbsent(row[0], k -> new HashSet<>()).add(new Relation(row[1], row[2], row[3]));
        }
        return byOrigin;
    }

    /** Binds the four columns of the rows as four text arrays (parameters 1–4), for {@code unnest}. */
    private static void bindColumns(PreparedStatement statement, List<String[]> rows) throws SQLException {
        for (int column = 0; column < 4; column++) {
            int c = column;
            statement.setArray(column + 1, statement.getConnection().createArrayOf("text",
                    rows.stream().map(row -> row[c]).toArray(String[]::new)));
        }
    }

    /** The four columns of a stored relation row. */
    private static String[] columns(ResultSet row) throws SQLException {
        return new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)};
    }

    private static String[] row(String origin, Relation relation) {
        return new String[] {origin, relation.sourceRef(), relation.type(), relation.targetRef()};
    }

    /** The distinct outgoing relations of each source, ordered by type then target (Backstage's stitch order). */
    public Map<String, List<Relation>> outgoing(Collection<String> sourceRefs) {
        Map<String, List<Relation>> bySource = new HashMap<>();
        if (sourceRefs.isEmpty()) {
            return bySource;
        }
        for (Relation relation : database.query("SELECT DISTINCT source_ref, type, target_ref FROM relations "
                        + "WHERE source_ref = ANY(?) ORDER BY source_ref, type, target_ref", List.of(sourceRefs),
                row -> new Relation(row.getString(1), row.getString(2), row.getString(3)))) {
            bySource.computeIfAbsent(relation.sourceRef(), k -> new ArrayList<>()).add(relation);
        }
        return bySource;
    }

    /** Records which entity emitted each child (child ref → parent ref), replacing what was recorded before. */
    public void replaceParents(Map<String, String> parentByChild) {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entity_parents WHERE child_ref = ANY(?)");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO entity_parents (child_ref, parent_ref) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                delete.setArray(1, connection.createArrayOf("text", parentByChild.keySet().toArray(String[]::new)));
                delete.executeUpdate();
                for (Map.Entry<String, String> child : parentByChild.entrySet()) {
                    insert.setString(1, child.getKey());
                    insert.setString(2, child.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Queues entities for the deferred stitcher, to be stitched no sooner than {@code hold} from now. Queueing one
     * again moves its queued time on, so a stitch that read the queue before does not take it off. Without a hold it
     * goes to the back of the line (an entity many writes touch is stitched once they pause, as before holds
     * existed); with one it keeps the earlier of the two times, so a read never holds an entity more than
     * {@code hold} after it first queued it. Inserted in ref order: concurrent writers take these row locks in one
     * order.
     */
    public void queueStitch(Collection<String> refs, Duration hold) {
        if (refs.isEmpty()) {
            return;
        }
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stitch_queue (entity_ref, not_before) "
                    + "SELECT r, now() + ? * interval '1 millisecond' FROM unnest(?::text[]) AS r ORDER BY 1 "
                    + "ON CONFLICT (entity_ref) DO UPDATE SET queued_at = now(), "
                    + "not_before = CASE WHEN excluded.not_before <= now() THEN excluded.not_before "
                    + "ELSE LEAST(stitch_queue.not_before, excluded.not_before) END")) {
                insert.setLong(1, hold.toMillis());
                insert.setArray(2, connection.createArrayOf("text", refs.toArray(String[]::new)));
                insert.executeUpdate();
            }
        });
    }

    /** Lets the deferred stitcher take every held entry now; returns how many were held. */
    public int releaseHeld() {
        return database.call(connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE stitch_queue SET not_before = now() WHERE not_before > now()")) {
                return release.executeUpdate();
            }
        });
    }

    /** Entities waiting to be stitched again, held ones included. */
    public long queuedStitches() {
        return database.query("SELECT count(*) FROM stitch_queue", List.of(), row -> row.getLong(1)).get(0);
    }

    /** A queued entity and when it was (last) queued. */
    public record Queued(String entityRef, java.sql.Timestamp queuedAt) {
    }

    /**
     * The entities longest due among share {@code share} of {@code shares} (split by a hash of the ref, so stitchers
     * of different shares never take the same entity), read without locking (a stitcher must never wait on a writer).
     */
    public List<Queued> peekQueued(int max, int share, int shares) {
        return database.query("SELECT entity_ref, queued_at FROM stitch_queue "
                        + "WHERE not_before <= now() AND (hashtext(entity_ref) & 2147483647) % ? = ? "
                        + "ORDER BY not_before LIMIT ?", List.of(shares, share, max),
                row -> new Queued(row.getString(1), row.getTimestamp(2)));
    }

    /**
     * Takes stitched entities off the queue — unless they were queued again since they were read, or a writer holds
     * their queue row right now: then they stay, and are stitched once more (stitching is idempotent).
     */
    public void unqueue(List<Queued> stitched) {
        if (stitched.isEmpty()) {
            return;
        }
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM stitch_queue WHERE entity_ref IN ("
                    + "SELECT q.entity_ref FROM stitch_queue q JOIN unnest(?::text[], ?::timestamp[]) AS s(ref, at) "
                    + "ON q.entity_ref = s.ref AND q.queued_at <= s.at FOR UPDATE OF q SKIP LOCKED)")) {
                delete.setArray(1, connection.createArrayOf("text", stitched.stream().map(Queued::entityRef).toArray()));
                delete.setArray(2, connection.createArrayOf("timestamp", stitched.stream().map(Queued::queuedAt).toArray()));
                delete.executeUpdate();
            }
        });
    }

    /** The targets of relations of {@code type} going out of any of the sources. */
    public Set<String> targets(Collection<String> sourceRefs, String type) {
        if (sourceRefs.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(database.query("SELECT DISTINCT target_ref FROM relations WHERE source_ref = ANY(?) AND type = ?",
                List.of(sourceRefs, type), row -> row.getString(1)));
    }
}
