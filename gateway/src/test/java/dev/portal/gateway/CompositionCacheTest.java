package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.Await;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.events.Json;
import dev.portal.gateway.api.CompositionCache;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.Metrics;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * TechDocs' and the scorecards' answers are kept by the gateway until their change topics name the entity again: a
 * repeat page asks neither service, and a change made at a service (not through the gateway) still reaches the page.
 * The answers are kept for minutes otherwise, so only an invalidation can make these tests pass within their waits.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CompositionCacheTest {

    static final String SCORECARDS = "query($ref: String!) { entity(ref: $ref) { scorecards { id level checks { id status } } } }";
    static final String DOCS = "query($ref: String!) { entity(ref: $ref) { docs { hasDocs status pageCount nav { title } } } }";

    @Inject
    CompositionCache cache;

    @Test
    void aRepeatPageAsksNeitherTechDocsNorTheScorecards() {
        String ref = "component:default/payments-api-service";
        JsonNode first = Gql.data("bob", CompositionTest.PAGE, Map.of("ref", ref)).get("entity");
        long docs = Metrics.downstreamCalls("techdocs");
        long scorecards = Metrics.downstreamCalls("scorecard");
        JsonNode again = Gql.data("bob", CompositionTest.PAGE, Map.of("ref", ref)).get("entity");
        assertEquals(docs + 1, Metrics.downstreamCalls("techdocs"), "only the docs page itself (page(path:)) is read again");
        assertEquals(scorecards, Metrics.downstreamCalls("scorecard"));
        assertEquals(first.get("docs"), again.get("docs"));
        assertEquals(first.get("scorecards"), again.get("scorecards"));
        assertEquals("built", again.at("/docs/status").asText());
        assertTrue(cache.docs().live() && cache.scorecards().live(), "the caches follow their topics");
    }

    @Test
    void aScorecardChangeMadeAtTheServiceReachesThePageThroughItsTopic() {
        String ref = "component:default/ledger-service";
        assertEquals("fail", check(Gql.data("bob", SCORECARDS, Map.of("ref", ref)), "techdocs-built"));
        long calls = Metrics.downstreamCalls("scorecard");
        assertEquals("fail", check(Gql.data("bob", SCORECARDS, Map.of("ref", ref)), "techdocs-built"));
        assertEquals(calls, Metrics.downstreamCalls("scorecard"), "the answer is kept");

        // bob exempts it at the scorecard service itself: the gateway hears of it only from portal.scorecard.changes
        String exemptions = services().url(Service.SCORECARD) + "/api/scorecards/exemptions";
        JsonNode exemption = services().send("POST", exemptions, "bob", Map.of("entityRef", ref, "checkId", "techdocs-built",
                "justification", "docs live in the wiki", "expiresAt", "2030-01-01T00:00:00Z"), 201);
        try {
            Await.until(ref + "'s techdocs-built check exempt on the page",
                    () -> check(Gql.data("bob", SCORECARDS, Map.of("ref", ref)), "techdocs-built"), "exempt"::equals);
        } finally {
            services().send("DELETE", exemptions + "/" + exemption.get("id").asText(), "bob", null, 204);
        }
        Await.until(ref + "'s techdocs-built check failing again on the page",
                () -> check(Gql.data("bob", SCORECARDS, Map.of("ref", ref)), "techdocs-built"), "fail"::equals);
    }

    @Test
    void docsBuiltAfterTheFirstReadReachThePageThroughTheirTopic() {
        // a new component with docs (deploy/demo's payments-api-service sources), written straight into the catalog
        String name = "docs-probe-" + System.nanoTime();
        String ref = "component:default/" + name;
        String location = RealServices.rootOf().resolve("deploy/demo/systems/payments/payments-api-service/catalog-info.yaml")
                .toAbsolutePath().toString();
        ObjectNode entity = Json.mapper().createObjectNode().put("apiVersion", "backstage.io/v1alpha1").put("kind", "Component");
        entity.putObject("metadata").put("name", name).putObject("annotations")
                .put("backstage.io/techdocs-ref", "dir:.").put("backstage.io/managed-by-location", "file:" + location);
        entity.putObject("spec").put("type", "service").put("lifecycle", "experimental").put("owner", "group:default/payments");
        services().send("POST", services().url(Service.CATALOG) + "/api/catalog/admin/entities", "alice", List.of(entity), 200);
        try {
            JsonNode before = Await.until(ref + " in the gateway", () -> Gql.data("bob", DOCS, Map.of("ref", ref)).get("entity"),
                    e -> !e.isNull());
            JsonNode built = Await.until(ref + "'s docs built on the page", () -> Gql.data("bob", DOCS, Map.of("ref", ref))
                    .at("/entity/docs"), d -> "built".equals(d.get("status").asText()));
            assertTrue(built.get("pageCount").asInt() >= 4 && built.get("nav").size() > 0, before + " then " + built);
            long calls = Metrics.downstreamCalls("techdocs");
            assertEquals(built, Gql.data("bob", DOCS, Map.of("ref", ref)).at("/entity/docs"));
            assertEquals(calls, Metrics.downstreamCalls("techdocs"), "the built answer is kept");
        } finally {
            String uid = services().get(services().url(Service.CATALOG) + "/api/catalog/entities/by-name/component/default/" + name)
                    .at("/metadata/uid").asText();
            services().send("DELETE", services().url(Service.CATALOG) + "/api/catalog/entities/by-uid/" + uid, "alice", null, 204);
        }
        Await.until(ref + " gone from the gateway", () -> Gql.data("bob", DOCS, Map.of("ref", ref)).get("entity"), JsonNode::isNull);
    }

    private static String check(JsonNode data, String checkId) {
        for (JsonNode check : data.at("/entity/scorecards/0/checks")) {
            if (checkId.equals(check.get("id").asText())) {
                return check.get("status").asText();
            }
        }
        return "";
    }

    private static RealServices services() {
        return RealServices.current;
    }
}
