package dev.portal.e2e;

import static dev.portal.e2e.support.Http.enc;
import static dev.portal.e2e.support.Nodes.first;
import static dev.portal.e2e.support.Nodes.refs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.Await;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;

/**
 * Issue 10, first flow: from an empty stack, the demo catalog registered through the gateway reaches every view —
 * GraphQL, search, TechDocs (built, served, searchable), scorecards and each demo user's {@code viewer}.
 */
@Order(1)
@ExtendWith(E2eStack.Resolver.class)
class DemoCatalogIT {

    /** The demo components with TechDocs, and a heading of each one's home page. */
    private static final Map<String, String> DOCS = Map.of(
            "payments-api-service", "Payments API Service",
            "portal-backend", "Portal Backend",
            "storefront-web", "Storefront Web");

    private static E2eStack stack;
    private static Instant registeredAt;

    @BeforeAll
    static void registerTheDemoCatalogThroughTheGateway(E2eStack e2e) {
        stack = e2e;
        // Empty first, so everything below comes from this one registration.
        assertEquals(0, stack.data("alice", "{ entities(first: 1) { totalCount } }").at("/entities/totalCount").asInt(),
                "the isolated catalog should start empty");
        registeredAt = Instant.now();
        JsonNode response = stack.registerDemo();
        assertFalse(response.has("errors"), "registerLocation failed: " + response);
        JsonNode registration = response.at("/data/registerLocation");
        assertEquals("file", registration.at("/location/type").asText(), registration.toString());
        assertEquals(stack.demoRoot().toString(), registration.at("/location/target").asText());
        assertTrue(registration.get("entities").toString().contains("location:default/demo-root"), registration.toString());
    }

    @Test
    void everyDemoEntityIsQueryableThroughGraphQL() {
        int catalogTotal = catalogTotal();
        assertTrue(catalogTotal >= E2eStack.DEMO_ENTITIES, "catalog has " + catalogTotal);
        int total = Await.until("the gateway to count the catalog's " + catalogTotal + " entities",
                () -> stack.data("bob", "{ entities(first: 1) { totalCount } }").at("/entities/totalCount").asInt(),
                t -> t == catalogTotal);
        assertEquals(catalogTotal, total);

        JsonNode service = stack.data("bob", "{ entity(ref: \"component:default/payments-api-service\") { ref title"
                + " ... on Component { owner { ref } system { ref } providesApis { ref } } } }").get("entity");
        assertEquals("Payments API Service", service.get("title").asText(), service.toString());
        assertEquals("group:default/payments-team", service.at("/owner/ref").asText(), service.toString());
        assertEquals("system:default/payments", service.at("/system/ref").asText(), service.toString());
        JsonNode bob = stack.data("bob", "{ entity(ref: \"user:default/bob\") { ... on User { groups { ref } } } }");
        assertEquals(Set.of("group:default/payments-team"), refs(bob.at("/entity/groups")));
        printElapsed("GraphQL");
    }

    @Test
    void everyDemoEntityIsFoundBySearch() {
        int catalogTotal = catalogTotal();
        JsonNode all = Await.until("search to index all " + catalogTotal + " catalog entities",
                () -> search("types=software-catalog&pageLimit=1"),
                r -> r.path("numberOfResults").asInt() == catalogTotal);
        assertEquals(catalogTotal, all.path("numberOfResults").asInt());

        JsonNode ledger = stack.data("carol", "{ search(term: \"ledger\", types: [\"software-catalog\"]) {"
                + " edges { node { entityRef title entity { ref ... on Component { owner { ref } } } } } } }");
        JsonNode hit = first(ledger.at("/search/edges"), e -> "component:default/ledger-service".equals(e.at("/node/entityRef").asText()));
        assertEquals("group:default/payments-team", hit.at("/node/entity/owner/ref").asText(), hit.toString());
        printElapsed("search");
    }

    @Test
    void docsAreBuiltServedAndTheirPagesSearchable() {
        for (Map.Entry<String, String> docs : DOCS.entrySet()) {
            String name = docs.getKey();
            String ref = "component:default/" + name;
            JsonNode built = Await.until("the docs of " + ref + " to be built",
                    () -> stack.data("alice", "{ entity(ref: \"" + ref + "\") { docs { status pageCount page(path: \"\") { title html } } } }")
                            .at("/entity/docs"),
                    d -> "built".equals(d.path("status").asText()));
            int pages = built.get("pageCount").asInt();
            assertTrue(pages >= 1, built.toString());
            assertTrue(built.at("/page/html").asText().contains(docs.getValue()), built.toString());

            Http.Response page = Http.get("bob", stack.url(Service.TECHDOCS) + "/api/techdocs/static/docs/default/component/" + name + "/");
            assertEquals(200, page.status(), page.toString());
            assertTrue(page.body().contains(docs.getValue()), page.toString());

            JsonNode indexed = Await.until("search to index the " + pages + " docs pages of " + ref,
                    () -> search("types=techdocs&pageLimit=100&filters[entityRef]=" + enc(ref)),
                    r -> r.path("numberOfResults").asInt() == pages);
            assertEquals(pages, indexed.path("numberOfResults").asInt());
        }
        // A word of one page's text finds that page (and its entity) through the gateway.
        JsonNode idempotency = stack.data("bob", "{ search(term: \"Idempotency-Key\", types: [\"techdocs\"]) { edges { node { entityRef location } } } }");
        first(idempotency.at("/search/edges"), e -> "component:default/payments-api-service".equals(e.at("/node/entityRef").asText())
                && e.at("/node/location").asText().startsWith("/docs/default/component/payments-api-service/"));
        printElapsed("docs");
    }

