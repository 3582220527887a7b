package dev.portal.devstack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;

/** The checks every service's smoke test makes of its real connections, written once. */
public final class StackAssertions {

    private StackAssertions() {
    }

    /**
     * A real Keycloak token for alice is accepted at {@code whoamiPath} and names her, her group and her admin role;
     * no token, or a forged one, gets 401 in the shared error body.
     */
    public static void assertTokensAreChecked(String whoamiPath) {
        given().auth().oauth2(KeycloakTokens.accessToken("alice"))
                .when().get(whoamiPath)
                .then().statusCode(200)
                .body("username", equalTo("alice"))
                .body("userRef", equalTo("user:default/alice"))
                .body("groups", hasItem("platform-team"))
                .body("roles", hasItem("portal-admin"));
        given().auth().oauth2(KeycloakTokens.accessToken("carol"))
                .when().get(whoamiPath)
                .then().statusCode(200)
                .body("groups", hasItem("web-team"))
                .body("groups", hasItem("payments-team"));
        given().when().get(whoamiPath)
                .then().statusCode(401)
                .header("WWW-Authenticate", notNullValue())
                .body("error.name", equalTo("AuthenticationError"))
                .body("request.method", equalTo("GET"))
                .body("request.url", equalTo(whoamiPath))
                .body("response.statusCode", equalTo(401));
        // Verified tokens are remembered (VerifiedTokenCache): the same token again is the same caller…
        given().auth().oauth2(KeycloakTokens.accessToken("alice"))
                .when().get(whoamiPath)
                .then().statusCode(200)
                .body("username", equalTo("alice"))
                .body("roles", hasItem("portal-admin"));
        // …while a token changed anywhere is verified afresh and rejected: its signature, or its claims.
        given().auth().oauth2(forged(KeycloakTokens.accessToken("alice")))
                .when().get(whoamiPath)
                .then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().auth().oauth2(withClaim(KeycloakTokens.accessToken("alice"), "preferred_username", "carol"))
                .when().get(whoamiPath)
                .then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        assertEveryApiOperationRefusesBadTokens();
    }

