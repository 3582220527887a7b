package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * viewer for alice, bob and carol against the real services and demo catalog: their User entity, groups
 * (transitively), their different ownership and the real scorecards of what they own; and for ddubois, whose User
 * entity is found by his token's email.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ViewerTest {

    private static final String VIEWER = "{ viewer { username userRef roles user { ref ... on User { profile { email } } }"
            + " memberOf { ref } ownershipRefs owned { ref kind } ownedByKind { kind count entities { ref } }"
            + " scorecardSummary { scorecardId title entities failingChecks levels { level count } }"
            + " failingChecks { entityRef entity { ref } scorecardId checkId title remediation } } }";

    @Test
    void aliceOwnsThePlatformTeamsThings() {
        JsonNode v = Gql.data("alice", VIEWER).get("viewer");
        assertEquals("user:default/alice", v.at("/user/ref").asText());
        assertEquals("alice@example.com", v.at("/user/profile/email").asText());
        assertEquals(Set.of("group:default/platform-team", "group:default/engineering"), refs(v.get("memberOf")));
        Set<String> owned = refs(v.get("owned"));
        assertTrue(owned.contains("system:default/identity"), owned.toString());
        assertTrue(owned.contains("component:default/auth-service"), owned.toString());
        assertFalse(owned.contains("system:default/payments"), owned.toString());
        assertFalse(owned.contains("system:default/storefront"), owned.toString());
        assertTrue(v.get("roles").toString().contains("portal-admin"));
    }

    @Test
    void bobOwnsPaymentsOnly() {
        JsonNode v = Gql.data("bob", VIEWER).get("viewer");
        assertEquals("user:default/bob", v.get("userRef").asText());
        assertEquals(Set.of("group:default/payments-team", "group:default/engineering"), refs(v.get("memberOf")));
        assertTrue(v.get("ownershipRefs").toString().contains("user:default/bob"));
        Set<String> owned = refs(v.get("owned"));
        assertTrue(owned.containsAll(Set.of("system:default/payments", "component:default/ledger-service", "api:default/payments-api")), owned.toString());
        assertFalse(owned.contains("system:default/storefront"), owned.toString());
        assertFalse(owned.contains("system:default/identity"), owned.toString());
        int sum = 0;
        for (JsonNode k : v.get("ownedByKind")) {
            assertEquals(k.get("count").asInt(), k.get("entities").size());
            sum += k.get("count").asInt();
        }
        assertEquals(owned.size(), sum);
        // the real scorecards: production-readiness scores bob's components and APIs
        long scored = 0;
        for (JsonNode e : v.get("owned")) {
            scored += Set.of("Component", "API").contains(e.get("kind").asText()) ? 1 : 0;
        }
        JsonNode summary = v.at("/scorecardSummary/0");
        assertEquals(1, v.get("scorecardSummary").size(), v.get("scorecardSummary").toString());
        assertEquals("production-readiness", summary.get("scorecardId").asText());
        assertEquals(scored, summary.get("entities").asInt(), summary.toString());
        int perLevel = 0;
        for (JsonNode level : summary.get("levels")) {
            perLevel += level.get("count").asInt();
        }
        assertTrue(perLevel <= scored, summary.toString()); // an entity failing Bronze has no level
        assertEquals(v.get("failingChecks").size(), summary.get("failingChecks").asInt());
        // ledger-service has no docs: its failing check needs bob's attention, with the fix
        Set<String> failing = new HashSet<>();
        for (JsonNode f : v.get("failingChecks")) {
            failing.add(f.get("entityRef").asText() + " " + f.get("checkId").asText());
            assertEquals(f.get("entityRef").asText(), f.at("/entity/ref").asText());
            assertTrue(owned.contains(f.get("entityRef").asText()), f.toString());
            assertFalse(f.get("remediation").asText().isBlank(), f.toString());
        }
        assertTrue(failing.contains("component:default/ledger-service techdocs-built"), failing.toString());
        assertFalse(failing.contains("component:default/payments-api-service techdocs-built"), failing.toString());
    }

    @Test
    void carolOwnsWhatBothHerTeamsOwn() {
        JsonNode v = Gql.data("carol", VIEWER).get("viewer");
        assertEquals(Set.of("group:default/web-team", "group:default/payments-team", "group:default/engineering"), refs(v.get("memberOf")));
        Set<String> owned = refs(v.get("owned"));
        assertTrue(owned.containsAll(Set.of("system:default/payments", "system:default/storefront")), owned.toString());
        assertFalse(owned.contains("system:default/identity"), owned.toString());
        JsonNode systems = Gql.data("carol", "{ viewer { owned(kind: \"system\") { ref } } }").at("/viewer/owned");
        assertEquals(Set.of("system:default/payments", "system:default/storefront"), refs(systems));
    }

    /**
     * design.md's fallback: Keycloak's ddubois has no User entity of his name, but his token's email (dave@example.com)
     * is dave's, so the viewer is dave, with dave's groups and what they own; the username stays the token's.
     */
    @Test
    void ddboisWithoutAUserOfHisNameIsTheUserWithHisEmail() {
        JsonNode v = Gql.data("ddubois", VIEWER).get("viewer");
        assertEquals("ddubois", v.get("username").asText());
        assertEquals("user:default/dave", v.get("userRef").asText());
        assertEquals("user:default/dave", v.at("/user/ref").asText());
        assertEquals("dave@example.com", v.at("/user/profile/email").asText());
        assertEquals(Set.of("group:default/platform-team", "group:default/engineering"), refs(v.get("memberOf")));
        assertTrue(v.get("ownershipRefs").toString().contains("user:default/dave"), v.get("ownershipRefs").toString());
        assertFalse(v.get("ownershipRefs").toString().contains("ddubois"), v.get("ownershipRefs").toString());
        // dave owns nothing himself: what platform-team owns, as for alice (in the same team)
        Set<String> owned = refs(v.get("owned"));
        assertTrue(owned.containsAll(Set.of("system:default/identity", "component:default/auth-service")), owned.toString());
        assertFalse(owned.contains("system:default/payments"), owned.toString());
        assertEquals(refs(Gql.data("alice", "{ viewer { owned { ref } } }").at("/viewer/owned")), owned);
        assertFalse(v.get("scorecardSummary").isEmpty(), v.toString());
        for (JsonNode f : v.get("failingChecks")) {
            assertTrue(owned.contains(f.get("entityRef").asText()), f.toString());
        }
    }

    @Test
    void aUsersOwnershipThroughTheirGroupsIsOnTheUserAsTheViewerCountsIt() {
        JsonNode carol = Gql.data("bob", "{ entity(ref: \"user:default/carol\") { ... on User { owns { ref } ownsThroughGroups { ref } } } }")
                .get("entity");
        Set<String> direct = refs(carol.get("owns"));
        Set<String> throughGroups = refs(carol.get("ownsThroughGroups"));
        // storefront is web-team's and payments is payments-team's: carol's through her groups, not hers directly
        assertTrue(throughGroups.containsAll(Set.of("system:default/payments", "system:default/storefront")), throughGroups.toString());
        assertFalse(direct.contains("system:default/storefront"), direct.toString());
        assertFalse(direct.contains("system:default/payments"), direct.toString());
        assertFalse(throughGroups.contains("system:default/identity"), throughGroups.toString());
        // together, exactly what carol's viewer owns
        Set<String> both = new HashSet<>(direct);
        both.addAll(throughGroups);
        assertEquals(refs(Gql.data("carol", "{ viewer { owned { ref } } }").at("/viewer/owned")), both);

        // batched over the users of a level: each gets their own groups' things
        JsonNode users = Gql.data("carol", "{ entities(filter: [\"kind=user\"], first: 50) { edges { node { ref"
                + " ... on User { ownsThroughGroups { ref } } } } } }").at("/entities/edges");
        int seen = 0;
        for (JsonNode edge : users) {
            Set<String> owned = refs(edge.at("/node/ownsThroughGroups"));
            switch (edge.at("/node/ref").asText()) {
                case "user:default/alice" -> {
                    seen++;
                    assertTrue(owned.contains("system:default/identity") && !owned.contains("system:default/payments"), owned.toString());
                }
                case "user:default/bob" -> {
                    seen++;
                    assertTrue(owned.contains("system:default/payments") && !owned.contains("system:default/storefront"), owned.toString());
                }
                case "user:default/carol" -> {
                    seen++;
                    assertEquals(throughGroups, owned);
                }
                default -> { }
            }
        }
        assertEquals(3, seen, users.toString());
    }

    static Set<String> refs(JsonNode list) {
        Set<String> refs = new HashSet<>();
        list.forEach(n -> refs.add(n.get("ref").asText()));
        return refs;
    }

}
