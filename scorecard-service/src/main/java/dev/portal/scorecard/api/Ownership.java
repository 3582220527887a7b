package dev.portal.scorecard.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

import dev.portal.events.EntityRef;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;

/**
 * design.md "Identity and permissions", decided from this service's own read model: the caller's ownership set is
 * their user ref, the token's groups and the user entity's memberOf groups, plus every parent of those groups
 * (childOf, transitively). An entity is the caller's when its owner is in that set.
 */
@ApplicationScoped
public class Ownership {

    private final Db db;

    public Ownership(Db db) {
        this.db = db;
    }

    public Set<String> ownershipRefs(CallerIdentity caller) {
        Set<String> refs = new HashSet<>();
        refs.add(caller.userRef().canonical());
        Set<String> groups = new HashSet<>();
        caller.groups().forEach(g -> groups.add(EntityRef.of("group", "default", g).canonical()));
        groups.addAll(targets(Set.of(caller.userRef().canonical()), "memberOf"));
        Set<String> frontier = new HashSet<>(groups);
        while (!frontier.isEmpty()) {
            Set<String> parents = targets(frontier, "childOf");
            parents.removeAll(groups);
            groups.addAll(parents);
            frontier = parents;
        }
        refs.addAll(groups);
        return refs;
    }

    /** The owner ref of an entity in the read model; null when unknown or unowned. */
    public String ownerOf(String entityRef) {
        return db.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT owner_ref FROM entity WHERE ref = ?")) {
                select.setString(1, entityRef);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
    }

    public boolean mayChange(CallerIdentity caller, String entityRef) {
        if (caller.isAdmin()) {
            return true;
        }
        Set<String> mine = ownershipRefs(caller);
        String owner = ownerOf(entityRef);
        return mine.contains(entityRef) || (owner != null && mine.contains(owner));
    }

    private Set<String> targets(Set<String> sources, String type) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT lower(r->>'targetRef') FROM entity, jsonb_array_elements(coalesce(body->'relations', '[]'::jsonb)) r
                    WHERE ref = ANY(?) AND r->>'type' = ?""")) {
                select.setArray(1, c.createArrayOf("text", ReadModel.array(sources)));
                select.setString(2, type);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(rows.getString(1));
                    }
                }
            }
            return out;
        });
    }
}
