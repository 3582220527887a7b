package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reads and writes entity rows; the filter queries live in {@code dev.portal.catalog.query}. */
@ApplicationScoped
public class EntityRepository implements PanacheRepositoryBase<EntityRecord, UUID> {

    public Optional<EntityRecord> findByRef(String canonicalRef) {
        return find("entityRef", canonicalRef).firstResultOptional();
    }

    /**
     * The rows of these refs, locked for update until the transaction ends: concurrent writers of one entity take
     * turns, so generations never collide and outbox rows of an entity are written in commit order. Locked in ref
     * order, so two writers of overlapping sets do not deadlock on each other's rows.
     */
    /** Which of these refs exist. */
    public List<String> existingRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : getEntityManager()
                .createQuery("select e.entityRef from EntityRecord e where e.entityRef in ?1", String.class)
                .setParameter(1, canonicalRefs).getResultList();
    }

    /** Like {@link #lockByRefs}, but leaves out rows another transaction holds instead of waiting for them. */
    public List<EntityRecord> lockFreeByRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of()
                : find("entityRef in ?1 order by entityRef", canonicalRefs).withLock(LockModeType.PESSIMISTIC_WRITE)
                        .withHint("jakarta.persistence.lock.timeout", -2).list(); // -2: SKIP LOCKED
    }

    public List<EntityRecord> lockByRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of()
                : find("entityRef in ?1 order by entityRef", canonicalRefs).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
