package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.Metrics;
import dev.portal.gateway.support.ServiceProcesses;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * docs, scorecards and integrations on entities (TechDocs and scorecards from the contract stub), search from the
 * real search-service, and the bounded number of downstream calls of an entity page.
 */
@QuarkusTest
@WithTestResource(value = ServiceProcesses.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CompositionTest {

    static final String PAGE = "query($ref: String!) { entity(ref: $ref) { ref title description tags links { url title }"
            + " relations { type target { ref title } }"
            + " docs { hasDocs status siteName pageCount nav { title path children { title path } } brokenLinks { page target kind } page(path: \"index.md\") { title html toc { id title } } }"
            + " scorecards { id title level levels checks { id status message remediation } }"
            + " integrations { id title url source }"
            + " ... on Component { owner { ref title } system { ref ... on System { owner { ref } } } dependsOn { ref } dependents { ref } providesApis { ref } consumesApis { ref } subcomponents { ref } }"
            + " ... on System { owner { ref title } domain { ref } components { ref ... on Component { owner { ref } } } apis { ref } resources { ref } }"
            + " ... on Group { parent { ref } children { ref } members { ref } owns { ref } } } }";

    @Test
    void entityPageComposesDocsScorecardsAndIntegrations() {
        JsonNode e = Gql.data("bob", PAGE, Map.of("ref", "component:default/fraud-scoring-service")).get("entity");
        JsonNode docs = e.get("docs");
        assertTrue(docs.get("hasDocs").asBoolean());
        assertEquals("built", docs.get("status").asText());
        assertEquals("Runbook", docs.at("/nav/0/children/0/title").asText());
        assertEquals("missing.md", docs.at("/brokenLinks/0/target").asText());
        assertTrue(docs.at("/page/html").asText().contains("<h1"), docs.toString());
        assertEquals("overview", docs.at("/page/toc/0/id").asText());
        JsonNode card = e.at("/scorecards/0");
        assertEquals("production-readiness", card.get("id").asText());
        assertEquals("bronze", card.get("level").asText());
        assertEquals("fail", card.at("/checks/1/status").asText());
        assertTrue(card.at("/checks/1/remediation").asText().length() > 0);

        Map<String, String> links = new HashMap<>();
        e.get("integrations").forEach(l -> links.put(l.get("id").asText(), l.get("url").asText()));
        JsonNode annotations = Gql.data("bob", "{ entity(ref: \"component:default/fraud-scoring-service\") { annotations { key value } } }")
                .at("/entity/annotations");
        Map<String, String> a = new HashMap<>();
        annotations.forEach(kv -> a.put(kv.get("key").asText(), kv.get("value").asText()));
        assertEquals("https://github.com/" + a.get("github.com/project-slug"), links.get("github"));
        assertEquals("https://github.com/" + a.get("github.com/project-slug") + "/actions", links.get("github-actions"));
        assertEquals("https://app.pagerduty.com/service-directory/" + a.get("pagerduty.com/service-id"), links.get("pagerduty"));
        assertTrue(links.get("kubernetes").endsWith("kubernetes-id%3D" + a.get("backstage.io/kubernetes-id")), links.toString());
        assertFalse(links.containsKey("sonarqube"), "no annotation, no link: " + links);
        assertEquals(e.get("links").size(), countSource(e.get("integrations"), "metadata.links"));

        // the caller's own token went to the services
        assertTrue(ServiceProcesses.current.stub.lastAuthorization.get("techdocs").startsWith("Bearer ey"));
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
        long docsBefore = ServiceProcesses.current.stub.docsCalls.get();
        long scorecardsBefore = ServiceProcesses.current.stub.scorecardCalls.get();
        long before = Metrics.downstreamCalls(null);
        JsonNode few = Gql.data("alice", q, Map.of("n", 2)).get("entities");
        long callsFew = Metrics.downstreamCalls(null) - before;
        before = Metrics.downstreamCalls(null);
        JsonNode many = Gql.data("alice", q, Map.of("n", 30)).get("entities");
        long callsMany = Metrics.downstreamCalls(null) - before;
        assertEquals(2, few.get("edges").size());
        assertTrue(many.get("edges").size() > 10, many.toString());
        // one catalog query for the list, one TechDocs batch, one scorecards batch: whatever the number of entities
        assertEquals(3, callsFew);
        assertEquals(3, callsMany);
        assertEquals(docsBefore + 2, ServiceProcesses.current.stub.docsCalls.get());
        assertEquals(scorecardsBefore + 2, ServiceProcesses.current.stub.scorecardCalls.get());
    }

    @Test
    void searchWithFacetsAndHighlights() {
        String q = "{ search(term: \"payments\", first: 5, filters: [{field: \"kind\", values: [\"Component\"]}]) { totalCount"
                + " pageInfo { hasNextPage endCursor } facets { field values { value count } }"
                + " edges { node { type title entityRef highlight { preTag postTag fields { key value } } entity { ref kind } } } } }";
        JsonNode s = null;
        JsonNode response = null;
        for (int i = 0; i < 100; i++) { // the search index fills from the catalog's events (and a cold service is slow)
            response = Gql.as("bob", q);
            s = response.at("/data/search");
            if (!response.has("errors") && s.get("totalCount").asInt() >= 3) {
                break;
            }
            ServiceProcessesSleep.sleep(300);
        }
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

    static final class ServiceProcessesSleep {
        static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
