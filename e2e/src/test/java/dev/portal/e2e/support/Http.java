package dev.portal.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.Json;

/** HTTP with a demo user's real Keycloak token: the services' REST APIs and the gateway's GraphQL. */
public final class Http {

    /** A response: status and body text. */
    public record Response(int status, String body) {
        public JsonNode json() {
            return Json.tree(body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static Response get(String user, String url) {
        return send(request(user, url).GET().build());
    }

    public static Response post(String user, String url, Object jsonBody) {
        return send(request(user, url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(jsonBody))).build());
    }

    public static Response delete(String user, String url) {
        return send(request(user, url).DELETE().build());
    }

    /** A GET that must answer 200: its JSON (an assertion error with the answer otherwise). */
    public static JsonNode getOk(String user, String url) {
        return ok("GET " + url, get(user, url));
    }

    /** A POST of JSON that must answer 200: its JSON (an assertion error with the answer otherwise). */
    public static JsonNode postOk(String user, String url, Object jsonBody) {
        return ok("POST " + url, post(user, url, jsonBody));
    }

    private static JsonNode ok(String request, Response response) {
        if (response.status() != 200) {
            throw new AssertionError(request + ": " + response);
        }
        return response.json();
    }

    /** A GraphQL request to the gateway; the whole response ({@code data} and {@code errors}). */
    public static JsonNode graphql(String gatewayUrl, String user, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Response response = post(user, gatewayUrl + "/graphql", body);
        if (response.status() != 200) {
            throw new AssertionError("GraphQL " + response);
        }
        return response.json();
    }

    /** The {@code data} of a GraphQL response that must have no errors. */
    public static JsonNode graphqlData(String gatewayUrl, String user, String query, Map<String, Object> variables) {
        JsonNode response = graphql(gatewayUrl, user, query, variables);
        if (response.has("errors")) {
            throw new AssertionError("GraphQL errors: " + response.get("errors"));
        }
        return response.get("data");
    }

    /** A query parameter value, URL-encoded. */
    public static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder request(String user, String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KeycloakTokens.accessToken(user));
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
