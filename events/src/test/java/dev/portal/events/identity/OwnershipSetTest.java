package dev.portal.events.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OwnershipSetTest {

    /** A catalog of users (ref → email) and direct memberships (member → groups). */
    private record Catalog(Map<String, String> users, Map<String, Set<String>> memberships) implements OwnershipDirectory {
        @Override
        public boolean userExists(String userRef) {
            return users.containsKey(userRef);
        }

        @Override
        public Set<String> usersWithEmail(String email) {
            Set<String> found = new HashSet<>();
            users.forEach((ref, mail) -> {
                if (mail.equalsIgnoreCase(email)) {
                    found.add(ref);
                }
            });
            return found;
        }

        @Override
        public Set<String> groupsOf(Set<String> memberRefs) {
            Set<String> groups = new HashSet<>();
            memberRefs.forEach(m -> groups.addAll(memberships.getOrDefault(m, Set.of())));
            return groups;
        }
    }

    private static final Catalog CATALOG = new Catalog(
            Map.of("user:default/dave", "Dave@Example.com", "user:default/alice", "alice@example.com",
                    "user:default/twin-1", "twin@example.com", "user:default/twin-2", "twin@example.com"),
            Map.of("user:default/dave", Set.of("group:default/sre"),
                    "group:default/sre", Set.of("group:default/platform"),
                    "group:default/platform", Set.of("group:default/engineering", "group:default/sre"),   // a cycle
                    "group:default/web", Set.of("group:default/engineering")));

    @Test
    void theUserNamedByTheTokenComesFirst() {
        CallerIdentity alice = CallerIdentity.of("Alice", "dave@example.com", Set.of(), Set.of());
        assertEquals("user:default/alice", OwnershipSet.userRef(alice, CATALOG));
    }

    @Test
    void withoutThatUserTheOneWithTheTokensEmailIsTheCaller() {
        CallerIdentity dave = CallerIdentity.of("d.dubois", " DAVE@example.COM ", Set.of(), Set.of());
        assertEquals("dave@example.com", dave.email());
        OwnershipSet set = OwnershipSet.of(dave, CATALOG);
        assertEquals("user:default/dave", set.userRef());
        assertEquals(Set.of("user:default/dave", "group:default/sre", "group:default/platform", "group:default/engineering"),
                set.refs());
        assertTrue(set.contains("Group:default/Platform"));
        assertFalse(set.contains("user:default/d.dubois"));
        CallerIdentity resolved = OwnershipSet.resolve(dave, CATALOG);
        assertEquals("user:default/dave", resolved.userRef().canonical());
        assertEquals("d.dubois", resolved.username());
    }

    @Test
    void noMatchOrTwoMatchesLeaveTheUsernamesRef() {
        assertEquals("user:default/nobody",
                OwnershipSet.userRef(CallerIdentity.of("nobody", "nobody@example.com", Set.of(), Set.of()), CATALOG));
        assertEquals("user:default/twin",
                OwnershipSet.userRef(CallerIdentity.of("twin", "twin@example.com", Set.of(), Set.of()), CATALOG));
        CallerIdentity noEmail = CallerIdentity.of("d.dubois", "", Set.of(), Set.of());
        assertNull(noEmail.email());
        assertEquals("user:default/d.dubois", OwnershipSet.userRef(noEmail, CATALOG));
    }

    @Test
    void tokenGroupsCountWithTheirParentsAndFullPathsAreReducedToTheirNames() {
        CallerIdentity carol = CallerIdentity.of("carol", null, Set.of("/org/web", "team:web"), Set.of());
        assertEquals(Set.of("user:default/carol", "group:default/web", "group:default/engineering"),
                OwnershipSet.of(carol, CATALOG).refs());
    }
}
