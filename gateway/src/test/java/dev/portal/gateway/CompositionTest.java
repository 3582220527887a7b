package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.Await;
import dev.portal.gateway.api.CompositionCache;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.Metrics;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * docs, scorecards and integrations on entities and search, from the real TechDocs, scorecard and search services
 * over the demo catalog; the bounded number of downstream calls of an entity page.
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CompositionTest {

    @Inject
    CompositionCache cache;

    static final String PAGE = "query($ref: String!) { entity(ref: $ref) { ref title description tags links { url title }"
            + " relations { type target { ref title } }"
            + " docs { hasDocs status siteName pageCount nav { title path children { title path } } brokenLinks { page target kind } page(path: \"\") { title html toc { id title } } }"
            + " scorecards { id title level levels checks { id status message remediation } }"
            + " integrations { id title url source }"
            + " ... on Component { owner { ref title } system { ref ... on System { owner { ref } } } dependsOn { ref } dependents { ref } providesApis { ref } consumesApis { ref } subcomponents { ref } }"
            + " ... on System { owner { ref title } domain { ref } components { ref ... on Component { owner { ref } } } apis { ref } resources { ref } }"
            + " ... on Group { parent { ref } children { ref } members { ref } owns { ref } } } }";

    @Test
    void entityPageComposesDocsScorecardsAndIntegrations() {
        String ref = "component:default/payments-api-service";
        JsonNode e = Gql.data("bob", PAGE, Map.of("ref", ref)).get("entity");
        JsonNode docs = e.get("docs");
        assertTrue(docs.get("hasDocs").asBoolean());
        assertEquals("built", docs.get("status").asText());
        assertEquals("Payments API Service", docs.get("siteName").asText()); // mkdocs.yml's site_name
        // the nav of deploy/demo's mkdocs.yml, as TechDocs built it
        JsonNode operations = first(docs.get("nav"), n -> "Operations".equals(n.get("title").asText()));
        assertEquals("Runbook", operations.at("/children/0/title").asText(), docs.toString());
        assertEquals("Release checklist", operations.at("/children/1/title").asText(), docs.toString());
        assertTrue(docs.get("pageCount").asInt() >= 4, docs.toString());
        JsonNode service = services().get(services().url(Service.TECHDOCS) + "/api/techdocs/entity/default/component/payments-api-service/docs");
        assertEquals(service.get("pageCount").asInt(), docs.get("pageCount").asInt());
        assertEquals(service.get("nav").size(), docs.get("nav").size());
        assertEquals(service.get("brokenLinks").size(), docs.get("brokenLinks").size());
        assertEquals(0, docs.get("brokenLinks").size(), "every link of the demo docs resolves: " + docs.get("brokenLinks"));
        assertTrue(docs.at("/page/html").asText().contains("<h1"), docs.toString());
        assertTrue(docs.at("/page/toc").size() > 0 && !docs.at("/page/toc/0/id").asText().isEmpty(), docs.toString());

        // a page by its nav path: the runbook's sanitised HTML, exactly as TechDocs serves it
        String runbookPath = operations.at("/children/0/path").asText();
        JsonNode runbook = Gql.data("bob", "query($p: String!) { entity(ref: \"" + ref + "\") { docs { page(path: $p) { path title html } } } }",
                Map.of("p", runbookPath)).at("/entity/docs/page");
        JsonNode servedRunbook = services().get(services().url(Service.TECHDOCS)
                + "/api/techdocs/entity/default/component/payments-api-service/page?path=" + enc(runbookPath));
        assertEquals(servedRunbook.get("html").asText(), runbook.get("html").asText());
        assertFalse(runbook.get("html").asText().contains("<script"), runbook.toString());

        // real scorecards: with docs built and complete metadata, payments-api-service reaches Gold
        JsonNode card = first(e.get("scorecards"), c -> "production-readiness".equals(c.get("id").asText()));
        assertEquals(List.of("Bronze", "Silver", "Gold"), texts(card.get("levels")));
        assertEquals("Gold", card.get("level").asText(), card.toString());
        JsonNode techdocsBuilt = first(card.get("checks"), c -> "techdocs-built".equals(c.get("id").asText()));
        assertEquals("pass", techdocsBuilt.get("status").asText(), card.toString());
        JsonNode served = services().get(services().url(Service.SCORECARD) + "/api/scorecards/entities/default/component/payments-api-service");
        JsonNode servedCard = first(served.get("scorecards"), c -> "production-readiness".equals(c.get("id").asText()));
        assertEquals(servedCard.get("level").asText(), card.get("level").asText());
        assertEquals(servedCard.get("checks").size(), card.get("checks").size());
        // and a failing check comes with its remediation: ledger-service has no docs
        JsonNode ledger = Gql.data("bob", PAGE, Map.of("ref", "component:default/ledger-service")).at("/entity/scorecards/0");
        JsonNode noDocs = first(ledger.get("checks"), c -> "techdocs-built".equals(c.get("id").asText()));
        assertEquals("fail", noDocs.get("status").asText(), ledger.toString());
        assertTrue(noDocs.get("remediation").asText().contains("backstage.io/techdocs-ref"), noDocs.toString());

        Map<String, String> links = new HashMap<>();
        e.get("integrations").forEach(l -> links.put(l.get("id").asText(), l.get("url").asText()));
        JsonNode annotations = Gql.data("bob", "{ entity(ref: \"" + ref + "\") { annotations { key value } } }")
                .at("/entity/annotations");
        Map<String, String> a = new HashMap<>();
        annotations.forEach(kv -> a.put(kv.get("key").asText(), kv.get("value").asText()));
        assertEquals("https://github.com/" + a.get("github.com/project-slug"), links.get("github"));
        assertEquals("https://github.com/" + a.get("github.com/project-slug") + "/actions", links.get("github-actions"));
        assertEquals("https://app.pagerduty.com/service-directory/" + a.get("pagerduty.com/service-id"), links.get("pagerduty"));
        assertTrue(links.get("kubernetes").endsWith("kubernetes-id%3D" + a.get("backstage.io/kubernetes-id")), links.toString());
        assertFalse(links.containsKey("sonarqube"), "no annotation, no link: " + links);
        assertEquals(e.get("links").size(), countSource(e.get("integrations"), "metadata.links"));
    }

    @Test
    void theCallersTokenGoesToTheServices() {
        // TechDocs and scorecards answer nobody without a token, yet the page above got docs and scorecards ...
        assertEquals(401, services().status(services().url(Service.TECHDOCS) + "/api/techdocs/entity/default/component/payments-api-service/docs", null));
        assertEquals(401, services().status(services().url(Service.SCORECARD) + "/api/scorecards/entities/default/component/payments-api-service", null));
        // ... and what they decide follows the caller: see the refusals and the exemption's creator in
        // WritesAndSubscriptionsTest (the gateway has no credentials of its own)
        JsonNode page = Gql.data("bob", PAGE, Map.of("ref", "component:default/payments-api-service")).get("entity");
        assertEquals("built", page.at("/docs/status").asText());
        assertEquals("production-readiness", page.at("/scorecards/0/id").asText());
    }

    @Test
    void aPageMakesABoundedNumberOfDownstreamCallsWhateverItsRelations() {
        // warm: the page of any entity reads everything from the event-fed cache after the first time
        for (String ref : new String[] {"component:default/ledger-service", "system:default/payments", "group:default/engineering"}) {
            Gql.data("bob", PAGE, Map.of("ref", ref));
        }
        long small = callsFor("component:default/ledger-service");
        long big = callsFor("system:default/payments");
        long group = callsFor("group:default/engineering");
        JsonNode system = Gql.data("bob", PAGE, Map.of("ref", "system:default/payments")).get("entity");
        assertTrue(system.get("relations").size() > 10, "payments has many relations: " + system.get("relations").size());
        assertTrue(small <= 3 && big <= 3 && group <= 3, small + " / " + big + " / " + group);
        // docs, a docs page (components have docs here) and scorecards: never one call per relation
        assertTrue(big <= small, "the calls do not grow with the number of relations: " + small + " / " + big);
        long catalogBefore = Metrics.downstreamCalls("catalog");
        Gql.data("bob", PAGE, Map.of("ref", "system:default/payments"));
        assertEquals(catalogBefore, Metrics.downstreamCalls("catalog"), "a repeat page read is served by the event-fed cache");
    }

    @Test
    void childFieldsOfAListResolveInBatchesNotPerEntity() {
        String q = "query($n: Int!) { entities(filter: [\"kind=component\"], first: $n) { edges { node { ref"
                + " ... on Component { owner { ref ... on Group { parent { ref } } } system { ref } dependsOn { ref } providesApis { ref } }"
                + " docs { status } scorecards { id level } integrations { id } } } } }";
        Gql.data("alice", q, Map.of("n", 30)); // warm
        forgetDocsAndScorecards(); // what TechDocs and the scorecards answered is kept: ask them again
        long docsBefore = Metrics.downstreamCalls("techdocs");
        long scorecardsBefore = Metrics.downstreamCalls("scorecard");
        long before = Metrics.downstreamCalls(null);
        JsonNode few = Gql.data("alice", q, Map.of("n", 2)).get("entities");
        long callsFew = Metrics.downstreamCalls(null) - before;
        forgetDocsAndScorecards();
        before = Metrics.downstreamCalls(null);
        JsonNode many = Gql.data("alice", q, Map.of("n", 30)).get("entities");
        long callsMany = Metrics.downstreamCalls(null) - before;
        assertEquals(2, few.get("edges").size());
        assertTrue(many.get("edges").size() > 10, many.toString());
        // one catalog query for the list, one TechDocs batch, one scorecards batch: whatever the number of entities
        assertEquals(3, callsFew);
        assertEquals(3, callsMany);
        assertEquals(docsBefore + 2, Metrics.downstreamCalls("techdocs"));
        assertEquals(scorecardsBefore + 2, Metrics.downstreamCalls("scorecard"));
        // and again: only the catalog's list, the rest is kept until its change topics say otherwise
        before = Metrics.downstreamCalls(null);
        assertEquals(many, Gql.data("alice", q, Map.of("n", 30)).get("entities"));
        assertEquals(1, Metrics.downstreamCalls(null) - before);
        // and the answers are the services' real ones: docs built where deploy/demo has them, every component scored
        many.get("edges").forEach(edge -> {
            JsonNode node = edge.get("node");
            String name = node.get("ref").asText().substring("component:default/".length());
            assertEquals(RealServices.WITH_DOCS.contains(name) ? "built" : "none", node.at("/docs/status").asText(), node.toString());
            assertEquals("production-readiness", node.at("/scorecards/0/id").asText(), node.toString());
        });
    }

    @Test
    void searchWithFacetsAndHighlights() {
        String q = "{ search(term: \"payments\", first: 5, filters: [{field: \"kind\", values: [\"Component\"]}]) { totalCount"
                + " pageInfo { hasNextPage endCursor } facets { field values { value count } }"
                + " edges { node { type title entityRef highlight { preTag postTag fields { key value } } entity { ref kind } } } } }";
        // the search index fills from the catalog's events
        JsonNode response = Await.until("search to index the payments components", () -> Gql.as("bob", q),
                r -> !r.has("errors") && r.at("/data/search/totalCount").asInt() >= 3);
        JsonNode s = response.at("/data/search");
        assertFalse(response.has("errors"), response.toString());
        assertTrue(s.get("totalCount").asInt() >= 3, s.toString());
        s.get("edges").forEach(edge -> assertEquals("Component", edge.at("/node/entity/kind").asText(), edge.toString()));
        assertTrue(s.get("facets").toString().contains("\"field\":\"kind\""), s.get("facets").toString());
        assertTrue(s.toString().contains(s.at("/edges/0/node/highlight/preTag").asText()), s.toString());
        if (s.at("/pageInfo/hasNextPage").asBoolean()) {
            JsonNode next = Gql.data("bob", "query($a: String) { search(term: \"payments\", first: 5, after: $a,"
                    + " filters: [{field: \"kind\", values: [\"Component\"]}]) { edges { node { entityRef } } } }",
                    Map.of("a", s.at("/pageInfo/endCursor").asText())).get("search");
            assertTrue(next.get("edges").size() > 0);
        }
        // any edge's cursor continues right after its result, across search-service's pages (of first results)
        String ranked = "query($a: String) { search(term: \"payments\", first: 2, after: $a,"
                + " filters: [{field: \"kind\", values: [\"Component\"]}]) { pageInfo { hasNextPage endCursor }"
                + " edges { cursor node { rank location } } } }";
        JsonNode page = Gql.data("bob", ranked, new java.util.HashMap<>()).get("search");
        assertEquals(page.at("/edges/1/cursor").asText(), page.at("/pageInfo/endCursor").asText(), page.toString());
        JsonNode afterFirst = Gql.data("bob", ranked, Map.of("a", page.at("/edges/0/cursor").asText())).get("search");
        assertEquals(2, afterFirst.at("/edges/0/node/rank").asInt(), afterFirst.toString());
        assertEquals(3, afterFirst.at("/edges/1/node/rank").asInt(), afterFirst.toString());
        assertEquals(page.at("/edges/1/node/location").asText(), afterFirst.at("/edges/0/node/location").asText());
    }

    private void forgetDocsAndScorecards() {
        cache.docs().invalidateAll();
        cache.scorecards().invalidateAll();
    }

    private static long callsFor(String ref) {
        long before = Metrics.downstreamCalls(null);
        Gql.data("bob", PAGE, Map.of("ref", ref));
        return Metrics.downstreamCalls(null) - before;
    }

    private static int countSource(JsonNode links, String source) {
        int n = 0;
        for (JsonNode l : links) {
            if (source.equals(l.get("source").asText())) {
                n++;
            }
        }
        return n;
    }

    private static RealServices services() {
        return RealServices.current;
    }

    static JsonNode first(JsonNode list, Predicate<JsonNode> wanted) {
        for (JsonNode n : list) {
            if (wanted.test(n)) {
                return n;
            }
        }
        throw new AssertionError("none of " + list + " is the one wanted");
    }

    private static List<String> texts(JsonNode list) {
        List<String> texts = new ArrayList<>();
        list.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