    @Test
    void scorecardsAreComputedForEveryComponentAndApi() {
        JsonNode kinds = Http.get("alice", stack.url(Service.CATALOG) + "/api/catalog/entity-facets?facet=kind").json();
        int scored = 0;
        for (JsonNode k : kinds.at("/facets/kind")) {
            if (List.of("Component", "API").contains(k.get("value").asText())) {
                scored += k.get("count").asInt();
            }
        }
        int expected = scored;
        assertTrue(expected >= 20, kinds.toString());
        JsonNode summary = Await.until("production-readiness to score all " + expected + " components and APIs",
                () -> Http.get("alice", stack.url(Service.SCORECARD) + "/api/scorecards/production-readiness/summary").json(),
                s -> s.path("entities").asInt() == expected);
        assertEquals(expected, summary.path("entities").asInt());

        // Docs feed scorecards: payments-api-service's techdocs-built check passes once its docs are built.
        JsonNode card = Await.until("payments-api-service's scorecard to count its built docs",
                () -> productionReadiness("component:default/payments-api-service"),
                c -> "pass".equals(check(c, "techdocs-built").path("status").asText()));
        assertFalse(card.path("level").isNull(), card.toString());
        assertEquals("production-readiness", card.get("id").asText());
        printElapsed("scorecards");
    }

    @Test
    void viewerShowsEachDemoUserWhatTheyOwn() {
        Map<String, Set<String>> memberships = Map.of(
                "alice", Set.of("group:default/platform-team", "group:default/engineering"),
                "bob", Set.of("group:default/payments-team", "group:default/engineering"),
                "carol", Set.of("group:default/web-team", "group:default/payments-team", "group:default/engineering"));
        for (Map.Entry<String, Set<String>> user : memberships.entrySet()) {
            String username = user.getKey();
            Set<String> ownership = new TreeSet<>(user.getValue());
            ownership.add("user:default/" + username);
            Set<String> expected = ownedInCatalog(ownership);
            // Every Component and API they own is scored by production-readiness.
            long scorable = expected.stream().filter(r -> r.startsWith("component:") || r.startsWith("api:")).count();
            JsonNode viewer = Await.until(username + "'s viewer to show the " + expected.size() + " entities they own",
                    () -> stack.data(username, "{ viewer { userRef memberOf { ref } ownershipRefs owned { ref }"
                            + " scorecardSummary { scorecardId entities } } }").get("viewer"),
                    v -> refs(v.get("owned")).equals(expected) && readinessCount(v) == scorable);
            assertEquals("user:default/" + username, viewer.get("userRef").asText());
            assertEquals(user.getValue(), refs(viewer.get("memberOf")));
            assertEquals(expected, refs(viewer.get("owned")));
            assertEquals(scorable, readinessCount(viewer), viewer.toString());
        }
        Set<String> bobs = refs(stack.data("bob", "{ viewer { owned { ref } } }").at("/viewer/owned"));
        assertTrue(bobs.contains("component:default/ledger-service"), bobs.toString());
        assertFalse(bobs.contains("system:default/storefront"), bobs.toString());
        printElapsed("viewer");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /** Entities in the viewer's production-readiness summary; -1 while it has none. */
    private static long readinessCount(JsonNode viewer) {
        for (JsonNode s : viewer.path("scorecardSummary")) {
            if ("production-readiness".equals(s.path("scorecardId").asText())) {
                return s.path("entities").asLong();
            }
        }
        return -1;
    }

    private static int catalogTotal() {
        return Await.until("the catalog to hold the demo catalog",
                () -> Http.get("alice", stack.url(Service.CATALOG) + "/api/catalog/entities/by-query?limit=1").json()
                        .path("totalItems").asInt(),
                t -> t >= E2eStack.DEMO_ENTITIES);
    }

    /** What the catalog says the owners in {@code ownership} own (the ownedBy relation), as refs. */
    private static Set<String> ownedInCatalog(Set<String> ownership) {
        StringBuilder query = new StringBuilder("/api/catalog/entities?fields=kind,metadata.namespace,metadata.name");
        ownership.forEach(o -> query.append("&filter=relations.ownedBy=").append(enc(o)));
        Set<String> refs = new TreeSet<>();
        for (JsonNode e : Http.get("alice", stack.url(Service.CATALOG) + query).json()) {
            refs.add((e.get("kind").asText() + ":" + e.at("/metadata/namespace").asText() + "/" + e.at("/metadata/name").asText())
                    .toLowerCase(Locale.ROOT));
        }
        return refs;
    }

    private static JsonNode search(String query) {
        Http.Response r = Http.get("alice", stack.url(Service.SEARCH) + "/api/search/query?" + query);
        if (r.status() != 200) {
            throw new AssertionError("search: " + r);
        }
        return r.json();
    }

    private static JsonNode productionReadiness(String ref) {
        JsonNode cards = stack.data("alice", "{ entity(ref: \"" + ref + "\") { scorecards { id level checks { id status } } } }")
                .at("/entity/scorecards");
        return first(cards, c -> "production-readiness".equals(c.get("id").asText()));
    }

    private static JsonNode check(JsonNode scorecard, String id) {
        return first(scorecard.get("checks"), c -> id.equals(c.get("id").asText()));
    }

    private static void printElapsed(String view) {
        // Tests run one after another, so this is when the view was checked, an upper bound of when it was ready.
        System.out.println("e2e: demo catalog checked in " + view + " " + Duration.between(registeredAt, Instant.now())
                .toMillis() + " ms after its registration");
    }
}
