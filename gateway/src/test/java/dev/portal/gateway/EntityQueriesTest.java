package dev.portal.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.schema.PlainFieldFetchers;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** entity, entities, node and nodes against the real services holding the demo catalog. */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EntityQueriesTest {

    private static final String COMMON = "id ref kind namespace name title description tags labels { key value }"
            + " annotations { key value } links { url title } relations { type targetRef } errors ";

    @Test
    void componentPageWithItsRelations() {
        JsonNode e = Gql.data("bob", "{ entity(ref: \"component:default/fraud-scoring-service\") { " + COMMON
                + "... on Component { type lifecycle owner { ref ... on Group { profile { displayName } } }"
                + " system { ref ... on System { domain { ref } } } providesApis { ref ... on Api { type consumers { ref } } }"
                + " dependsOn { ref kind } dependents { ref } consumesApis { ref } subcomponents { ref } parentComponent { ref } } } }")
                .get("entity");
        assertEquals("component:default/fraud-scoring-service", e.get("ref").asText());
        assertEquals("Component", e.get("kind").asText());
        assertEquals("group:default/payments-team", e.at("/owner/ref").asText());
        assertEquals("Payments Team", e.at("/owner/profile/displayName").asText());
        assertEquals("system:default/payments", e.at("/system/ref").asText());
        assertTrue(e.at("/system/domain/ref").asText().startsWith("domain:"), e.toString());
        assertTrue(refs(e.get("providesApis")).contains("api:default/fraud-scoring-api"), e.toString());
        assertTrue(e.get("dependsOn").size() > 0, e.toString());
        assertTrue(e.get("relations").size() > 3);
        // those plain properties (ref, kind, title, tags, relations, ...) were read by their getters, not through
        // SmallRye's per-field context: that is what served the answers above ...
        assertTrue(PlainFieldFetchers.installed() > 100, "plain properties read by getters: " + PlainFieldFetchers.installed());
        // and the relation fields (owner, system, providesApis, ...) came from SmallRye's fetchers, handed no selection
        assertTrue(PlainFieldFetchers.withoutSelection() > 30, "method fields: " + PlainFieldFetchers.withoutSelection());
    }

    @Test
    void aPageQueryForEveryKind() {
        Map<String, String> queries = Map.of(
                "api:default/payments-api", "... on Api { type lifecycle definition owner { ref } system { ref } providers { ref } consumers { ref } }",
                "resource:default/payments-db", "... on Resource { type owner { ref } system { ref } dependents { ref } dependsOn { ref } }",
                "system:default/payments", "... on System { owner { ref } domain { ref } components { ref } apis { ref } resources { ref } }",
                "group:default/payments-team", "... on Group { type profile { email } parent { ref } children { ref } members { ref } owns { ref } }",
                "user:default/carol", "... on User { profile { email } groups { ref } owns { ref } }",
                "location:default/demo-root", "... on Location { type target targets }");
        for (var q : queries.entrySet()) {
            // the whole page: with docs, scorecards and integrations from the real services, and no errors
            JsonNode e = Gql.data("alice", "{ entity(ref: \"" + q.getKey() + "\") { " + COMMON + q.getValue()
                    + " docs { hasDocs status } scorecards { id level } integrations { id url } } }").get("entity");
            assertEquals(q.getKey(), e.get("ref").asText(), q.getKey());
            assertEquals("none", e.at("/docs/status").asText(), e.toString());
            // production-readiness scores components and APIs only
            assertEquals(q.getKey().startsWith("api:") ? 1 : 0, e.get("scorecards").size(), e.toString());
        }
        JsonNode api = Gql.data("alice", "{ entity(ref: \"api:default/payments-api\") { ... on Api { providers { ref } owner { ref } } } }").get("entity");
        assertTrue(api.get("providers").size() > 0, api.toString());
        JsonNode group = Gql.data("alice", "{ entity(ref: \"group:default/payments-team\") { ... on Group { parent { ref } members { ref } owns { ref kind } } } }").get("entity");
        assertEquals("group:default/engineering", group.at("/parent/ref").asText());
        assertTrue(refs(group.get("members")).containsAll(Set.of("user:default/bob", "user:default/carol")), group.toString());
        assertTrue(refs(group.get("owns")).contains("system:default/payments"), group.toString());
        JsonNode carol = Gql.data("alice", "{ entity(ref: \"user:default/carol\") { ... on User { groups { ref } } } }").get("entity");
        assertEquals(Set.of("group:default/web-team", "group:default/payments-team"), refs(carol.get("groups")));
        JsonNode domain = Gql.data("alice", "{ entities(filter: [\"kind=domain\"], first: 1) { edges { node { ref ... on Domain { owner { ref } systems { ref } } } } } }");
        assertTrue(domain.at("/entities/edges/0/node/systems").size() > 0, domain.toString());
        JsonNode template = Gql.data("alice", "{ entities(filter: [\"kind=template\"], first: 1) { edges { node { ref ... on Template { type owner { ref } parametersJson } } } } }");
        assertEquals(1, template.at("/entities/edges").size(), template.toString());
    }

    @Test
    void unknownEntityIsNullAndAMalformedRefIsAnInputError() {
        assertTrue(Gql.data("bob", "{ entity(ref: \"component:default/nope\") { ref } }").get("entity").isNull());
        JsonNode r = Gql.as("bob", "{ entity(ref: \"a:b:c\") { ref } }");
        assertEquals("BAD_USER_INPUT", r.at("/errors/0/extensions/code").asText(), r.toString());
    }

    @Test
    void nodeAndNodesReadGlobalIds() {
        String id = Gql.data("bob", "{ entity(ref: \"system:default/payments\") { id } }").at("/entity/id").asText();
        JsonNode node = Gql.data("bob", "query($id: ID!) { node(id: $id) { id ... on System { ref } } }", Map.of("id", id));
        assertEquals("system:default/payments", node.at("/node/ref").asText());
        String other = Gql.data("bob", "{ entity(ref: \"user:default/bob\") { id } }").at("/entity/id").asText();
        JsonNode nodes = Gql.data("bob", "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Entity { ref } } }",
                Map.of("ids", List.of(other, "bm90LWFuLWlk", id)));
        assertEquals("user:default/bob", nodes.at("/nodes/0/ref").asText());
        assertTrue(nodes.at("/nodes/1").isNull());
        assertEquals("system:default/payments", nodes.at("/nodes/2/ref").asText());
    }

    @Test
    void filtersOrderAndPagination() {
        String q = "query($after: String) { entities(filter: [\"kind=component,spec.owner=payments-team\"],"
                + " orderBy: [{field: \"metadata.name\", order: ASC}], first: 2, after: $after) {"
                + " totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ref name } } } }";
        List<String> names = new ArrayList<>();
        String after = null;
        long total = -1;
        for (int page = 0; page < 20; page++) {
            java.util.HashMap<String, Object> vars = new java.util.HashMap<>();
            vars.put("after", after);
            JsonNode c = Gql.data("carol", q, vars).get("entities");
            total = c.get("totalCount").asLong();
            c.get("edges").forEach(edge -> names.add(edge.at("/node/name").asText()));
            assertTrue(c.get("edges").size() <= 2);
            if (!c.at("/pageInfo/hasNextPage").asBoolean()) {
                break;
            }
            after = c.at("/pageInfo/endCursor").asText();
        }
        assertTrue(total >= 4, "payments-team owns several components: " + total);
        assertEquals(total, names.size());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String::compareTo);
        assertEquals(sorted, names);
        assertEquals(names.size(), new HashSet<>(names).size());

        JsonNode byPredicate = Gql.data("carol", "{ entities(query: \"{\\\"kind\\\":\\\"api\\\",\\\"spec.owner\\\":\\\"payments-team\\\"}\", first: 50)"
                + " { totalCount edges { node { kind ... on Api { owner { ref } } } } } }").get("entities");
        assertTrue(byPredicate.get("totalCount").asInt() >= 3, byPredicate.toString());
        byPredicate.get("edges").forEach(edge -> {
            assertEquals("API", edge.at("/node/kind").asText());
            assertEquals("group:default/payments-team", edge.at("/node/owner/ref").asText());
        });
    }

    @Test
    void everyEdgeCursorContinuesRightAfterItsEdge() {
        String byFilter = "query($first: Int!, $after: String) { entities(filter: [\"kind=component\"],"
                + " orderBy: [{field: \"metadata.name\", order: ASC}], first: $first, after: $after) {"
                + " pageInfo { hasNextPage startCursor endCursor } edges { cursor node { name } } } }";
        List<String> all = names(byFilter, null, 500);
        assertTrue(all.size() >= 6, all.toString());

        // paging by the last edge's cursor gives the sequence pageInfo.endCursor gives
        List<String> byEnd = new ArrayList<>();
        List<String> byLastEdge = new ArrayList<>();
        String afterEnd = null;
        String afterEdge = null;
        for (int page = 0; page < 100; page++) {
            JsonNode viaEnd = entities(byFilter, afterEnd, 2);
            JsonNode viaEdge = entities(byFilter, afterEdge, 2);
            viaEnd.get("edges").forEach(edge -> byEnd.add(edge.at("/node/name").asText()));
            viaEdge.get("edges").forEach(edge -> byLastEdge.add(edge.at("/node/name").asText()));
            JsonNode edges = viaEdge.get("edges");
            assertEquals(edges.get(0).get("cursor").asText(), viaEdge.at("/pageInfo/startCursor").asText());
            if (!viaEdge.at("/pageInfo/hasNextPage").asBoolean()) {
                break;
            }
            assertEquals(viaEdge.at("/pageInfo/endCursor").asText(), edges.get(edges.size() - 1).get("cursor").asText());
            afterEnd = viaEnd.at("/pageInfo/endCursor").asText();
            afterEdge = edges.get(edges.size() - 1).get("cursor").asText();
        }
        assertEquals(all, byEnd);
        assertEquals(all, byLastEdge);

        // any edge's cursor continues right after it: on the first page (read from the query) and on a later one
        // (read after a catalog cursor), in the filter and in the predicate form
        JsonNode first = entities(byFilter, null, 3);
        JsonNode second = entities(byFilter, first.at("/pageInfo/endCursor").asText(), 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(all.subList(i + 1, i + 4), names(byFilter, first.at("/edges/" + i + "/cursor").asText(), 3), "first page, edge " + i);
            assertEquals(all.subList(Math.min(all.size(), i + 4), Math.min(all.size(), i + 7)),
                    names(byFilter, second.at("/edges/" + i + "/cursor").asText(), 3), "second page, edge " + i);
        }
        String byPredicate = "query($first: Int!, $after: String) { entities(query: \"{\\\"kind\\\":\\\"component\\\"}\","
                + " orderBy: [{field: \"metadata.name\", order: ASC}], first: $first, after: $after) {"
                + " pageInfo { hasNextPage startCursor endCursor } edges { cursor node { name } } } }";
        assertEquals(all, names(byPredicate, null, 500));
        JsonNode predicatePage = entities(byPredicate, null, 2);
        assertEquals(all.subList(1, 3), names(byPredicate, predicatePage.at("/edges/0/cursor").asText(), 2));

        // after the very last edge there is nothing more
        JsonNode whole = entities(byFilter, null, 500);
        JsonNode lastEdge = whole.get("edges").get(whole.get("edges").size() - 1);
        assertTrue(whole.at("/pageInfo/endCursor").isNull(), whole.get("pageInfo").toString());
        JsonNode after = entities(byFilter, lastEdge.get("cursor").asText(), 2);
        assertEquals(0, after.get("edges").size(), after.toString());
        assertTrue(!after.at("/pageInfo/hasNextPage").asBoolean(), after.toString());

        // a cursor the API did not give out is refused as such
        JsonNode forged = Gql.as("carol", byFilter, Map.of("first", 2, "after", "edge.bm90LWpzb24"));
        assertTrue(forged.at("/errors/0/message").asText().contains("not a cursor this API gave out"), forged.toString());
    }

    private static JsonNode entities(String query, String after, int first) {
        java.util.HashMap<String, Object> vars = new java.util.HashMap<>();
        vars.put("after", after);
        vars.put("first", first);
        return Gql.data("carol", query, vars).get("entities");
    }

    private static List<String> names(String query, String after, int first) {
        List<String> names = new ArrayList<>();
        entities(query, after, first).get("edges").forEach(edge -> names.add(edge.at("/node/name").asText()));
        return names;
    }

    @Test
    void relationTargetsResolve() {
        JsonNode e = Gql.data("bob", "{ entity(ref: \"component:default/ledger-service\") { relations { type targetRef target { ref name } } } }")
                .get("entity");
        for (JsonNode r : e.get("relations")) {
            assertNotNull(r.get("target"));
            assertEquals(r.get("targetRef").asText(), r.at("/target/ref").asText(), r.toString());
        }
    }

    static Set<String> refs(JsonNode list) {
        Set<String> refs = new HashSet<>();
        list.forEach(n -> refs.add(n.get("ref").asText()));
        return refs;
    }
}
