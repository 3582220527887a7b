package dev.portal.catalog.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.portal.catalog.entity.EntityRepository;
import dev.portal.catalog.relation.RelationRepository;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.OwnershipDirectory;
import dev.portal.events.identity.OwnershipSet;

/**
 * Who owns what (design.md "Identity and permissions"), decided by {@link OwnershipSet} from the catalog itself: the
 * caller's User entity (by name, else by email), their groups from the token and memberOf relations, and those
 * groups' parents. Writes need ownership of the target or the portal-admin role.
 */
@ApplicationScoped
public class Ownership implements OwnershipDirectory {

    private final RelationRepository relations;
    private final EntityRepository entities;

    public Ownership(RelationRepository relations, EntityRepository entities) {
        this.relations = relations;
        this.entities = entities;
    }

    @Transactional
    public OwnershipSet of(CallerIdentity caller) {
        return OwnershipSet.of(caller, this);
    }

    /** The caller as the catalog knows them: their User entity found by name, else by email. */
    @Transactional
    public CallerIdentity resolve(CallerIdentity caller) {
        return OwnershipSet.resolve(caller, this);
    }

    /** Whether the caller may change the entity: an admin, or an owner of it. */
    @Transactional
    public boolean mayChange(CallerIdentity caller, String entityRef) {
        if (caller.isAdmin()) {
            return true;
        }
        OwnershipSet mine = of(caller);
        return mine.contains(entityRef) || relations.targets(Set.of(entityRef), "ownedBy").stream().anyMatch(mine::contains);
    }

    @Override
    public boolean userExists(String userRef) {
        return !entities.existingRefs(List.of(userRef)).isEmpty();
    }

    @Override
    public Set<String> usersWithEmail(String email) {
        return new HashSet<>(entities.usersWithEmail(email));
    }

    @Override
    public Set<String> groupsOf(Set<String> memberRefs) {
        Set<String> groups = relations.targets(memberRefs, "memberOf");
        groups.addAll(relations.targets(memberRefs, "childOf"));
        return groups;
    }
}
