package dev.portal.events.identity;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dev.portal.events.EntityRef;

/**
 * Who is calling, as every service decides it (design.md "Identity and permissions"): the token's
 * {@code preferred_username} names the User entity {@code user:default/<username>}; {@code email} is the token's
 * email (null without one), which {@link OwnershipSet#userRef} falls back to when the catalog has no such User;
 * {@code groups} are the token's group names; {@code roles} its realm roles ({@code portal-admin} may change anything).
 */
public record CallerIdentity(String username, EntityRef userRef, String email, Set<String> groups, Set<String> roles) {

    public static final String ADMIN_ROLE = "portal-admin";

    public CallerIdentity {
        email = email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
        groups = Set.copyOf(new TreeSet<>(groups));
        roles = Set.copyOf(new TreeSet<>(roles));
    }

    public static CallerIdentity of(String preferredUsername, String email, Set<String> groups, Set<String> roles) {
        if (preferredUsername == null || preferredUsername.isBlank()) {
            throw new IllegalArgumentException("the token has no preferred_username");
        }
        String username = preferredUsername.toLowerCase(Locale.ROOT);
        return new CallerIdentity(username, EntityRef.of("user", "default", username), email, groups, roles);
    }

    /** The same caller, known as the User entity {@code user} (the one {@link OwnershipSet#userRef} found). */
    public CallerIdentity as(EntityRef user) {
        return new CallerIdentity(username, user, email, groups, roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }
}
