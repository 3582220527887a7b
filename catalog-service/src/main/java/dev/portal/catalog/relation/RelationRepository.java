package dev.portal.catalog.relation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hibernate.Session;

/** The relations table: written per originating entity, read per source entity when stitching. */
@ApplicationScoped
public class RelationRepository {

    private final EntityManager em;

    public RelationRepository(EntityManager em) {
        this.em = em;
    }

    /**
     * Replaces the relations the given entities originate with {@code relations}; returns every entity ref whose
     * relations changed as a result (the sources of old and new rows), which must be stitched again.
     */
    public Set<String> replaceOriginatedBy(Map<String, List<Relation>> relationsByOrigin) {
        Set<String> affected = new HashSet<>();
        if (relationsByOrigin.isEmpty()) {
            return affected;
        }
        String[] origins = relationsByOrigin.keySet().toArray(String[]::new);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM relations WHERE originating_ref = ANY(?) RETURNING source_ref")) {
                delete.setArray(1, connection.createArrayOf("text", origins));
                try (ResultSet rs = delete.executeQuery()) {
                    while (rs.next()) {
                        affected.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO relations (originating_ref, source_ref, type, target_ref) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT DO NOTHING")) {
                int pending = 0;
                for (Map.Entry<String, List<Relation>> origin : relationsByOrigin.entrySet()) {
                    for (Relation relation : origin.getValue()) {
                        insert.setString(1, origin.getKey());
                        insert.setString(2, relation.sourceRef());
                        insert.setString(3, relation.type());
                        insert.setString(4, relation.targetRef());
                        insert.addBatch();
                        affected.add(relation.sourceRef());
                        if (++pending == 1000) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        });
        return affected;
    }

    /** The distinct outgoing relations of each source, ordered by type then target (Backstage's stitch order). */
    public Map<String, List<Relation>> outgoing(Collection<String> sourceRefs) {
        Map<String, List<Relation>> bySource = new HashMap<>();
        if (sourceRefs.isEmpty()) {
            return bySource;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT source_ref, type, target_ref "
                    + "FROM relations WHERE source_ref = ANY(?) ORDER BY source_ref, type, target_ref")) {
                select.setArray(1, connection.createArrayOf("text", sourceRefs.toArray(String[]::new)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        bySource.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Relation(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
        });
        return bySource;
    }

    /** Records which entity emitted each child (child ref → parent ref), replacing what was recorded before. */
    public void replaceParents(Map<String, String> parentByChild) {
        em.unwrap(Session.class).doWork(connection -> {
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

    /** Queues entities for the deferred stitcher; an entity already queued stays queued once. */
    public void queueStitch(Collection<String> refs) {
        if (refs.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stitch_queue (entity_ref) "
                    + "SELECT unnest(?::text[]) ORDER BY 1 ON CONFLICT DO NOTHING")) {
                insert.setArray(1, connection.createArrayOf("text", refs.toArray(String[]::new)));
                insert.executeUpdate();
            }
        });
    }

    /** Takes the oldest queued entities off the queue (skipping ones another stitcher holds). */
    public List<String> takeQueued(int max) {
        List<String> refs = new ArrayList<>();
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement take = connection.prepareStatement("DELETE FROM stitch_queue WHERE entity_ref IN "
                    + "(SELECT entity_ref FROM stitch_queue ORDER BY queued_at LIMIT ? FOR UPDATE SKIP LOCKED) "
                    + "RETURNING entity_ref")) {
                take.setInt(1, max);
                try (ResultSet rs = take.executeQuery()) {
                    while (rs.next()) {
                        refs.add(rs.getString(1));
                    }
                }
            }
        });
        refs.sort(null); // lock order, as everywhere
        return refs;
    }

    /** The targets of relations of {@code type} going out of any of the sources. */
    public Set<String> targets(Collection<String> sourceRefs, String type) {
        Set<String> targets = new HashSet<>();
        if (sourceRefs.isEmpty()) {
            return targets;
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT target_ref FROM relations WHERE source_ref = ANY(?) AND type = ?")) {
                select.setArray(1, connection.createArrayOf("text", sourceRefs.toArray(String[]::new)));
                select.setString(2, type);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        targets.add(rs.getString(1));
                    }
                }
            }
        });
        return targets;
    }
}
