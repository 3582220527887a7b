package dev.portal.catalog.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.Set;

import dev.portal.catalog.relation.RelationRepository;
import dev.portal.events.EntityRef;
import dev.portal.events.identity.CallerIdentity;

/**
 * Who owns what (design.md "Identity and permissions"): a caller's ownership set is their User entity plus every
 * Group they belong to — from the token's groups and the catalog's memberOf relations — and, transitively, those
 * groups' parents. Writes need ownership of the target or the portal-admin role.
 */
@ApplicationScoped
public class Ownership {

    private final RelationRepository relations;

    public Ownership(RelationRepository relations) {
        this.relations = relations;
    }

    @Transactional
    public Set<String> ownershipRefs(CallerIdentity caller) {
        Set<String> refs = new HashSet<>();
        refs.add(caller.userRef().canonical());
        Set<String> groups = new HashSet<>();
        caller.groups().forEach(group -> groups.add(EntityRef.of("group", "default", group).canonical()));
        groups.addAll(relations.targets(Set.of(caller.userRef().canonical()), "memberOf"));
        Set<String> frontier = new HashSet<>(groups);
        while (!frontier.isEmpty()) {   // parents of groups, until no new ones appear (cycles end too)
            Set<String> parents = relations.targets(frontier, "childOf");
            parents.removeAll(groups);
            groups.addAll(parents);
            frontier = parents;
        }
        refs.addAll(groups);
        return refs;
    }

    /** Whether the caller may change the entity: an admin, or an owner of it. */
    @Transactional
    public boolean mayChange(CallerIdentity caller, String entityRef) {
        if (caller.isAdmin()) {
            return true;
        }
        Set<String> mine = ownershipRefs(caller);
        return mine.contains(entityRef) || relations.targets(Set.of(entityRef), "ownedBy").stream().anyMatch(mine::contains);
    }
}
