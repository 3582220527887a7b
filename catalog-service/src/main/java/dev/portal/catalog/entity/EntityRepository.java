package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;

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

    public List<EntityRecord> findByRefs(Collection<String> canonicalRefs) {
        return canonicalRefs.isEmpty() ? List.of() : list("entityRef in ?1", canonicalRefs);
    }
}
