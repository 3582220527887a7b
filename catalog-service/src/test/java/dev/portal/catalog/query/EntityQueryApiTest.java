package dev.portal.catalog.query;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.seedSmallOrg;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Reading entities: Backstage's filter, fields, order and paging semantics, facets and by-refs. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class EntityQueryApiTest {

    private boolean seeded;

    @BeforeEach // not @BeforeAll: RestAssured points at the application only once the tests run
    void seedOnce() {
        if (!seeded) {
            seedSmallOrg();
            seeded = true;
        }
    }

    private static List<String> names(String query) {
        return asAlice().when().get("/api/catalog/entities?" + query).then().statusCode(200)
                .extract().jsonPath().getList("metadata.name");
    }

    @Test
    void filterStatementsInOneParameterMustAllMatch() {
        assertEquals(List.of("ledger", "payments-api", "portal-backend"),
                sorted(names("filter=kind=component,spec.type=service")));
    }

    @Test
    void repeatedFilterParametersMatchEither() {
        assertEquals(List.of("payments-db", "ui-kit"),
                sorted(names("filter=kind=resource&filter=kind=component,spec.type=library")));
    }

    @Test
    void theSameKeyTwiceInOneFilterMeansEitherValue() {
        assertEquals(List.of("checkout-web", "ui-kit"), sorted(names("filter=spec.type=website,spec.type=library")));
    }

    @Test
    void matchesCaseInsensitivelyOnKeysAndValues() {
        assertEquals(List.of("payments-api"), names("filter=KIND=Component,Metadata.Name=PAYMENTS-API"));
    }

    @Test
    void aKeyWithoutValueMatchesExistence() {
        assertEquals(List.of("payments-api"), names("filter=metadata.annotations.pagerduty.com/service-id"));
    }

    @Test
    void matchesArrayMembersBothWays() {
        assertEquals(List.of("ledger", "payments-api", "portal-backend"), sorted(names("filter=metadata.tags=java")));
        assertEquals(List.of("ledger", "payments-api", "portal-backend"), sorted(names("filter=metadata.tags.java")));
    }

    @Test
    void filtersOnRelations() {
        assertEquals(List.of("portal-backend", "ui-kit"),
                sorted(names("filter=kind=component,relations.ownedBy=group:default/platform-team")));
    }

    @Test
    void rejectsAStatementWithoutKey() {
        asAlice().queryParam("filter", "=x").when().get("/api/catalog/entities").then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("error.message", containsString("expected a string on the form a=b or a= or a"));
    }

    @Test
    void projectsTheRequestedFieldsOnly() {
        asAlice().when().get("/api/catalog/entities?filter=kind=system&fields=kind,metadata.name").then().statusCode(200)
                .body("[0]", equalTo(Map.of("kind", "System", "metadata", Map.of("name", "payments"))));
        asAlice().when().get("/api/catalog/entities?fields=relations[0]").then().statusCode(400)
                .body("error.message", equalTo("invalid fields, array type fields are not supported"));
    }

    @Test
    void ordersAndPagesWithALinkToTheNextPage() {
        Response first = asAlice().when().get("/api/catalog/entities?filter=kind=component&order=desc:metadata.name&limit=2");
        first.then().statusCode(200).body("metadata.name", equalTo(List.of("ui-kit", "portal-backend")));
        String link = first.header("link");
        assertNotNull(link);
        String next = link.substring(1, link.indexOf('>'));
        asAlice().urlEncodingEnabled(false).when().get("/api/catalog" + next).then().log().ifValidationFails().statusCode(200)
                .body("metadata.name", equalTo(List.of("payments-api", "ledger")));
        asAlice().when().get("/api/catalog/entities?order=sideways:metadata.name").then().statusCode(400)
                .body("error.message", containsString("Invalid order parameter"));
        asAlice().when().get("/api/catalog/entities?after=not-a-cursor").then().statusCode(400)
                .body("error.message", equalTo("Malformed after cursor, could not be parsed"));
    }

    @Test
    void pagesThroughEverythingWithCursorsExactlyOnce() {
        List<String> seen = new ArrayList<>();
        JsonPath page = asAlice().when().get("/api/catalog/entities/by-query?filter=kind=component&limit=2")
                .then().statusCode(200).body("totalItems", equalTo(5)).extract().jsonPath();
        assertNull(page.getString("pageInfo.prevCursor"));
        seen.addAll(page.getList("items.metadata.name"));
        String secondPageCursor = null;
        while (page.getString("pageInfo.nextCursor") != null) {
            String cursor = page.getString("pageInfo.nextCursor");
            secondPageCursor = secondPageCursor == null ? cursor : secondPageCursor;
            page = asAlice().queryParam("cursor", cursor).when().get("/api/catalog/entities/by-query")
                    .then().statusCode(200).body("totalItems", equalTo(5)).extract().jsonPath();
            seen.addAll(page.getList("items.metadata.name"));
        }
        assertEquals(List.of("checkout-web", "ledger", "payments-api", "portal-backend", "ui-kit"), sorted(seen));
        assertEquals(5, seen.size());

        // and back: the previous cursor of the second page gives the first page again
        JsonPath second = asAlice().queryParam("cursor", secondPageCursor).when().get("/api/catalog/entities/by-query")
                .then().extract().jsonPath();
        JsonPath back = asAlice().queryParam("cursor", second.getString("pageInfo.prevCursor"))
                .when().get("/api/catalog/entities/by-query").then().statusCode(200).extract().jsonPath();
        assertEquals(seen.subList(0, 2), back.getList("items.metadata.name"));
    }

    @Test
    void ordersByAFieldAndFiltersByFullText() {
        asAlice().when().get("/api/catalog/entities/by-query?filter=kind=component&orderField=metadata.name,desc&limit=3")
                .then().statusCode(200).body("items.metadata.name", equalTo(List.of("ui-kit", "portal-backend", "payments-api")));
        asAlice().when().get("/api/catalog/entities/by-query?fullTextFilterTerm=PAYMENT&fullTextFilterFields=metadata.name")
                .then().statusCode(200).body("totalItems", equalTo(5))
                .body("items.metadata.name", containsInAnyOrder("payments", "payments-api", "payments-rest", "payments-db",
                        "payments-team"));
    }

    /** Backstage's router forwards {@code offset} on a first by-query request (its client sends it), GET and POST. */
    @Test
    void aFirstPageMayStartAtAnOffset() {
        String cursor = asAlice().when()
                .get("/api/catalog/entities/by-query?filter=kind=component&orderField=metadata.name,desc&limit=1&offset=1")
                .then().statusCode(200).body("items.metadata.name", equalTo(List.of("portal-backend")))
                .body("totalItems", equalTo(5)).extract().jsonPath().getString("pageInfo.nextCursor");
        asAlice().when().get("/api/catalog/entities/by-query?cursor=" + cursor + "&limit=1").then().statusCode(200)
                .body("items.metadata.name", equalTo(List.of("payments-api")));
        asAlice().contentType("application/json").body("{\"query\":{\"kind\":\"component\"},"
                        + "\"orderField\":[\"metadata.name,desc\"],\"limit\":2,\"offset\":2}")
                .when().post("/api/catalog/entities/by-query").then().statusCode(200)
                .body("items.metadata.name", equalTo(List.of("payments-api", "ledger")));
        asAlice().when().get("/api/catalog/entities/by-query?offset=-1").then().statusCode(400)
                .body("error.message", containsString("Invalid offset"));
    }

    @Test
    void rejectsBadCursorsLimitsAndOrderFields() {
        asAlice().when().get("/api/catalog/entities/by-query?cursor=garbage").then().statusCode(400)
                .body("error.message", equalTo("Malformed cursor, could not be parsed"));
        // Cursors that decode but could never have been ours: no direction, or a uid that is not one.
        for (String crafted : List.of(
                "{\"orderFields\":[{\"field\":\"metadata.name\"}],\"orderFieldValues\":[\"a\",\"" + UUID.randomUUID() + "\"]}",
                "{\"orderFields\":[{\"field\":\"metadata.name\",\"order\":\"asc\"}],\"orderFieldValues\":[\"a\",\"no-uid\"]}",
                "{\"orderFields\":[null],\"orderFieldValues\":[\"a\",\"" + UUID.randomUUID() + "\"]}")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(crafted.getBytes(StandardCharsets.UTF_8));
            asAlice().when().get("/api/catalog/entities/by-query?cursor=" + cursor).then().statusCode(400)
                    .body("error.name", equalTo("InputError"))
                    .body("error.message", equalTo("Malformed cursor, could not be parsed"));
        }
        asAlice().when().get("/api/catalog/entities/by-query?limit=100000").then().statusCode(400)
                .body("error.message", containsString("Invalid limit"));
        asAlice().when().get("/api/catalog/entities/by-query?limit=0").then().statusCode(400);
        asAlice().when().get("/api/catalog/entities/by-query?orderField=metadata.name").then().statusCode(400)
                .body("error.message", containsString("Invalid orderField"));
    }

    @Test
    void queriesWithThePredicateLanguage() {
        assertEquals(List.of("checkout-web", "ledger"), predicateNames("""
                {"$all": [{"kind": "component"}, {"$not": {"metadata.tags": "pci"}},
                          {"$any": [{"spec.type": "website"}, {"spec.lifecycle": {"$in": ["experimental"]}}]}]}"""));
        assertEquals(List.of("payments-api"), predicateNames("""
                {"metadata.annotations.pagerduty.com/service-id": {"$exists": true}}"""));
        assertEquals(List.of("payments", "payments-api", "payments-db", "payments-rest", "payments-team"),
                predicateNames("{\"metadata.name\": {\"$hasPrefix\": \"PAYMENTS\"}}"));
        assertEquals(List.of(), predicateNames("{\"$any\": []}"));
        asAlice().contentType("application/json").body("{\"query\": {\"kind\": {\"$like\": \"x\"}}}")
                .when().post("/api/catalog/entities/by-query").then().statusCode(400)
                .body("error.message", containsString("expected a primitive value, $exists, $in, or $hasPrefix operator"));
    }

    @Test
    void returnsEntitiesByRefsInRequestOrderWithNullForMissing() {
        asAlice().contentType("application/json").body("""
                {"entityRefs": ["system:default/payments", "component:default/nope", "Component:payments-api"],
                 "fields": ["metadata.name"]}""").when().post("/api/catalog/entities/by-refs")
                .then().statusCode(200)
                .body("items[0].metadata.name", equalTo("payments"))
                .body("items[1]", nullValue())
                .body("items[2].metadata.name", equalTo("payments-api"));
        asAlice().contentType("application/json").body("{\"entityRefs\": [\"no kind\"]}")
                .when().post("/api/catalog/entities/by-refs").then().statusCode(400);
    }

    @Test
    void countsFacetValuesWithTheirOriginalCase() {
        asAlice().when().get("/api/catalog/entity-facets?facet=spec.type&facet=metadata.tags&filter=kind=component")
                .then().statusCode(200)
                .body("facets.'spec.type'", equalTo(List.of(Map.of("value", "service", "count", 3),
                        Map.of("value", "library", "count", 1), Map.of("value", "website", "count", 1))))
                .body("facets.'metadata.tags'", hasItem(Map.of("value", "java", "count", 3)));
        asAlice().when().get("/api/catalog/entity-facets?facet=kind").then().statusCode(200)
                .body("facets.kind", hasItem(Map.of("value", "Component", "count", 5)));
    }

    /** Reads no longer resolve the caller themselves: the "api" permission must still turn away strangers. */
    @Test
    void readsNeedAnAcceptedToken() {
        for (String path : List.of("/api/catalog/entities/by-name/component/default/payments-api",
                "/api/catalog/entities/by-query?filter=kind=component", "/api/catalog/entities",
                "/api/catalog/entity-facets?facet=kind")) {
            given().when().get(path).then().statusCode(401).body("error.name", equalTo("AuthenticationError"));
            given().header("Authorization", "Bearer not-a-token").when().get(path).then().statusCode(401)
                    .body("error.name", equalTo("AuthenticationError"));
        }
        given().contentType("application/json").body("{\"entityRefs\": [\"component:default/payments-api\"]}")
                .when().post("/api/catalog/entities/by-refs").then().statusCode(401);
    }

    /** by-name answers with the stored bytes as they are: UTF-8 text beyond ASCII must come back unchanged. */
    @Test
    void byNameServesTheStoredEntity() {
        String description = "Zürich – naïve café ✓ 日本 \uD83D\uDE80";
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Domain
                metadata:
                  name: unicode-demo
                  description: "%s"
                spec: {owner: payments-team}
                """.formatted(description)); // a domain: the other tests count components and systems
        Response byName = asAlice().when().get("/api/catalog/entities/by-name/domain/default/unicode-demo");
        byName.then().statusCode(200).contentType(containsString("application/json"))
                .body("metadata.description", equalTo(description));
        Response byRefs = asAlice().contentType("application/json")
                .body("{\"entityRefs\": [\"domain:default/unicode-demo\"]}").when().post("/api/catalog/entities/by-refs");
        assertEquals(byRefs.jsonPath().getMap("items[0]"), byName.jsonPath().getMap("$"));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/no-such-thing").then().statusCode(404);
    }

    private static List<String> predicateNames(String query) {
        return sorted(asAlice().contentType("application/json").body("{\"query\": " + query + ", \"limit\": 100}")
                .when().post("/api/catalog/entities/by-query").then().statusCode(200)
                .extract().jsonPath().getList("items.metadata.name"));
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
