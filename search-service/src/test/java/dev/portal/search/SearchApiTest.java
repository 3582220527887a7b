package dev.portal.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.KafkaTopicsConfig;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Backstage's query API and the suggestions, over the small organisation of {@code entities/query-catalog.json}
 * published to the entity changes topic.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,opensearch,keycloak") })
class SearchApiTest {

    private static final List<ObjectNode> CATALOG = TestEntities.load("entities/query-catalog.json");
    private static boolean published;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @BeforeEach
    void publishTheCatalogOnce() {
        if (published) {
            return;
        }
        SearchApi.awaitReady();
        try (EntityChangeEvents events = new EntityChangeEvents(bootstrap, topics.entityChanges())) {
            CATALOG.forEach(events::changed);
        }
        Await.until(() -> SearchApi.found(Map.of()).getInt("numberOfResults"), n -> n == CATALOG.size(),
                "all " + CATALOG.size() + " entities to be searchable");
        published = true;
    }

    @Test
    void answersInBackstagesShapeWithTypeDocumentHighlightAndRank() {
        JsonPath found = SearchApi.found(Map.of("term", "ledger"));
        assertEquals(1, found.getInt("numberOfResults"));
        assertEquals("software-catalog", found.getString("results[0].type"));
        assertEquals("ledger-service", found.getString("results[0].document.title"));
        assertEquals("Double-entry ledger for payments.", found.getString("results[0].document.text"));
        assertEquals("/catalog/default/component/ledger-service", found.getString("results[0].document.location"));
        assertEquals("Component", found.getString("results[0].document.kind"));
        assertEquals("group:default/payments-team", found.getString("results[0].document.owner"));
        assertEquals(1, found.getInt("results[0].rank"));
        String pre = found.getString("results[0].highlight.preTag");
        String post = found.getString("results[0].highlight.postTag");
        assertTrue(pre.startsWith("<") && post.equals("</" + pre.substring(1)), pre + " " + post);
        assertEquals("Double-entry " + pre + "ledger" + post + " for payments.",
                found.getString("results[0].highlight.fields.text"));
        assertNull(found.get("nextPageCursor"));
        assertNull(found.get("previousPageCursor"));
    }

    @Test
    void aBlankTermMatchesEveryDocument() {
        assertEquals(CATALOG.size(), SearchApi.found(Map.of("term", "")).getInt("numberOfResults"));
        assertEquals(CATALOG.size(), SearchApi.found(Map.of("term", "   ")).getInt("numberOfResults"));
    }

    @Test
    void ranksAnExactNameAboveAMentionInADescription() {
        assertEquals(List.of("checkout", "storefront"), names(Map.of("term", "checkout")));
        // "payments" is said by five other entities in their names, titles, tags and descriptions, some several times
        assertEquals("payments", names(Map.of("term", "payments")).get(0));
        assertEquals("payments", names(Map.of("term", "PAYMENTS")).get(0));
        assertEquals("payments-api", names(Map.of("term", "payments-api")).get(0));
        assertEquals("payments-api", names(Map.of("term", "Payments API")).get(0));
    }

    @Test
    void findsAnEntityThoughItsNameIsMisspelt() {
        assertEquals("ledger-service", names(Map.of("term", "ledgr")).get(0));
        assertTrue(names(Map.of("term", "paymnets")).contains("payments-api"), names(Map.of("term", "paymnets")).toString());
        assertEquals("storefront", names(Map.of("term", "stroefront")).get(0));
    }

    @Test
    void matchesWordFormsAndAccentsLoosely() {
        assertEquals(List.of("cafe-menu"), names(Map.of("term", "cafe")));
        assertTrue(names(Map.of("term", "refund")).contains("payments-api"), "refund finds refunds");
        assertEquals(List.of("alice"), names(Map.of("term", "Anderson")), "a user by display name");
    }

    @Test
    void filtersExactlyAndCaseInsensitively() {
        List<String> components = names(Map.of("filters[kind]", "component"));
        assertEquals(6, components.size(), components.toString());
        assertEquals(Set.of("payments-api", "checkout", "ledger-service", "payments-rest-api"),
                Set.copyOf(names(Map.of("filters[lifecycle]", "PRODUCTION"))));
        assertEquals(Set.of("checkout", "storefront", "cafe-menu"),
                Set.copyOf(names(Map.of("filters[owner]", "group:default/web-team"))));
        assertEquals(List.of(), names(Map.of("filters[owner]", "web-team")), "exact, not a part of the value");
        assertEquals(List.of("payments-api"), names(Map.of("filters[name]", "Payments-API")));
        assertEquals(List.of("cafe-menu"), names(Map.of("filters[title]", "café menu")));
        assertEquals(List.of(), names(Map.of("filters[nonexistent]", "x")), "an unknown field matches nothing");
    }

