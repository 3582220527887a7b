package dev.portal.events.identity;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.portal.events.EntityRef;

/**
 * A caller's ownership set (design.md "Identity and permissions"), decided the same way by every service from its own
 * {@link OwnershipDirectory}: their User entity plus every Group they are in — the token's groups and the catalog's
 * memberships — and, transitively, those groups' parents. An entity is the caller's when it or its owner is in it.
 */
public record OwnershipSet(String userRef, Set<String> refs) {

    public OwnershipSet {
        refs = Set.copyOf(refs);
    }

    public static OwnershipSet of(CallerIdentity caller, OwnershipDirectory directory) {
        String user = userRef(caller, directory);
        Set<String> groups = new HashSet<>();
        for (String group : caller.groups()) {
            String name = group.substring(group.lastIndexOf('/') + 1);   // Keycloak may send a full path: /org/team
            try {
                groups.add(EntityRef.of("group", "default", name).canonical());
            } catch (IllegalArgumentException notAName) {
                // a token group no Group entity can be named after
            }
        }
        groups.addAll(directory.groupsOf(Set.of(user)));
        Set<String> frontier = new HashSet<>(groups);
        while (!frontier.isEmpty()) {   // parents of groups, until no new ones appear (cycles end too)
            Set<String> parents = new HashSet<>(directory.groupsOf(frontier));
            parents.removeAll(groups);
            groups.addAll(parents);
            frontier = parents;
        }
        Set<String> refs = new HashSet<>(groups);
        refs.add(user);
        return new OwnershipSet(user, refs);
    }

    /**
     * The User entity the caller is: {@code user:default/<preferred_username>} when the catalog has it, otherwise the
     * one User whose {@code spec.profile.email} is the token's email. Two Users with that email are ambiguous, so
     * neither is taken (as Backstage's sign-in resolvers refuse a lookup with several matches).
     */
    public static String userRef(CallerIdentity caller, UserDirectory directory) {
        String byName = caller.userRef().canonical();
        if (caller.email() == null || directory.userExists(byName)) {
            return byName;
        }
        Set<String> byEmail = directory.usersWithEmail(caller.email());
        return byEmail.size() == 1 ? byEmail.iterator().next().toLowerCase(Locale.ROOT) : byName;
    }

    /** The same caller, known as the User entity {@link #userRef} finds (what each service's whoami answers). */
    public static CallerIdentity resolve(CallerIdentity caller, UserDirectory directory) {
        return caller.as(EntityRef.parse(userRef(caller, directory)));
    }

    public boolean contains(String ref) {
        return ref != null && refs.contains(ref.toLowerCase(Locale.ROOT));
    }
}
