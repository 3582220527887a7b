package dev.portal.techdocs.identity;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Set;

import dev.portal.events.EntityRef;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.techdocs.site.SiteRepository;

/**
 * Who may sync or upload an entity's docs (design.md "Identity and permissions"): a portal-admin, or an owner — the
 * entity's owner (from {@code portal.entity.changes}) is the caller's user ref, one of their groups (token groups and
 * memberOf relations) or, transitively, a parent of one of those groups.
 */
@ApplicationScoped
public class Ownership {

    private final SiteRepository repository;

    public Ownership(SiteRepository repository) {
        this.repository = repository;
    }

    public Set<String> ownershipRefs(CallerIdentity caller) {
        Set<String> refs = new HashSet<>();
        refs.add(caller.userRef().canonical());
        Set<String> groups = new HashSet<>();
        for (String group : caller.groups()) {
            try {
                groups.add(EntityRef.of("group", "default", group.startsWith("/") ? group.substring(group.lastIndexOf('/') + 1) : group).canonical());
            } catch (IllegalArgumentException ignored) {
                // not a group name that can be a ref
            }
        }
        groups.addAll(repository.groupsOf(Set.of(caller.userRef().canonical())));
        Set<String> frontier = new HashSet<>(groups);
        while (!frontier.isEmpty()) {
            Set<String> parents = new HashSet<>(repository.groupsOf(frontier));
            parents.removeAll(groups);
            groups.addAll(parents);
            frontier = parents;
        }
        refs.addAll(groups);
        return refs;
    }

    /** Whether the caller may change the docs of an entity owned by {@code ownerRef} (null: admins only). */
    public boolean mayChange(CallerIdentity caller, String ownerRef) {
        if (caller.isAdmin()) {
            return true;
        }
        return ownerRef != null && ownershipRefs(caller).contains(ownerRef);
    }
}