    @Test
    void aRepeatedFilterMatchesAnyOfItsValuesAndDifferentFiltersAllMustMatch() {
        Response repeated = SearchApi.asAlice().queryParam("filters[kind]", "API", "System").get("/api/search/query");
        assertEquals(Set.of("payments-rest-api", "payments"), Set.copyOf(repeated.jsonPath().getList("results.document.name")));
        assertEquals(Set.of("payments-rest-api", "payments-team"),
                Set.copyOf(names(Map.of("filters[kind][0]", "API", "filters[kind][1]", "Group"))));
        Response brackets = SearchApi.asAlice().queryParam("filters[kind][]", "User", "Group").get("/api/search/query");
        assertEquals(Set.of("alice", "payments-team"), Set.copyOf(brackets.jsonPath().getList("results.document.name")));
        assertEquals(Set.of("checkout", "storefront", "cafe-menu"),
                Set.copyOf(names(Map.of("filters[kind]", "Component", "filters[type]", "website"))));
        assertEquals(List.of("checkout"),
                names(Map.of("term", "checkout", "filters[kind]", "Component", "filters[type]", "website",
                        "filters[lifecycle]", "production")));
    }

    @Test
    void searchesOnlyTheRequestedDocumentTypes() {
        assertEquals(CATALOG.size(), SearchApi.found(Map.of("types[]", "software-catalog")).getInt("numberOfResults"));
        assertEquals(CATALOG.size(), SearchApi.found(Map.of("types[0]", "software-catalog")).getInt("numberOfResults"));
        assertEquals(CATALOG.size(), SearchApi.found(Map.of("types", "software-catalog")).getInt("numberOfResults"));
        JsonPath none = SearchApi.found(Map.of("types", "no-such-type"));
        assertEquals(0, none.getInt("numberOfResults"));
        assertEquals(List.of(), none.getList("results"));
    }

    @Test
    void pagesThroughTheResultsWithOpaqueCursors() {
        JsonPath first = SearchApi.found(Map.of("pageLimit", "4"));
        assertEquals(List.of(1, 2, 3, 4), first.getList("results.rank"));
        assertNull(first.get("previousPageCursor"));
        String second = first.getString("nextPageCursor");
        assertEquals("MQ==", second, "Backstage's cursor: the page number in base64");

        JsonPath middle = SearchApi.found(Map.of("pageLimit", "4", "pageCursor", second));
        assertEquals(List.of(5, 6, 7, 8), middle.getList("results.rank"));
        assertEquals("MA==", middle.getString("previousPageCursor"));

        JsonPath last = SearchApi.found(Map.of("pageLimit", "4", "pageCursor", middle.getString("nextPageCursor")));
        assertEquals(List.of(9, 10, 11), last.getList("results.rank"));
        assertNull(last.get("nextPageCursor"));
        assertEquals(CATALOG.size(), last.getInt("numberOfResults"));

        Set<String> all = new HashSet<>();
        for (JsonPath page : List.of(first, middle, last)) {
            all.addAll(page.getList("results.document.entityRef"));
        }
        assertEquals(CATALOG.size(), all.size(), "every result once");
    }

    @Test
    void rejectsAPageLimitAboveTheMaximumAndUnreadableCursorsAsInputErrors() {
        Response tooMany = SearchApi.query(Map.of("pageLimit", "101"));
        tooMany.then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("error.message", containsString("100"))
                .body("request.method", equalTo("GET"))
                .body("request.url", containsString("/api/search/query?pageLimit=101"))
                .body("response.statusCode", equalTo(400));
        SearchApi.query(Map.of("pageLimit", "100")).then().statusCode(200);
        for (String limit : List.of("abc", "0", "-5", "1e3")) {
            SearchApi.query(Map.of("pageLimit", limit)).then().statusCode(400).body("error.name", equalTo("InputError"));
        }
        for (String cursor : List.of("!!!not base64", base64("abc"), base64("-1"), base64("1.5"),
                base64("99999999999"))) {
            SearchApi.query(Map.of("pageCursor", cursor)).then().statusCode(400)
                    .body("error.name", equalTo("InputError"))
                    .body("error.message", containsString("pageCursor"));
        }
        SearchApi.query(Map.of("pageCursor", base64("500"), "pageLimit", "100")).then().statusCode(400)
                .body("error.name", equalTo("InputError"));
        SearchApi.query(Map.of("pageCursor", base64("7"))).then().statusCode(200)
                .body("results.size()", equalTo(0)).body("previousPageCursor", equalTo(base64("6")));
    }

