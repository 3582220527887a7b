package dev.portal.scorecard.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.OwnershipDirectory;
import dev.portal.events.identity.OwnershipSet;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;

/**
 * design.md "Identity and permissions", decided by {@link OwnershipSet} from this service's own read model (the
 * {@code entity} table fed from {@code portal.entity.changes}): the caller is their User entity — by
 * {@code preferred_username}, else the one User whose {@code spec.profile.email} is the token's email — and their
 * ownership set is that user ref, the token's groups and the user's memberOf groups, plus every parent of those groups
 * (childOf, transitively). An entity is the caller's when it or its owner is in that set.
 */
@ApplicationScoped
public class Ownership implements OwnershipDirectory {

    private final Db db;

    public Ownership(Db db) {
        this.db = db;
    }

    /** The caller's ownership set, with the User entity it was decided for. */
    public OwnershipSet ownershipSet(CallerIdentity caller) {
        return OwnershipSet.of(caller, this);
    }

    public Set<String> ownershipRefs(CallerIdentity caller) {
        return ownershipSet(caller).refs();
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
        OwnershipSet mine = ownershipSet(caller);
        String owner = ownerOf(entityRef);
        return mine.contains(entityRef) || mine.contains(owner);
    }

    /** Whether the read model has the entity. */
    public boolean exists(String entityRef) {
        return rowFor("SELECT 1 FROM entity WHERE ref = ?", entityRef);
    }

    @Override
    public boolean userExists(String userRef) {
        return rowFor("SELECT 1 FROM entity WHERE ref = ? AND kind = 'user'", userRef);
    }

    private boolean rowFor(String select, String ref) {
        return db.read(c -> {
            try (PreparedStatement statement = c.prepareStatement(select)) {
                statement.setString(1, ref);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public Set<String> usersWithEmail(String email) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            // the expression of the entity_user_email index (V3)
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT ref FROM entity
                    WHERE kind = 'user' AND lower(body->'spec'->'profile'->>'email') = lower(?)""")) {
                select.setString(1, email);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(rows.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Users' memberOf targets and groups' childOf targets, lower case. */
    @Override
    public Set<String> groupsOf(Set<String> memberRefs) {
        return db.read(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT lower(r->>'targetRef') FROM entity, jsonb_array_elements(coalesce(body->'relations', '[]'::jsonb)) r
                    WHERE ref = ANY(?) AND r->>'targetRef' IS NOT NULL
                      AND ((kind = 'user' AND r->>'type' = 'memberOf') OR (kind = 'group' AND r->>'type' = 'childOf'))""")) {
                select.setArray(1, c.createArrayOf("text", ReadModel.array(memberRefs)));
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
