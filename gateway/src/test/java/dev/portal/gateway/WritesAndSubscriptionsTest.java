package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.GraphQLWebSocket;
import dev.portal.devstack.Await;
import dev.portal.gateway.support.CatalogFileServer;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Mutations against the real catalog and scorecard services (their ownership rules, through the caller's token) and
 * the entityChanged subscription fed by the catalog's changes.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class WritesAndSubscriptionsTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    static String component(String name, String title) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\n  title: " + title
                + "\nspec:\n  type: service\n  lifecycle: experimental\n  owner: payments-team\n";
    }

    @Test
    void registerIsSeenBySubscribersAndOnlyTheRegistrantMayUnregister() throws Exception {
        String name = "gw-test-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        try (CatalogFileServer files = new CatalogFileServer();
             GraphQLWebSocket ws = new GraphQLWebSocket(graphql, "bob");
             GraphQLWebSocket byFilter = new GraphQLWebSocket(graphql, "carol")) {
            ws.subscribe("1", "subscription { entityChanged(ref: \"" + ref + "\") { type ref entity { title ... on Component { owner { ref } } } } }");
            byFilter.subscribe("2", "subscription { entityChanged(filter: {kinds: [\"Component\"], owner: \"payments-team\"}) { type ref } }");
            String path = "/" + name + ".yaml";
            String url = files.serve(path, component(name, "Gateway test 0"));

            JsonNode registered = Gql.data("bob", "mutation($t: String!) { registerLocation(target: $t) { location { id type target } entities { ref } } }",
                    Map.of("t", url)).get("registerLocation");
            String locationId = registered.at("/location/id").asText();
            assertTrue(registered.get("entities").toString().contains("\"" + ref + "\""), registered.toString());

            // graphql-transport-ws does not acknowledge a subscribe, so a subscription may start after the first
            // change: edit the file and refresh the entity until each subscriber has seen a change
            int[] edits = {0};
            Runnable edit = () -> {
                files.serve(path, component(name, "Gateway test " + ++edits[0]));
                Gql.data("bob", "mutation { refreshEntity(ref: \"" + ref + "\") }");
            };
            JsonNode change = awaitChange(ws, ref, edit);
            assertTrue(change.at("/entity/title").asText().startsWith("Gateway test "), change.toString());
            assertEquals("group:default/payments-team", change.at("/entity/owner/ref").asText());
            assertEquals(ref, awaitChange(byFilter, ref, edit).get("ref").asText());

            // the entity as last changed is readable through the gateway (event-fed cache or catalog)
            String title = "Gateway test " + edits[0];
            Await.until(ref + " titled " + title, () -> Gql.data("bob", "{ entity(ref: \"" + ref + "\") { title } }")
                    .at("/entity/title").asText(), title::equals);

            // carol did not register it: the catalog refuses, the gateway says FORBIDDEN
            JsonNode denied = Gql.as("carol", "mutation($id: String!) { unregisterLocation(id: $id) }", Map.of("id", locationId));
            assertEquals("FORBIDDEN", denied.at("/errors/0/extensions/code").asText(), denied.toString());
            assertEquals("catalog", denied.at("/errors/0/extensions/service").asText(), denied.toString());
            assertFalse(Gql.data("bob", "{ entity(ref: \"" + ref + "\") { ref } }").get("entity").isNull());

            assertTrue(Gql.data("bob", "mutation($id: String!) { unregisterLocation(id: $id) }", Map.of("id", locationId))
                    .get("unregisterLocation").asBoolean());
            assertEquals(ref, ws.awaitChange(c -> ref.equals(c.path("ref").asText()) && "DELETED".equals(c.path("type").asText()),
                    "DELETED of " + ref, Await.DEFAULT).get("ref").asText());
            // the subscription filtered by owner gets the deletion too (matched by the entity as it was last known)
            assertEquals(ref, byFilter.awaitChange(c -> ref.equals(c.path("ref").asText()) && "DELETED".equals(c.path("type").asText()),
                    "DELETED of " + ref + " by the owner filter", Await.DEFAULT).get("ref").asText());
        }
    }

    @Test
    void refreshAnEntity() {
        assertTrue(Gql.data("bob", "mutation { refreshEntity(ref: \"component:default/ledger-service\") }").get("refreshEntity").asBoolean());
        JsonNode missing = Gql.as("bob", "mutation { refreshEntity(ref: \"component:default/does-not-exist\") }");
        assertEquals("NOT_FOUND", missing.at("/errors/0/extensions/code").asText(), missing.toString());
    }

    @Test
    void exemptionsFollowTheScorecardServicesOwnershipDecision() {
        String create = "mutation($ref: String!) { createExemption(entityRef: $ref, checkId: \"techdocs-built\","
                + " justification: \"docs live in the wiki\", expiresAt: \"2030-01-01T00:00:00Z\") { id entityRef checkId createdBy } }";
        // cart-service is web-team's: bob is not a member, the scorecard service refuses
        JsonNode denied = Gql.as("bob", create, Map.of("ref", "component:default/cart-service"));
        assertEquals("FORBIDDEN", denied.at("/errors/0/extensions/code").asText(), denied.toString());
        assertEquals("scorecard", denied.at("/errors/0/extensions/service").asText());
        assertTrue(denied.at("/data/createExemption").isNull());

        // the gateway keeps ledger-service's failing check before the exemption
        Await.until("ledger-service's techdocs-built check to be scored as failing", () -> ledgerServiceDocsCheck(),
                c -> c != null && "fail".equals(c.get("status").asText()));

        JsonNode created = Gql.data("bob", create, Map.of("ref", "component:default/ledger-service")).get("createExemption");
        assertNotNull(created.get("id").asText());
        assertEquals("user:default/bob", created.get("createdBy").asText()); // the scorecard service read bob's token
        assertEquals("component:default/ledger-service", created.get("entityRef").asText());
        // the check is now exempt on the entity page at once (the service re-scores in the same transaction, and the
        // gateway forgets the scorecards it kept for the entity), and no longer fails for bob
        JsonNode check = ledgerServiceDocsCheck();
        assertEquals("exempt", check.get("status").asText(), check.toString());
        assertEquals(created.get("id").asText(), check.at("/exemption/id").asText());
        assertEquals("user:default/bob", check.at("/exemption/createdBy").asText());
        assertFalse(Gql.data("bob", "{ viewer { failingChecks { entityRef checkId } } }").at("/viewer/failingChecks").toString()
                .contains("{\"entityRef\":\"component:default/ledger-service\",\"checkId\":\"techdocs-built\"}"));
        assertTrue(Gql.data("bob", "mutation($id: String!) { removeExemption(id: $id) }", Map.of("id", created.get("id").asText()))
                .get("removeExemption").asBoolean());
        JsonNode removed = ledgerServiceDocsCheck(); // at once, not from what the gateway kept
        assertEquals("fail", removed.get("status").asText(), removed.toString());
        assertTrue(removed.get("exemption").isNull(), removed.toString());
        JsonNode again = Gql.as("bob", "mutation($id: String!) { removeExemption(id: $id) }", Map.of("id", created.get("id").asText()));
        assertEquals("NOT_FOUND", again.at("/errors/0/extensions/code").asText());
        Await.until("ledger-service's techdocs-built check to fail again", () -> Gql.data("bob",
                "{ viewer { failingChecks { entityRef checkId } } }").at("/viewer/failingChecks").toString(),
                failing -> failing.contains("{\"entityRef\":\"component:default/ledger-service\",\"checkId\":\"techdocs-built\"}"));
    }

    /** ledger-service's techdocs-built check on its entity page, as bob sees it (null while it is not scored). */
    private static JsonNode ledgerServiceDocsCheck() {
        JsonNode check = null;
        for (JsonNode c : Gql.data("bob", "{ entity(ref: \"component:default/ledger-service\") { scorecards { checks {"
                + " id status exemption { id justification createdBy } } } } }").at("/entity/scorecards/0/checks")) {
            check = "techdocs-built".equals(c.get("id").asText()) ? c : check;
        }
        return check;
    }

    /** The next CHANGED of {@code ref} on {@code ws}; runs {@code edit} each time none came for a few seconds. */
    private static JsonNode awaitChange(GraphQLWebSocket ws, String ref, Runnable edit) throws InterruptedException {
        long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
        while (true) {
            try {
                return ws.awaitChange(c -> ref.equals(c.path("ref").asText()) && "CHANGED".equals(c.path("type").asText()),
                        "CHANGED of " + ref, Duration.ofSeconds(3));
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                edit.run();
            }
        }
    }

}
