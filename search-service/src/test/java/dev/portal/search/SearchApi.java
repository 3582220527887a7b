package dev.portal.search;

import static io.restassured.RestAssured.given;

import java.util.Map;

import dev.portal.devstack.KeycloakTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Calls the search API as alice, with a real Keycloak token. */
public final class SearchApi {

    private SearchApi() {
    }

    public static RequestSpecification asAlice() {
        return given().auth().oauth2(KeycloakTokens.accessToken("alice"));
    }

    /** {@code GET /api/search/query} with these parameters (names as Backstage's clients write them). */
    public static Response query(Map<String, ?> parameters) {
        return asAlice().queryParams(parameters).when().get("/api/search/query");
    }

    /** The 200 response body of a query. */
    public static JsonPath found(Map<String, ?> parameters) {
        Response response = query(parameters);
        if (response.statusCode() != 200) {
            throw new AssertionError("query " + parameters + " answered " + response.statusCode() + ": "
                    + response.asString());
        }
        return response.jsonPath();
    }

    /**
     * Waits until the service says it is ready: OpenSearch answers and its indices (created by the indexer when the
     * application starts) are searchable. Until then a query is rightly a 503.
     */
    public static void awaitReady() {
        Await.until(SearchApi::readiness, status -> status.startsWith("200"), "the service to be ready");
    }

    /** The readiness status and body, so a failure shows which check was down. */
    public static String readiness() {
        Response response = given().get("/q/health/ready");
        return response.statusCode() + " " + response.asString();
    }

    /** The document of the entity with this ref, as search returns it; null while it is not (or no longer) found. */
    public static Map<String, Object> document(String ref) {
        JsonPath found = found(Map.of("filters[entityRef]", ref));
        return found.getInt("numberOfResults") == 0 ? null : found.getMap("results[0].document");
    }
}
