package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.GraphQLWebSocket;
import dev.portal.gateway.support.CatalogFileServer;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.ServiceProcesses;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Mutations (the services' ownership rules, through the caller's token) and the entityChanged subscription. */
@QuarkusTest
@WithTestResource(value = ServiceProcesses.class, scope = TestResourceScope.MATCHING_RESOURCES)
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
            Thread.sleep(500); // let the subscriptions start before the change
            String url = files.serve("/" + name + ".yaml", component(name, "Gateway test"));

            JsonNode registered = Gql.data("bob", "mutation($t: String!) { registerLocation(target: $t) { location { id type target } entities { ref } } }",
                    Map.of("t", url)).get("registerLocation");
            String locationId = registered.at("/location/id").asText();
            assertTrue(registered.get("entities").toString().contains("\"" + ref + "\""), registered.toString());

            JsonNode change = awaitChange(ws, ref, "CHANGED");
            assertEquals("Gateway test", change.at("/entity/title").asText(), change.toString());
            assertEquals("group:default/payments-team", change.at("/entity/owner/ref").asText());
            assertEquals(ref, awaitChange(byFilter, ref, "CHANGED").get("ref").asText());

            // the new entity is readable through the gateway (event-fed cache or catalog)
            assertEquals("Gateway test", Gql.data("bob", "{ entity(ref: \"" + ref + "\") { title } }").at("/entity/title").asText());

            // carol did not register it: the catalog refuses, the gateway says FORBIDDEN
            JsonNode denied = Gql.as("carol", "mutation($id: String!) { unregisterLocation(id: $id) }", Map.of("id", locationId));
            assertEquals("FORBIDDEN", denied.at("/errors/0/extensions/code").asText(), denied.toString());
            assertEquals("catalog", denied.at("/errors/0/extensions/service").asText(), denied.toString());
            assertFalse(Gql.data("bob", "{ entity(ref: \"" + ref + "\") { ref } }").get("entity").isNull());

            assertTrue(Gql.data("bob", "mutation($id: String!) { unregisterLocation(id: $id) }", Map.of("id", locationId))
                    .get("unregisterLocation").asBoolean());
            assertEquals(ref, awaitChange(ws, ref, "DELETED").get("ref").asText());
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
        String create = "mutation($ref: String!) { createExemption(entityRef: $ref, checkId: \"has-runbook\","
                + " justification: \"runbook lives in the wiki\", expiresAt: \"2027-01-01T00:00:00Z\") { id entityRef checkId createdBy } }";
        JsonNode denied = Gql.as("bob", create, Map.of("ref", "system:default/storefront"));
        assertEquals("FORBIDDEN", denied.at("/errors/0/extensions/code").asText(), denied.toString());
        assertEquals("scorecard", denied.at("/errors/0/extensions/service").asText());
        assertTrue(denied.at("/data/createExemption").isNull());

        JsonNode created = Gql.data("bob", create, Map.of("ref", "component:default/ledger-service")).get("createExemption");
        assertNotNull(created.get("id").asText());
        assertEquals("user:default/bob", created.get("createdBy").asText());
        assertTrue(Gql.data("bob", "mutation($id: String!) { removeExemption(id: $id) }", Map.of("id", created.get("id").asText()))
                .get("removeExemption").asBoolean());
        JsonNode again = Gql.as("bob", "mutation($id: String!) { removeExemption(id: $id) }", Map.of("id", created.get("id").asText()));
        assertEquals("NOT_FOUND", again.at("/errors/0/extensions/code").asText());
    }

    private static JsonNode awaitChange(GraphQLWebSocket ws, String ref, String type) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode message = ws.next(60);
            if (message == null) {
                break;
            }
            if ("error".equals(message.path("type").asText())) {
                throw new AssertionError("subscription error: " + message);
            }
            JsonNode change = message.at("/payload/data/entityChanged");
            if (ref.equals(change.path("ref").asText()) && type.equals(change.path("type").asText())) {
                return change;
            }
        }
        throw new AssertionError("no " + type + " of " + ref + " arrived");
    }

}