    @Test
    void handlesAnyCharactersInTheTermSafely() {
        Random random = new Random(42);
        StringBuilder words = new StringBuilder();
        while (words.length() < 10_000) {
            words.append(Integer.toString(random.nextInt(Integer.MAX_VALUE), 36)).append(' ');
        }
        List<String> terms = new ArrayList<>(List.of("\"", "'", "\\", "(", ")", "[payments]", "{\"a\":1}", "*", "?",
                "~2", "payments AND NOT checkout", "kind:Component", "/pay.*/", "&&||!", "\u0000", "💳 payments",
                "<script>alert(1)</script>", "%", "+-=><", "payments\") OR (\"", "a".repeat(10_000),
                words.toString(), "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(10)));
        for (String term : terms) {
            Response response = SearchApi.query(Map.of("term", term));
            assertEquals(200, response.statusCode(), "term " + abbreviate(term) + ": " + response.asString());
            assertNotNull(response.jsonPath().getList("results"), abbreviate(term));
        }
        assertTrue(names(Map.of("term", "payments\") OR (\"")).contains("payments-api"), "quotes are just text");
        assertTrue(names(Map.of("term", "💳 payments")).contains("payments-api"));
    }

    @Test
    void countsFacetsOverTheWholeResultSetNotJustThePage() {
        JsonPath all = SearchApi.found(Map.of("pageLimit", "1"));
        assertEquals(6, facet(all, "kind", "Component"));
        assertEquals(1, facet(all, "kind", "API"));
        assertEquals(1, facet(all, "kind", "User"));
        assertEquals(6, facet(all, "owner", "group:default/payments-team"));
        assertEquals(4, facet(all, "lifecycle", "production"));
        assertEquals(3, facet(all, "type", "website"));
        assertEquals(2, facet(all, "tags", "java"));
        assertEquals("Component", all.getString("facets.kind[0].value"), "most frequent first");

        JsonPath websites = SearchApi.found(Map.of("filters[type]", "website"));
        assertEquals(List.of(Map.of("value", "Component", "count", 3)), websites.getList("facets.kind"));
        assertEquals(2, facet(websites, "tags", "typescript"));
        assertEquals(1, facet(SearchApi.found(Map.of("term", "ledger")), "kind", "Component"));
    }

    @Test
    void requiresASignedInCaller() {
        given().when().get("/api/search/query?term=payments").then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().when().get("/api/search/suggest?term=pay").then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
    }

    @Test
    void suggestsEntityNamesAndTitlesAsTheyAreTyped() {
        assertEquals(List.of("payments", "payments-api", "payments-rest-api", "payments-team"),
                suggested(Map.of("term", "paym")));
        assertEquals("payments-api", suggested(Map.of("term", "Payments A")).get(0), "the title, last word a prefix");
        assertEquals(List.of("payments-api"), suggested(Map.of("term", "Payments API")).subList(0, 1));
        assertEquals(List.of("storefront"), suggested(Map.of("term", "STOREF")));
        assertEquals(List.of("cafe-menu"), suggested(Map.of("term", "café m")));
        assertEquals(List.of("ledger-service"), suggested(Map.of("term", "ledger-s")));
        assertEquals(List.of(), suggested(Map.of("term", "refunds")), "descriptions are not completed");
        assertEquals(List.of(), suggested(Map.of("term", "")));

        JsonPath payments = SearchApi.asAlice().queryParams(Map.of("term", "payments", "kind", "API"))
                .get("/api/search/suggest").jsonPath();
        assertEquals("payments-rest-api", payments.getString("suggestions[0].name"));
        assertEquals("api:default/payments-rest-api",
                payments.getString("suggestions[0].entityRef"));
        assertEquals("/catalog/default/api/payments-rest-api", payments.getString("suggestions[0].location"));
        assertEquals(2, suggested(Map.of("term", "pay", "limit", "2")).size());
    }

    @Test
    void rejectsASuggestionLimitOutOfRangeAndToleratesAnyTerm() {
        SearchApi.asAlice().queryParam("term", "pay").queryParam("limit", "51").get("/api/search/suggest").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        SearchApi.asAlice().queryParam("term", "pay").queryParam("limit", "x").get("/api/search/suggest").then()
                .statusCode(400).body("error.name", equalTo("InputError"));
        for (String term : List.of("\"", "\\", "(*", "a".repeat(10_000), "\u0000", "pay\") OR (")) {
            SearchApi.asAlice().queryParam("term", term).get("/api/search/suggest").then().statusCode(200);
        }
    }

    private static List<String> names(Map<String, ?> parameters) {
        return SearchApi.found(parameters).getList("results.document.name");
    }

    private static List<String> suggested(Map<String, ?> parameters) {
        Response response = SearchApi.asAlice().queryParams(parameters).get("/api/search/suggest");
        assertEquals(200, response.statusCode(), response.asString());
        return response.jsonPath().getList("suggestions.name");
    }

    private static int facet(JsonPath found, String facet, String value) {
        List<Map<String, Object>> values = found.getList("facets." + facet);
        return values.stream().filter(v -> value.equals(v.get("value"))).map(v -> ((Number) v.get("count")).intValue())
                .findFirst().orElse(0);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String term) {
        return term.length() > 30 ? term.substring(0, 30) + "…(" + term.length() + ")" : term;
    }
}
