package dev.portal.e2e;

import static dev.portal.e2e.support.Http.enc;
import static dev.portal.e2e.support.Nodes.first;
import static dev.portal.e2e.support.Nodes.refs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.GraphQLWebSocket;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.Await;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;
import dev.portal.e2e.support.Integration;

/**
 * Issue 10, second flow: what an integration publishes to Kafka, and edits of catalog and docs files, reach every
 * view — GraphQL (the gateway's event-fed cache), subscriptions, search, TechDocs, scorecards, viewer — and so does
 * a deletion.
 */
@Order(2)
@ExtendWith(E2eStack.Resolver.class)
class ChangesFollowIT {

    private static final Duration EVENT = Duration.ofSeconds(60);

    private static E2eStack stack;
    private static Integration integration;

    @BeforeAll
    static void demoOrganisation(E2eStack e2e) {
        stack = e2e;
        stack.ensureDemo(); // the owners (groups, users) the entities below refer to
        integration = new Integration(stack.services);
    }

    @AfterAll
    static void closeProducer() {
        if (integration != null) {
            integration.close();
        }
    }

    @Test
    void anEntityAndAFactPublishedToKafkaReachEveryView() throws Exception {
        String name = "billing-exporter-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        try (GraphQLWebSocket bob = new GraphQLWebSocket(URI.create(stack.url(Service.GATEWAY) + "/graphql"), "bob")) {
            bob.subscribe("1", "subscription { entityChanged(ref: \"" + ref + "\") { type ref entity { description } } }");
            awaitSubscribed(bob);

            integration.upsertEntity(Integration.component(name, "Exports invoices to the wombat ledger."));

            JsonNode changed = awaitChange(bob, ref, "CHANGED");
            assertEquals("Exports invoices to the wombat ledger.", changed.at("/entity/description").asText(), changed.toString());
            JsonNode entity = Await.until(ref + " through the gateway", () -> entity(ref), e -> !e.isNull());
            assertEquals("group:default/payments-team", entity.at("/owner/ref").asText(), entity.toString());
            Await.until("search to find " + ref + " by its description", () -> searchRefs("term=wombat&types=software-catalog"),
                    refs -> refs.contains(ref));
            Await.until("production-readiness to score " + ref, () -> scorecard(ref, "production-readiness"),
                    c -> c != null && c.path("checks").size() > 0);
            Await.until("bob's viewer to show " + ref, () -> ownedBy("bob"), owned -> owned.contains(ref));

            // Facts: the delivery scorecard (src/test/resources/scorecards) reads github-actions' build result.
            JsonNode before = Await.until("the delivery scorecard of " + ref, () -> scorecard(ref, "delivery"), c -> c != null);
            assertEquals("fail", check(before, "ci-passing").path("status").asText(), before.toString());
            integration.reportFacts(ref, "github-actions", Map.of("build", "passing"));
            JsonNode green = Await.until(ref + " to reach Green on the build fact", () -> scorecard(ref, "delivery"),
                    c -> "Green".equalsIgnoreCase(c.path("level").asText()));
            assertEquals("pass", check(green, "ci-passing").path("status").asText(), green.toString());
            Await.until("search to filter " + ref + " by its new scorecard level",
                    () -> searchRefs("types=software-catalog&filters[scorecardLevel]=" + enc("delivery:green")),
                    refs -> refs.contains(ref));
            integration.reportFacts(ref, "github-actions", Map.of("build", "failing"));
            Await.until("bob's failing checks to list " + ref + "'s broken build", () -> failingChecks("bob"),
                    failing -> failing.contains(ref + " ci-passing"));
            Await.until("search to drop " + ref + " from delivery:green",
                    () -> searchRefs("types=software-catalog&filters[scorecardLevel]=" + enc("delivery:green")),
                    refs -> !refs.contains(ref));

            integration.deleteEntity(ref);

            awaitChange(bob, ref, "DELETED");
            Await.until(ref + " gone from the gateway", () -> entity(ref), JsonNode::isNull);
            Await.until(ref + " gone from search", () -> searchRefs("types=software-catalog&filters[entityRef]=" + enc(ref)), List::isEmpty);
            Await.until(ref + "'s scorecards gone", () -> scorecards(ref), cards -> cards.size() == 0);
            Await.until(ref + " gone from bob's viewer", () -> ownedBy("bob"), owned -> !owned.contains(ref));
        }
    }

    @Test
    void catalogFileAndDocsEditsAndADeletionAreFollowedEverywhere() throws Exception {
        Path dir = stack.copyResource("widget", "widget-" + UUID.randomUUID().toString().substring(0, 8));
        String ref = "component:default/e2e-widget";
        String staticHome = stack.url(Service.TECHDOCS) + "/api/techdocs/static/docs/default/component/e2e-widget/";
        try (GraphQLWebSocket carol = new GraphQLWebSocket(URI.create(stack.url(Service.GATEWAY) + "/graphql"), "carol")) {
            carol.subscribe("1", "subscription { entityChanged(ref: \"" + ref + "\") { type ref entity { description } } }");
            awaitSubscribed(carol);

            // carol (web-team) registers the component's catalog file through the gateway.
            JsonNode registered = stack.data("carol", "mutation($t: String!) { registerLocation(type: \"file\", target: $t) {"
                    + " location { id } entities { ref } } }", Map.of("t", dir.resolve("catalog-info.yaml").toString()))
                    .get("registerLocation");
            String locationId = registered.at("/location/id").asText();
            assertTrue(registered.get("entities").toString().contains(ref), registered.toString());
            awaitChange(carol, ref, "CHANGED");
            Await.until("the docs of " + ref + " built with 2 pages", () -> docs(ref),
                    d -> "built".equals(d.path("status").asText()) && d.path("pageCount").asInt() == 2);
            Await.until("the served home page", () -> Http.get("carol", staticHome), r -> r.status() == 200 && r.body().contains("zanzibar"));
            Await.until("search to find the docs page by its text", () -> searchRefs("term=zanzibar&types=techdocs"),
                    refs -> refs.contains(ref));
            JsonNode card = Await.until("production-readiness to score " + ref, () -> scorecard(ref, "production-readiness"),
                    c -> c != null && "pass".equals(check(c, "techdocs-built").path("status").asText()));
            assertEquals("fail", check(card, "on-call").path("status").asText(), card.toString());
            Await.until("carol's viewer to show " + ref, () -> ownedBy("carol"), owned -> owned.contains(ref));

            // 1. The catalog file is edited (new description, an on-call annotation) and the entity refreshed.
            Path catalogFile = dir.resolve("catalog-info.yaml");
            E2eStack.write(catalogFile, Files.readString(catalogFile)
                    .replace("Renders widgets for the storefront.", "Renders widgets with the quokka engine.")
                    .replace("  annotations:\n", "  annotations:\n    pagerduty.com/service-id: PWIDGET\n"));
            assertTrue(stack.data("carol", "mutation { refreshEntity(ref: \"" + ref + "\") }").get("refreshEntity").asBoolean());

            JsonNode edited = carol.awaitChange(c -> ref.equals(c.path("ref").asText())
                    && c.at("/entity/description").asText().contains("quokka"), "CHANGED " + ref + " with the new description", EVENT);
            assertEquals("CHANGED", edited.get("type").asText());
            Await.until("the gateway to serve the new description", () -> entity(ref),
                    e -> e.path("description").asText().contains("quokka"));
            Await.until("search to find the new description", () -> searchRefs("term=quokka&types=software-catalog"),
                    refs -> refs.contains(ref));
            Await.until("the on-call check to pass", () -> scorecard(ref, "production-readiness"),
                    c -> "pass".equals(check(c, "on-call").path("status").asText()));

            // 2. A docs page is edited; TechDocs notices by itself (its periodic content-hash check).
            Path index = dir.resolve("docs/index.md");
            E2eStack.write(index, Files.readString(index).replace("zanzibar", "quetzal"));

            Await.until("the served home page to show the edit", () -> Http.get("carol", staticHome),
                    r -> r.status() == 200 && r.body().contains("quetzal") && !r.body().contains("zanzibar"));
            Await.until("the gateway's docs page to show the edit", () -> docs(ref).at("/page/html").asText(),
                    html -> html.contains("quetzal"));
            Await.until("search to find the edited page by its new text", () -> searchRefs("term=quetzal&types=techdocs"),
                    refs -> refs.contains(ref));
            Await.until("search to stop finding the old text", () -> searchRefs("term=zanzibar&types=techdocs"),
                    refs -> !refs.contains(ref));

            // 3. The entity is deleted: carol removes the location she registered.
            assertTrue(stack.data("carol", "mutation($id: String!) { unregisterLocation(id: $id) }", Map.of("id", locationId))
                    .get("unregisterLocation").asBoolean());

            awaitChange(carol, ref, "DELETED");
            Await.until(ref + " gone from the gateway", () -> entity(ref), JsonNode::isNull);
            Await.until(ref + " gone from search", () -> searchRefs("types=software-catalog&filters[entityRef]=" + enc(ref)), List::isEmpty);
            Await.until(ref + "'s docs pages gone from search", () -> searchRefs("types=techdocs&filters[entityRef]=" + enc(ref)), List::isEmpty);
            Await.until(ref + "'s docs no longer served", () -> Http.get("carol", staticHome), r -> r.status() == 404);
            Await.until(ref + "'s scorecards gone", () -> scorecards(ref), cards -> cards.size() == 0);
            Await.until(ref + " gone from carol's viewer", () -> ownedBy("carol"), owned -> !owned.contains(ref));
        }
    }

    @Test
    void anEntityCreatedAgainAfterItsDeletionIsScoredAgain() throws Exception {
        String name = "phoenix-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        integration.upsertEntity(Integration.component(name, "First life."));
        integration.upsertEntity(Integration.component(name, "First life, edited.")); // generation 2 before the deletion
        Await.until(ref + " at generation 2 in the catalog", () -> Http.get("alice", stack.url(Service.CATALOG)
                        + "/api/catalog/entities/by-name/component/default/" + name).json().at("/metadata/generation").asInt(),
                g -> g >= 2);
        Await.until(ref + " scored", () -> scorecard(ref, "production-readiness"), c -> c != null);
        integration.deleteEntity(ref);
        Await.until(ref + "'s scorecards gone", () -> scorecards(ref), cards -> cards.size() == 0);

        integration.upsertEntity(Integration.component(name, "Second life."));
        Await.until(ref + " back in the gateway", () -> entity(ref), e -> e.path("description").asText().equals("Second life."));
        Await.until(ref + " scored again after its re-creation", () -> scorecard(ref, "production-readiness"), c -> c != null);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    /**
     * Subscriptions start asynchronously and have no "started" message in graphql-transport-ws: a change made before
     * the server subscribed to its event stream would be missed. So touch a throwaway entity until its event comes
     * through an all-kinds subscription on the same connection — then the ref subscription is live too.
     */
    private static void awaitSubscribed(GraphQLWebSocket ws) throws InterruptedException {
        String probe = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        ws.subscribe("probe", "subscription { entityChanged(filter: {kinds: [\"Component\"]}) { type ref } }");
        long deadline = System.nanoTime() + EVENT.toNanos();
        while (true) {
            integration.upsertEntity(Integration.component(probe, "Subscription probe " + System.nanoTime()));
            try {
                ws.awaitChange(c -> c.path("ref").asText().endsWith("/" + probe), "probe", Duration.ofSeconds(2));
                break;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
        ws.complete("probe");
        integration.deleteEntity("component:default/" + probe);
    }

    private static JsonNode awaitChange(GraphQLWebSocket ws, String ref, String type) throws InterruptedException {
        return ws.awaitChange(c -> ref.equals(c.path("ref").asText()) && type.equals(c.path("type").asText()),
                type + " of " + ref, EVENT);
    }

    private static JsonNode entity(String ref) {
        return stack.data("alice", "{ entity(ref: \"" + ref + "\") { ref description ... on Component { owner { ref } } } }")
                .get("entity");
    }

    private static JsonNode docs(String ref) {
        return stack.data("carol", "{ entity(ref: \"" + ref + "\") { docs { status pageCount page(path: \"\") { html } } } }")
                .at("/entity/docs");
    }

    /** The scorecards REST view of an entity (the service's own API). */
    private static JsonNode scorecards(String ref) {
        String[] parts = ref.split("[:/]");
        return Http.get("alice", stack.url(Service.SCORECARD) + "/api/scorecards/entities/" + parts[1] + "/" + parts[0] + "/"
                + parts[2]).json().path("scorecards");
    }

    /** One scorecard of an entity as the gateway composes it; null while it has none. */
    private static JsonNode scorecard(String ref, String id) {
        JsonNode cards = stack.data("alice", "{ entity(ref: \"" + ref + "\") { scorecards { id level checks { id status } } } }")
                .at("/entity/scorecards");
        for (JsonNode c : cards) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        return null;
    }

    private static JsonNode check(JsonNode scorecard, String id) {
        return first(scorecard.get("checks"), c -> id.equals(c.get("id").asText()));
    }

    private static List<String> searchRefs(String query) {
        Http.Response r = Http.get("alice", stack.url(Service.SEARCH) + "/api/search/query?pageLimit=100&" + query);
        if (r.status() != 200) {
            throw new AssertionError("search: " + r);
        }
        List<String> refs = new ArrayList<>();
        r.json().path("results").forEach(h -> refs.add(h.at("/document/entityRef").asText()));
        return refs;
    }

    private static Set<String> ownedBy(String user) {
        return refs(stack.data(user, "{ viewer { owned { ref } } }").at("/viewer/owned"));
    }

    private static List<String> failingChecks(String user) {
        List<String> failing = new ArrayList<>();
        stack.data(user, "{ viewer { failingChecks { entityRef checkId } } }").at("/viewer/failingChecks")
                .forEach(f -> failing.add(f.get("entityRef").asText() + " " + f.get("checkId").asText()));
        return failing;
    }
}