    /**
     * Every operation of the service's API, as its OpenAPI document lists them (path parameters filled with a
     * placeholder), answers 401 in the error shape to no token, a forged signature, an expired token and a token from
     * another issuer — so an endpoint added later is covered without being named here.
     *
     * @return how many requests were made
     */
    public static int assertEveryApiOperationRefusesBadTokens() {
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("a forged signature", forged(KeycloakTokens.accessToken("alice")));
        badTokens.put("an expired token", KeycloakTokens.expiredAccessToken("alice"));
        badTokens.put("another issuer's token", KeycloakTokens.foreignIssuerToken("alice"));
        int requests = 0;
        for (ApiOperation operation : apiOperations()) {
            // a body of the type the operation takes, so that the token, not the media type, decides
            String contentType = operation.bodyType() == null ? "application/json" : operation.bodyType();
            byte[] body = contentType.contains("json") ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                var request = given().contentType(contentType).body(body);
                if (bad.getValue() != null) {
                    request = request.auth().oauth2(bad.getValue());
                }
                var response = request.when().request(operation.method(), operation.url());
                assertEquals(401, response.statusCode(), operation.method() + " " + operation.url() + " with "
                        + bad.getKey() + ": " + response.asString());
                response.then().body("error.name", equalTo("AuthenticationError"));
                requests++;
            }
        }
        assertTrue(requests > 0, "the OpenAPI document lists no /api/ operation");
        return requests;
    }

    /**
     * An operation of the service's API as its OpenAPI document lists it: the method, the path template, the path with
     * every parameter set to {@code placeholder}, and the first media type its body takes (null: no body).
     */
    private record ApiOperation(String method, String path, String url, String bodyType) {
        String name() {
            return method + " " + path;
        }
    }

    /** Every GET, POST, PUT, PATCH and DELETE under {@code /api/} in the service's OpenAPI document. */
    private static List<ApiOperation> apiOperations() {
        JsonNode paths = Json.tree(given().accept("application/json").when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().asByteArray()).path("paths");
        List<ApiOperation> operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String method = operation.getKey().toUpperCase(Locale.ROOT);
            if (path.getKey().startsWith("/api/") && List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                Iterator<String> types = operation.getValue().path("requestBody").path("content").fieldNames();
                operations.add(new ApiOperation(method, path.getKey(), path.getKey().replaceAll("\\{[^}]+}", "placeholder"),
                        types.hasNext() ? types.next() : null));
            }
        }));
        return operations;
    }

    /** A request that proves a write is refused: the URL with real path parameters, and a body (null: none). */
    public record Refused(String url, String contentType, String body) {
        /** With a JSON body (or none). */
        public Refused(String url, String jsonBody) {
            this(url, "application/json", jsonBody);
        }
    }

    /**
     * Every write operation (POST, PUT, PATCH, DELETE under {@code /api/}) of the service's OpenAPI document is
     * classified: either refused to {@code user}, a signed-in user without rights, with <b>403 NotAllowedError</b> —
     * each proven by the request in {@code refused} (keyed {@code "METHOD /path/{template}"}) — or named in
     * {@code openToEveryone} with the reason (reads that take a body, registrations Backstage allows anyone). An
     * operation added later fails this until it is classified. That nothing was written is the caller's to check.
     *
     * @return how many requests were refused
     */
    public static int assertEveryWriteNeedsRights(String user, Map<String, Refused> refused,
                                                   Map<String, String> openToEveryone) {
        List<String> writes = apiOperations().stream().filter(o -> !o.method().equals("GET")).map(ApiOperation::name)
                .toList();
        for (String operation : writes) {
            assertTrue(refused.containsKey(operation) ^ openToEveryone.containsKey(operation), operation
                    + " must be either refused to a user without rights (with a request proving it) or named as open"
                    + " to everyone, with the reason");
        }
        List<String> unknown = new ArrayList<>(refused.keySet());
        unknown.addAll(openToEveryone.keySet());
        unknown.removeAll(writes);
        assertTrue(unknown.isEmpty(), "not write operations of the OpenAPI document: " + unknown);

        String token = KeycloakTokens.accessToken(user);
        int requests = 0;
        for (Map.Entry<String, Refused> entry : refused.entrySet()) {
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            Refused request = entry.getValue();
            var spec = given().auth().oauth2(token);
            if (request.body() != null) {
                spec = spec.contentType(request.contentType()).body(request.body().getBytes(StandardCharsets.UTF_8));
            }
            var response = spec.when().request(method, request.url());
            assertEquals(403, response.statusCode(), entry.getKey() + " as " + user + " (" + method + " "
                    + request.url() + "): " + response.asString());
            response.then().body("error.name", equalTo("NotAllowedError"))
                    .body("response.statusCode", equalTo(403));
            requests++;
        }
        return requests;
    }

    /**
     * The HTTP limits hold on every POST, PUT and PATCH operation of the service's OpenAPI document: a body over
     * {@code bodyLimitBytes} (announced with {@code Expect: 100-continue}, so it is refused before it is sent) gets
     * 413, and, where the operation takes a body, a media type it does not take gets 415 in the error shape; a 64 KB
     * header gets 431 from the HTTP layer.
     * After each, the service still answers. Requests are made as alice (portal-admin), so rights never decide.
     *
     * @return how many requests were refused
     */
    public static int assertHttpLimitsOnEveryOperation(long bodyLimitBytes) throws IOException, InterruptedException {
        String token = KeycloakTokens.accessToken("alice");
        byte[] oversized = new byte[(int) bodyLimitBytes + 1024 * 1024];
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        String base = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        int requests = 0;
        for (ApiOperation operation : apiOperations()) {
            if (!List.of("POST", "PUT", "PATCH").contains(operation.method())) {
                continue;
            }
            String declared = operation.bodyType();
            var tooLarge = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + operation.url()))
                    .expectContinue(true).header("Authorization", "Bearer " + token)
                    .header("Content-Type", declared == null ? "application/octet-stream" : declared)
                    .method(operation.method(), java.net.http.HttpRequest.BodyPublishers.ofByteArray(oversized)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode(), operation.name() + " with a body over the limit: " + tooLarge.body());
            requests++;
            if (declared == null) {
                continue; // takes no body: no media type to refuse
            }
            var unsupported = given().auth().oauth2(token).contentType("application/x-portal-unknown")
                    .body("x".getBytes(StandardCharsets.UTF_8)).when().request(operation.method(), operation.url());
            assertEquals(415, unsupported.statusCode(), operation.name() + " with an unknown media type: "
                    + unsupported.asString());
            unsupported.then().body("response.statusCode", equalTo(415));
            requests++;
        }
        var header = given().auth().oauth2(token).header("X-Padding", "x".repeat(64 * 1024)).when().get("/q/health/live");
        assertEquals(431, header.statusCode(), "a 64 KB header");
        given().when().get("/q/health/live").then().statusCode(200);
        assertTrue(requests > 0, "the OpenAPI document lists no operation that takes a body");
        return requests + 1;
    }

    /**
     * What an operator alerts on when changes stop reaching a view, on the service's {@code /q/metrics} within 20 s
     * (its consumers are made on threads of their own): how far each named Kafka consumer is behind its topics
     * ({@code KafkaMeters}; NaN until its first fetch) and, for each topic given, the backlog of the outbox that
     * publishes to it (a count, so never NaN while the database answers).
     */
    public static void assertChangeFlowOnMetrics(List<String> consumerClientIds, List<String> outboxTopics)
            throws InterruptedException {
        Map<String, Boolean> expected = new LinkedHashMap<>(); // series → whether it must hold a number
        consumerClientIds.forEach(id -> expected.put("kafka_consumer_fetch_manager_records_lag_max{client_id=\"" + id
                + "\"", false));
        outboxTopics.forEach(topic -> expected.put("portal_outbox_pending{topic=\"" + topic + "\"}", true));
        Instant deadline = Instant.now().plusSeconds(20);
        List<String> missing = List.copyOf(expected.keySet());
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            List<String> lines = given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                    .toList();
            missing = expected.entrySet().stream().filter(series -> lines.stream().noneMatch(line ->
                    line.startsWith(series.getKey()) && !(series.getValue() && line.endsWith(" NaN"))))
                    .map(Map.Entry::getKey).toList();
            Thread.sleep(200);
        }
        assertTrue(missing.isEmpty(), "not on /q/metrics (or NaN): " + missing);
    }

    /** Readiness is UP and names each dependency check, and metrics and the OpenAPI document are served. */
    public static void assertOperationalEndpoints(String... readinessChecks) {
        var ready = given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        for (String check : readinessChecks) {
            ready.body("checks.name", hasItem(check));
        }
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue());
    }

    /** A CloudEvent produced to {@code topic} comes back from it with its key, headers and value intact. */
    public static void assertKafkaRoundTrip(String bootstrap, String topic) {
        String key = "component:default/smoke-" + UUID.randomUUID();
        byte[] value = ("{\"ref\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        CloudEventEnvelope sent = CloudEventEnvelope.create(URI.create("/test/smoke"), EventType.ENTITY_CHANGED, key);

        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(KafkaCloudEvents.record(topic, key, sent, value)).get();
        } catch (Exception e) {
            fail("could not produce to " + topic + ": " + e);
        }

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        CloudEventEnvelope received = KafkaCloudEvents.read(record.headers());
                        assertEquals(sent.id(), received.id());
                        assertEquals(EventType.ENTITY_CHANGED, received.type());
                        assertArrayEquals(value, record.value());
                        return;
                    }
                }
            }
        }
        fail("the record produced to " + topic + " was not consumed back within 30 s");
    }

    /** The token with its signature's last characters changed: well-formed, but not signed by Keycloak. */
    /** The token with one claim of its payload changed and its signature kept. */
    private static String withClaim(String token, String claim, String value) {
        String[] parts = token.split("\\.");
        try {
            ObjectNode payload = (ObjectNode) Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            payload.put(claim, value);
            String encoded = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
            return parts[0] + "." + encoded + "." + parts[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String forged(String token) {
        char last = token.charAt(token.length() - 5);
        return token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
    }
}
