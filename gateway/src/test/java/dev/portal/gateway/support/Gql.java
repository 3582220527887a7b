package dev.portal.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.Json;

/** Posts GraphQL to the gateway under test with a real Keycloak token and returns the whole response. */
public final class Gql {

    private Gql() {
    }

    public static JsonNode as(String user, String query) {
        return as(user, query, Map.of());
    }

    public static JsonNode as(String user, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        String response = given().auth().oauth2(KeycloakTokens.accessToken(user)).contentType("application/json")
                .body(Json.toBytes(body)).when().post("/graphql").then().extract().asString();
        return Json.tree(response.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The data of a response that must have no errors. */
    public static JsonNode data(String user, String query) {
        return data(user, query, Map.of());
    }

    public static JsonNode data(String user, String query, Map<String, Object> variables) {
        JsonNode response = as(user, query, variables);
        if (response.has("errors")) {
            throw new AssertionError("GraphQL errors: " + response.get("errors"));
        }
        return response.get("data");
    }
}
