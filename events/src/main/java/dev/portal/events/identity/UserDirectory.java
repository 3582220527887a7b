package dev.portal.events.identity;

import java.util.Set;

/** What a service knows of the catalog's User entities: enough to find which one a caller is. */
public interface UserDirectory {

    /** Whether the catalog has the User entity {@code userRef} (canonical: lower case, with kind and namespace). */
    boolean userExists(String userRef);

    /** Canonical refs of the User entities whose {@code spec.profile.email} is {@code email}, ignoring case. */
    Set<String> usersWithEmail(String email);
}
