package dev.portal.techdocs.identity;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.OwnershipDirectory;
import dev.portal.events.identity.OwnershipSet;
import dev.portal.techdocs.site.SiteRepository;

/**
 * Who may sync or upload an entity's docs (design.md "Identity and permissions"): a portal-admin, or an owner — the
 * entity's owner (from {@code portal.entity.changes}) is in the caller's {@link OwnershipSet}: their User entity (by
 * name, else by email), their groups (token groups and memberOf relations) and, transitively, those groups' parents,
 * from the Users and memberships techdocs keeps.
 */
@ApplicationScoped
public class Ownership implements OwnershipDirectory {

    private final SiteRepository repository;

    public Ownership(SiteRepository repository) {
        this.repository = repository;
    }

    public OwnershipSet of(CallerIdentity caller) {
        return OwnershipSet.of(caller, this);
    }

    /** The caller as techdocs takes them: their User entity found by name, else by email. */
    public CallerIdentity resolve(CallerIdentity caller) {
        return OwnershipSet.resolve(caller, this);
    }

    public Set<String> ownershipRefs(CallerIdentity caller) {
        return of(caller).refs();
    }

    /** Whether the caller may change the docs of an entity owned by {@code ownerRef} (null: admins only). */
    public boolean mayChange(CallerIdentity caller, String ownerRef) {
        if (caller.isAdmin()) {
            return true;
        }
        return ownerRef != null && of(caller).contains(ownerRef);
    }

    @Override
    public boolean userExists(String userRef) {
        return repository.userExists(userRef);
    }

    @Override
    public Set<String> usersWithEmail(String email) {
        return repository.usersWithEmail(email);
    }

    @Override
    public Set<String> groupsOf(Set<String> memberRefs) {
        return repository.groupsOf(memberRefs);
    }
}
