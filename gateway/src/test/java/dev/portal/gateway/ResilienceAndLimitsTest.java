package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.Await;
import dev.portal.gateway.api.CompositionCache;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A page still answers with the real search and TechDocs services killed, or the scorecard service, (docs it read before are kept), naming what is missing; circuit breakers;
 * query limits.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResilienceAndLimitsTest {

    @Inject
    CompositionCache cache;

    static final String PAGE = "{ entity(ref: \"component:default/payments-api-service\") { ref title"
            + " ... on Component { owner { ref } system { ref } dependsOn { ref } }"
            + " docs { status nav { title } } scorecards { id level } integrations { id url } }"
            + " search(term: \"payments\") { totalCount } }";

    @Test
    void thePageAnswersWithSearchAndTechDocsDown() {
        PortalServices services = RealServices.current.services;
        assertFalse(Gql.as("bob", PAGE).has("errors"), "all up, the page is whole");
        services.kill(Service.SEARCH);
        services.kill(Service.TECHDOCS);
        try {
            // docs read before are kept (TechDocs, being down, publishes no change that could make them stale)
            JsonNode kept = Gql.as("bob", PAGE);
            assertEquals("built", kept.at("/data/entity/docs/status").asText(), kept.toString());
            assertEquals(1, kept.get("errors").size(), kept.toString());
            assertEquals("search", kept.at("/errors/0/extensions/service").asText(), kept.toString());

            // docs not kept yet (here: forgotten) are missing, and named so
            cache.docs().invalidateAll();
            JsonNode r = Gql.as("bob", PAGE);
            JsonNode e = catalogPartsOfThePage(r);
            assertEquals("production-readiness", e.at("/scorecards/0/id").asText());
            assertTrue(e.get("integrations").size() > 0);
            assertTrue(e.get("docs").isNull());
            assertTrue(r.at("/data/search").isNull());
            Map<String, JsonNode> errorsByPath = new HashMap<>();
            r.get("errors").forEach(err -> errorsByPath.put(err.get("path").toString(), err));
            JsonNode docsError = errorsByPath.get("[\"entity\",\"docs\"]");
            assertEquals("SERVICE_UNAVAILABLE", docsError.at("/extensions/code").asText(), r.toString());
            assertEquals("techdocs", docsError.at("/extensions/service").asText());
            JsonNode searchError = errorsByPath.get("[\"search\"]");
            assertEquals("search", searchError.at("/extensions/service").asText(), r.toString());
            assertEquals(2, r.get("errors").size(), r.toString());

            // after repeated failures the breaker opens: calls fail fast without reaching the service
            String message = "";
            for (int i = 0; i < 8 && !message.contains("circuit breaker open"); i++) {
                message = Gql.as("bob", "{ entity(ref: \"component:default/payments-api-service\") { docs { status } } }")
                        .at("/errors/0/message").asText();
            }
            assertTrue(message.contains("circuit breaker open"), message);
        } finally {
            services.restart(Service.SEARCH, Service.TECHDOCS); // so later tests have them
        }
        // and closes again once the service answers (after the open interval, 1 s in tests)
        JsonNode back = Await.until("the whole page with search and TechDocs back", () -> Gql.as("bob", PAGE),
                r -> !r.has("errors"));
        assertEquals("built", back.at("/data/entity/docs/status").asText());
        assertTrue(back.at("/data/search/totalCount").asInt() > 0, back.toString());
    }

    @Test
    void thePageAnswersWithScorecardsDown() {
        PortalServices services = RealServices.current.services;
        Await.until("the whole page", () -> Gql.as("bob", PAGE),
                r -> !r.has("errors") && "built".equals(r.at("/data/entity/docs/status").asText()));
        services.kill(Service.SCORECARD);
        try {
            cache.scorecards().invalidateAll(); // scorecards read before would be kept, as docs are
            JsonNode r = Gql.as("bob", PAGE);
            JsonNode e = catalogPartsOfThePage(r);
            assertEquals("built", e.at("/docs/status").asText(), r.toString());
            assertTrue(e.get("integrations").size() > 0);
            assertTrue(r.at("/data/search/totalCount").isNumber(), r.toString());
            assertTrue(e.get("scorecards").isNull(), r.toString());
            assertEquals(1, r.get("errors").size(), r.toString());
            JsonNode error = r.at("/errors/0");
            assertEquals("[\"entity\",\"scorecards\"]", error.get("path").toString(), r.toString());
            assertEquals("SERVICE_UNAVAILABLE", error.at("/extensions/code").asText(), r.toString());
            assertEquals("scorecard", error.at("/extensions/service").asText(), r.toString());
        } finally {
            services.restart(Service.SCORECARD); // so later tests have it
        }
        JsonNode back = Await.until("the whole page with scorecards back", () -> Gql.as("bob", PAGE), r -> !r.has("errors"));
        assertEquals("production-readiness", back.at("/data/entity/scorecards/0/id").asText(), back.toString());
    }

    /** The page's entity, asserting the parts only the catalog serves are all there. */
    private static JsonNode catalogPartsOfThePage(JsonNode r) {
        JsonNode e = r.at("/data/entity");
        assertEquals("component:default/payments-api-service", e.get("ref").asText(), r.toString());
        assertEquals("group:default/payments-team", e.at("/owner/ref").asText());
        assertEquals("system:default/payments", e.at("/system/ref").asText());
        assertTrue(e.get("dependsOn").size() > 0, e.toString());
        return e;
    }

    @Test
    void tooDeepQueriesAreRefused() {
        StringBuilder q = new StringBuilder("{ entity(ref: \"component:default/ledger-service\") { ");
        for (int i = 0; i < 14; i++) {
            q.append("relations { target { ");
        }
        q.append("ref");
        q.append(" } }".repeat(14)).append(" } }");
        for (int attempt = 0; attempt < 2; attempt++) { // the second time from the limits' memory of the query
            JsonNode r = Gql.as("bob", q.toString());
            assertTrue(r.at("/data/entity").isMissingNode() || r.at("/data/entity").isNull(), r.toString());
            assertTrue(r.at("/errors/0/message").asText().toLowerCase().contains("depth"), r.toString());
        }
        // with @skip the depth follows the variables: skipped, the deep part does not count
        String deep = "relations { target { ".repeat(14) + "ref" + " } }".repeat(14);
        String skippable = "query($skip: Boolean!) { entity(ref: \"component:default/ledger-service\") { ref"
                + " ... @skip(if: $skip) { " + deep + " } } }";
        assertFalse(Gql.as("bob", skippable, Map.of("skip", true)).has("errors"));
        assertTrue(Gql.as("bob", skippable, Map.of("skip", false)).at("/errors/0/message").asText().contains("depth"));
    }

    @Test
    void tooComplexQueriesAreRefused() {
        StringBuilder q = new StringBuilder("{ ");
        for (int i = 0; i < 400; i++) {
            q.append("e").append(i).append(": entity(ref: \"user:default/bob\") { ref name title } ");
        }
        q.append("}");
        JsonNode r = Gql.as("bob", q.toString());
        assertTrue(r.at("/errors/0/message").asText().toLowerCase().contains("complexity"), r.toString());
        assertTrue(r.path("data").isMissingNode() || r.path("data").isNull() || r.path("data").isEmpty(), r.toString());
        // a normal page is well within the limits
        assertFalse(Gql.as("bob", "{ entity(ref: \"user:default/bob\") { ref } }").has("errors"));
    }
}
