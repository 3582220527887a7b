package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.hibernate.Session;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reads and writes entity rows; the filter queries live in {@code dev.portal.catalog.query}. */
@ApplicationScoped
public class EntityRepository implements PanacheRepositoryBase<EntityRecord, UUID> {

    public Optional<EntityRecord> findByRef(String canonicalRef) {
        return find("entityRef", canonicalRef).firstResultOptional();
    }

    /** Which of these refs exist. */
    public List<String> existingRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : getEntityManager()
                .createQuery("select e.entityRef from EntityRecord e where e.entityRef in ?1", String.class)
                .setParameter(1, canonicalRefs).getResultList();
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
     * another transaction holds, which are left out instead of waited for. Plain JDBC, no entity objects.
     */
    public List<StitchInput> lockFreeForStitch(Collection<String> canonicalRefs) {
        List<StitchInput> rows = new ArrayList<>();
        if (canonicalRefs.isEmpty()) {
            return rows;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT uid, entity_ref, raw, processing_errors, "
                    + "orphan, etag, generation FROM entities WHERE entity_ref = ANY(?) ORDER BY entity_ref "
                    + "FOR UPDATE SKIP LOCKED")) {
                select.setArray(1, connection.createArrayOf("text", canonicalRefs.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new StitchInput(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getLong(7)));
                    }
                }
            }
        });
        return rows;
    }

    /** Writes entities' new served forms, in the caller's transaction (their rows locked by it). */
    public void writeStitched(List<StitchOutput> stitched) {
        if (stitched.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
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

    /**
     * The rows of these refs, locked for update until the transaction ends: concurrent writers of one entity take
     * turns, so generations never collide and outbox rows of an entity are written in commit order. Locked in ref
     * order, so two writers of overlapping sets do not deadlock on each other's rows.
     */
    public List<EntityRecord> lockByRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of()
                : find("entityRef in ?1 order by entityRef", canonicalRefs).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
