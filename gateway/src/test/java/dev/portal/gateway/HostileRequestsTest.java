package dev.portal.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.Json;
import dev.portal.gateway.support.Gql;
import dev.portal.gateway.support.Metrics;
import dev.portal.gateway.support.RealServices;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hostile and malformed requests to /graphql: each is refused with a clear 4xx, or a GraphQL {@code errors} entry
 * naming the problem where GraphQL-over-HTTP answers 200 — never a 500, a stack trace or an internal class name; a
 * mutation inside a refused request is not applied; and the gateway keeps serving (checked after every test).
 */
@QuarkusTest
@WithTestResource(value = RealServices.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HostileRequestsTest {

    /** The body limit of application.properties (quarkus.http.limits.max-body-size=2M). */
    static final int BODY_LIMIT = 2 * 1024 * 1024;
    /** What a leaked stack trace or internal class name looks like. */
    static final Pattern LEAK = Pattern.compile("\\bat [\\w$.]+\\(|\\b(java|javax|jakarta|io|org|com|dev|graphql|sun)\\.[a-z]\\w*(\\.[\\w$]+)+");

    /** GraphiQL's introspection query (graphql-js getIntrospectionQuery), as the UI sends it. */
    static final String INTROSPECTION = """
            query IntrospectionQuery {
              __schema {
                queryType { name } mutationType { name } subscriptionType { name }
                types { ...FullType }
                directives { name description locations args { ...InputValue } }
              }
            }
            fragment FullType on __Type {
              kind name description
              fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
              inputFields { ...InputValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
            fragment TypeRef on __Type {
              kind name
              ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
                ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
            }
            """;

    @TestHTTPResource("/graphql")
    URI graphql;

    final String token = KeycloakTokens.accessToken("bob");

    @AfterEach
    void theGatewayKeepsServing() {
        JsonNode normal = Gql.as("bob", "{ entity(ref: \"user:default/bob\") { ref } }");
        assertEquals("user:default/bob", normal.at("/data/entity/ref").asText(), normal.toString());
        given().when().get("/q/health/live").then().statusCode(200);
    }

    // ---- introspection

    @Test
    void standardIntrospectionWorks() {
        JsonNode schema = Gql.data("bob", INTROSPECTION).get("__schema");
        assertEquals("Query", schema.at("/queryType/name").asText());
        assertTrue(schema.get("types").size() > 20, schema.toString().substring(0, 200));
        assertEquals("Component", Gql.data("bob", "{ __type(name: \"Component\") { name fields { name type { name kind"
                + " ofType { name } } } } }").at("/__type/name").asText());
    }

    @Test
    void abusiveIntrospectionIsRefused() {
        // ofType nested 100 deep (good faith allows 20 levels)
        String ofType = "{ __type(name: \"Component\") { " + "ofType { ".repeat(100) + "name" + " }".repeat(100) + " } }";
        assertGraphQLError(postQuery(ofType), "introspection in good faith");
        // fields { type { fields { type … } } }: a cycle through __Type.fields
        String cycle = "{ __schema { types { " + "fields { type { ".repeat(20) + "name" + " } }".repeat(20) + " } } }";
        assertGraphQLError(postQuery(cycle), "introspection in good faith");
        // 1,000 aliases of __schema, and two
        assertGraphQLError(postQuery(aliases(1000, "__schema { queryType { name } }")), "introspection in good faith");
        assertGraphQLError(postQuery(aliases(2, "__schema { queryType { name } }")), "Query.__schema is present too often");
        // very wide: the whole schema plus 300 aliases of __type
        String wide = "{ __schema { types { name kind description fields { name description args { name type { name kind"
                + " ofType { name kind } } defaultValue } type { name kind } isDeprecated deprecationReason } } } "
                + aliases(300, "__type(name: \"Component\") { name }").substring(1);
        assertGraphQLError(postQuery(wide), "introspection in good faith");
        // __typename is counted like any field: 1,001 aliases are over the complexity limit of 1,000
        assertGraphQLError(postQuery(aliases(1001, "__typename")), "maximum query complexity exceeded 1001 > 1000");
    }

    // ---- query shapes

    @Test
    void abusiveQueryShapesAreRefused() {
        // 1 MB of whitespace, 100,000 tokens: over the parser's limits (200,000 whitespace tokens, 15,000 tokens, 1 MB)
        assertGraphQLError(postQuery("{" + " ".repeat(1024 * 1024) + "__typename }"), "Unparseable input document");
        assertGraphQLError(postQuery("{" + " __typename".repeat(100_000) + " }"), "Unparseable input document");
        assertGraphQLError(postQuery("{" + ",".repeat(300_000) + "__typename }"), "Unparseable input document");
        // fragment cycles
        assertGraphQLError(postQuery("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
                "Fragment cycles not allowed");
        assertGraphQLError(postQuery("query { ...A } fragment A on Query { entity(ref: \"user:default/bob\") { ...A } }"),
                "Validation error");
        // 3,000 fragments (over the token limit), and one fragment spread 7,000 times (within it: merged, run once)
        StringBuilder fragments = new StringBuilder("query { ");
        for (int i = 0; i < 3000; i++) {
            fragments.append("...F").append(i).append(' ');
        }
        fragments.append("} ");
        for (int i = 0; i < 3000; i++) {
            fragments.append("fragment F").append(i).append(" on Query { __typename } ");
        }
        assertGraphQLError(postQuery(fragments.toString()), "Unparseable input document");
        JsonNode spread = json(postQuery("query { " + "...F ".repeat(7000) + "} fragment F on Query { entity(ref: \"user:default/bob\") { ref } }"), 200);
        assertEquals("user:default/bob", spread.at("/data/entity/ref").asText(), spread.toString());
        // deeper than the depth limit, through fragments
        assertGraphQLError(postQuery("{ entity(ref: \"user:default/bob\") { ...R } } fragment R on Entity { relations { target { "
                + "relations { target { ".repeat(10) + "ref" + " } }".repeat(10) + " } } }"), "maximum query depth exceeded");
        // batches (a JSON array of operations) are not accepted
        assertGraphQLError(post(token, "application/json", "[" + body("{ __typename }") + "," + body("{ __typename }") + "]"),
                "Unparseable request");
    }

    // ---- variables

    @Test
    void hugeAndMalformedVariablesAreRefused() {
        // 5 MB of variables: over the body limit
        String big = "x".repeat(5 * 1024 * 1024);
        assertOversizedRefused("{\"query\":\"query($r: String!) { entity(ref: $r) { ref } }\",\"variables\":{\"r\":\"" + big + "\"}}");
        // a 1 MB string where a ref is expected: refused, and not echoed back whole
        HttpResponse<String> longRef = post(token, "application/json", "{\"query\":\"query($r: String!) { entity(ref: $r) { ref } }\","
                + "\"variables\":{\"r\":\"" + "x".repeat(1024 * 1024) + "\"}}");
        assertGraphQLError(longRef, "was not on the form");
        assertTrue(longRef.body().length() < 2000, "the error echoes the whole input: " + longRef.body().length() + " chars");
        // nested 10,000 deep
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertRefused(post(token, "application/json", "{\"query\":\"{ __typename }\",\"variables\":" + deep + "}"), 400,
                "nested too deeply");
        assertRefused(post(token, "application/json", "{\"query\":\"{ __typename }\",\"variables\":{\"a\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}}"), 400, "nested too deeply");
        // a list of 1,000,000 items: over the body limit; one of 100,000 (under it): over the list limit of 1,000
        assertOversizedRefused("{\"query\":\"query($ids: [ID!]!) { nodes(ids: $ids) { id } }\","
                + "\"variables\":{\"ids\":[" + "\"bm90LWFuLWlk\",".repeat(999_999) + "\"bm90LWFuLWlk\"]}}");
        assertGraphQLError(post(token, "application/json", "{\"query\":\"query($ids: [ID!]!) { nodes(ids: $ids) { id } }\","
                + "\"variables\":{\"ids\":[" + "\"x\",".repeat(99_999) + "\"x\"]}}"),
                "variable $ids has a list of 100000 items: at most 1000 are allowed");
        // the wrong types
        assertGraphQLError(post(token, "application/json", "{\"query\":\"query($r: String!) { entity(ref: $r) { ref } }\","
                + "\"variables\":{\"r\":{\"x\":1}}}"), "Variable 'r' has an invalid value");
        assertGraphQLError(post(token, "application/json", "{\"query\":\"query($r: String!) { entity(ref: $r) { ref } }\","
                + "\"variables\":{\"r\":5}}"), "Variable 'r' has an invalid value");
        assertGraphQLError(post(token, "application/json", "{\"query\":\"query($r: String!) { entity(ref: $r) { ref } }\","
                + "\"variables\":{}}"), "Variable 'r'");
        // variables that are not an object
        for (String notAnObject : new String[] {"[1,2]", "\"abc\"", "5", "true"}) {
            assertRefused(post(token, "application/json", "{\"query\":\"{ __typename }\",\"variables\":" + notAnObject + "}"), 400,
                    "'variables' must be a JSON object");
        }
        // extensions that are not an object are ignored (SmallRye reads none): the query runs
        JsonNode extensions = json(post(token, "application/json", "{\"query\":\"{ __typename }\",\"extensions\":[1]}"), 200);
        assertEquals("Query", extensions.at("/data/__typename").asText(), extensions.toString());
        assertRefused(post(token, "application/json", "{\"query\":\"{ __typename }\",\"operationName\":{\"a\":1}}"), 400,
                "'operationName' must be a string");
        // a query that is not a string, or none
        assertGraphQLError(post(token, "application/json", "{\"query\":5}"), "Missing 'query' field");
        assertGraphQLError(post(token, "application/json", "{\"variables\":{}}"), "Missing 'query' field");
    }

    // ---- HTTP

    @Test
    void httpAbuseIsRefused() throws Exception {
        byte[] oversized = new byte[BODY_LIMIT + 1024 * 1024];
        Arrays.fill(oversized, (byte) ' ');
        // announced with Expect: 100-continue: 413 before the body is sent; and sent anyway: 413
        String announced = announce(token, oversized.length);
        assertTrue(announced.startsWith("HTTP/1.1 413 "), announced);
        assertFalse(announced.contains("100 Continue"), announced);
        assertRefused(send(HttpRequest.newBuilder(graphql).expectContinue(true).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(oversized))), 413, null);
        assertOversizedRefused(new String(oversized, StandardCharsets.US_ASCII));
        // a 64 KB header
        assertRefused(send(HttpRequest.newBuilder(graphql).header("Authorization", "Bearer " + token)
                .header("X-Padding", "x".repeat(64 * 1024)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("{ __typename }")))), 431, null);
        // media types other than JSON (or application/graphql): 415, even with a JSON body
        for (String type : new String[] {"text/plain", "text/plain;charset=UTF-8", "application/xml",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            assertRefused(post(token, type, body("{ __typename }")), 415, "Unsupported Content-Type");
        }
        assertRefused(post(token, "application/xml", "<query>{ __typename }</query>"), 415, "Unsupported Content-Type");
        // malformed JSON, an empty body, JSON that is not an object
        assertGraphQLError(post(token, "application/json", "{\"query\": \"{ __typename }\""), "Unparseable request");
        assertGraphQLError(post(token, "application/json", "{query: }"), "Unparseable request");
        assertGraphQLError(post(token, "application/json", "null"), "Unparseable request");
        assertRefused(post(token, "application/json", ""), 400, "The request body is empty");
        // GET: not served (no CSRF-able reads, no mutations by GET), and an enormous query string: 414
        String mutation = "mutation { refreshEntity(ref: \"component:default/ledger-service\") }";
        assertRefused(send(HttpRequest.newBuilder(URI.create(graphql + "?query=" + enc(mutation)))
                .header("Authorization", "Bearer " + token).GET()), 405, null);
        assertRefused(send(HttpRequest.newBuilder(URI.create(graphql + "?query=" + enc("{ __typename }")))
                .header("Authorization", "Bearer " + token).GET()), 405, null);
        assertRefused(send(HttpRequest.newBuilder(URI.create(graphql + "?query=" + "a".repeat(200_000)))
                .header("Authorization", "Bearer " + token).GET()), 414, null);
    }

    @Test
    void withoutATokenNothingIsParsedOrRead() throws Exception {
        long calls = Metrics.downstreamCalls(null);
        // an abusive query: 401 before any parsing, nothing called
        assertRefused(post(null, "application/json", body(aliases(1000, "entity(ref: \"user:default/bob\") { ref }"))), 401,
                "Authentication required");
        // an oversized body announced with Expect: 100-continue: 401 at once, the body never read (the connection
        // is closed instead of draining it)
        byte[] oversized = new byte[BODY_LIMIT + 1024 * 1024];
        Arrays.fill(oversized, (byte) ' ');
        String announced = announce(null, oversized.length);
        assertTrue(announced.startsWith("HTTP/1.1 401 "), announced);
        assertFalse(announced.contains("100 Continue"), announced);
        assertTrue(announced.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), announced);
        assertTrue(announced.contains("Authentication required"), announced);
        // …and sent without asking: 401 or 413 (the connection closes as soon as the gateway answered)
        int sent = sendOversized(HttpRequest.newBuilder(graphql).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized)));
        assertTrue(sent == 401 || sent == 413 || sent == -1, "an oversized body without a token: " + sent);
        // a forged token with an abusive body: 401 too
        assertRefused(post(token.substring(0, token.length() - 4) + "AAAA", "application/json",
                body("{" + " __typename".repeat(100_000) + " }")), 401, "Authentication required");
        assertEquals(calls, Metrics.downstreamCalls(null), "no downstream call for unauthenticated requests");
    }

    // ---- nothing half-written

    @Test
    void aMutationInARefusedRequestIsNotApplied() throws Exception {
        String marker = "hostile-" + UUID.randomUUID();
        String ref = "component:default/payments-api-service"; // payments-team's: bob may exempt it
        String mutation = "mutation { createExemption(entityRef: \"" + ref + "\", checkId: \"techdocs-built\", justification: \""
                + marker + "\", expiresAt: \"2030-01-01T00:00:00Z\") { id } }";
        long scorecardCalls = Metrics.downstreamCalls("scorecard");

        // over the complexity limit
        assertGraphQLError(postQuery(mutation.substring(0, mutation.length() - 2) + aliases(1000, "__typename").substring(1)),
                "maximum query complexity exceeded");
        // with a fragment cycle, over the token limit
        assertGraphQLError(postQuery(mutation.replace("{ id }", "{ ...A }") + " fragment A on Exemption { ...B }"
                + " fragment B on Exemption { ...A }"), "Fragment cycles not allowed");
        assertGraphQLError(postQuery(mutation.replace("{ id }", "{ id" + " id".repeat(20_000) + " }")), "Unparseable input document");
        // with variables of the wrong type, not an object, nested too deep, too many
        String withVariable = "mutation($j: String!) { createExemption(entityRef: \"" + ref
                + "\", checkId: \"techdocs-built\", justification: $j, expiresAt: \"2030-01-01T00:00:00Z\") { id } }";
        assertGraphQLError(post(token, "application/json", "{\"query\":" + Json.mapper().valueToTree(withVariable)
                + ",\"variables\":{\"j\":[\"" + marker + "\"]}}"), "Variable 'j' has an invalid value");
        assertRefused(post(token, "application/json", "{\"query\":" + Json.mapper().valueToTree(mutation) + ",\"variables\":[1]}"),
                400, "'variables' must be a JSON object");
        assertRefused(post(token, "application/json", "{\"query\":" + Json.mapper().valueToTree(mutation) + ",\"variables\":"
                + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}"), 400, "nested too deeply");
        // in a batch, by GET, as text/plain, without a token, in an oversized body
        assertGraphQLError(post(token, "application/json", "[" + body(mutation) + "]"), "Unparseable request");
        assertRefused(send(HttpRequest.newBuilder(URI.create(graphql + "?query=" + enc(mutation)))
                .header("Authorization", "Bearer " + token).GET()), 405, null);
        assertRefused(post(token, "text/plain", body(mutation)), 415, "Unsupported Content-Type");
        assertRefused(post(null, "application/json", body(mutation)), 401, "Authentication required");
        assertOversizedRefused(body(mutation + " ".repeat(BODY_LIMIT)));

        assertEquals(scorecardCalls, Metrics.downstreamCalls("scorecard"), "the scorecard service was not called");
        assertFalse(exemptionJustifications(ref).contains(marker), "a refused mutation was applied");

        // the read would have seen it: the same mutation, sent properly, is applied (and removed again)
        String id = Gql.data("bob", mutation).at("/createExemption/id").asText();
        try {
            assertTrue(exemptionJustifications(ref).contains(marker));
        } finally {
            Gql.data("bob", "mutation($id: String!) { removeExemption(id: $id) }", Map.of("id", id));
        }
    }

    private static String exemptionJustifications(String ref) {
        return Gql.data("bob", "{ entity(ref: \"" + ref + "\") { scorecards { checks { exemption { justification } } } } }")
                .toString();
    }

    // ---- helpers

    /** {@code { a0: <field> a1: <field> … }}. */
    static String aliases(int count, String field) {
        StringBuilder q = new StringBuilder("{ ");
        for (int i = 0; i < count; i++) {
            q.append('a').append(i).append(": ").append(field).append(' ');
        }
        return q.append('}').toString();
    }

    static String body(String query) {
        return "{\"query\":" + Json.mapper().valueToTree(query) + "}";
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> postQuery(String query) {
        return post(token, "application/json", body(query));
    }

    HttpResponse<String> post(String bearer, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(graphql).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    /**
     * Sends a body over the limit without announcing it: the gateway answers 413 (or 401 without a token) and closes
     * the connection without reading the body, so the client may instead see the connection closed while it is still
     * sending (status -1); either way nothing was read.
     */
    int sendOversized(HttpRequest.Builder request) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<String> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(60, TimeUnit.SECONDS);
            assertNoLeak(response.body());
            return response.statusCode();
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
            return -1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@link #sendOversized} of a JSON body with bob's token: 413, or the connection closed. */
    void assertOversizedRefused(String body) {
        int status = sendOversized(HttpRequest.newBuilder(graphql).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(status == 413 || status == -1, "a body over the limit: " + status);
    }

    /**
     * Sends with a deadline, so a request the gateway never answers fails the test instead of hanging it; on a new
     * connection each time (a refused request may close its connection).
     */
    HttpResponse<String> send(HttpRequest.Builder request) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 60 s", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Announces a JSON body of {@code length} bytes with {@code Expect: 100-continue} and sends none of it: the gateway
     * must answer with a final status at once. (Raw, because Java's HttpClient waits forever for the body of a final
     * answer to an expectation.) Returns the whole answer, read until the gateway closes the connection.
     */
    String announce(String bearer, int length) throws Exception {
        try (Socket socket = new Socket(graphql.getHost(), graphql.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /graphql HTTP/1.1\r\nHost: " + graphql.getHost() + ":" + graphql.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\nExpect: 100-continue\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the gateway closes the connection after its answer: read to the end
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Answered {@code status}, with {@code message} (if given) in a GraphQL error, and nothing leaked. */
    static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body().length() > 500 ? response.body().substring(0, 500) : response.body());
        assertNoLeak(response.body());
        if (message != null) {
            JsonNode body = json(response, status);
            assertTrue(body.at("/errors/0/message").asText().contains(message), body.toString());
            assertFalse(body.hasNonNull("data"), body.toString());
        }
    }

    /** A GraphQL-over-HTTP answer (200) with an error naming the problem, no data, and nothing leaked. */
    static void assertGraphQLError(HttpResponse<String> response, String message) {
        JsonNode body = json(response, 200);
        assertNoLeak(response.body());
        assertTrue(body.at("/errors/0/message").asText().contains(message), body.toString());
        assertTrue(body.path("data").isMissingNode() || body.path("data").isNull() || body.toString().contains("\"data\":{\"entity\":null}"),
                body.toString());
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        String text = response.body();
        assertEquals(status, response.statusCode(), text.length() > 500 ? text.substring(0, 500) : text);
        try {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            fail("not JSON: " + (text.length() > 500 ? text.substring(0, 500) : text));
            return null;
        }
    }

    static void assertNoLeak(String body) {
        var leak = LEAK.matcher(body);
        assertFalse(leak.find(), () -> "leaks '" + leak.group() + "': " + (body.length() > 500 ? body.substring(0, 500) : body));
    }
}
