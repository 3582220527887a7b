package dev.portal.catalog;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Hostile and malformed input to the catalog's write API (issue 10): each gets a 4xx in the shared error shape,
 * nothing of the request is written (every hostile batch also carries a valid entity, which must not appear), and
 * the service keeps serving. The tally printed at the end is what docs/reliability.md records.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class HostileInputTest {

    private static final String SEED = "/api/catalog/admin/entities";
    private static final List<String> TALLY = new ArrayList<>();
    private static final Pattern RIDER = Pattern.compile("[a-z0-9]+-rider");

    /** A valid entity that rides along in hostile batches: it must never be stored. */
    private static String valid(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: " + name + "}\n"
                + "spec: {type: service, lifecycle: production, owner: platform-team}\n";
    }

    private static String validJson(String name) {
        return "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"platform-team\"}}";
    }

    static Stream<Arguments> hostileBodies() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(9))
                    .append("*").append((char) (c - 1)).append("]\n");
        }
        byte[] invalidUtf8 = (valid("bad-bytes") + "  description: \"caf").getBytes(StandardCharsets.UTF_8);
        invalidUtf8 = concat(invalidUtf8, new byte[] {(byte) 0xC3, (byte) 0x28, '"', '\n'});
        return Stream.of(
                yaml("a billion-laughs alias bomb", valid("bomb-rider") + "---\n" + bomb),
                yaml("a document nested 10,000 deep", valid("deep-rider") + "---\n" + "[".repeat(10_000)
                        + "]".repeat(10_000) + "\n"),
                yaml("invalid UTF-8", invalidUtf8),
                yaml("duplicate keys", valid("dup-rider") + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
                        + "kind: API\nmetadata: {name: dup}\nspec: {type: service, lifecycle: production, owner: x}\n"),
                yaml("tabs as indentation", valid("tab-rider") + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
                        + "metadata:\n\tname: tabbed\n"),
                yaml("a document that is a scalar", valid("scalar-rider") + "---\njust a string\n"),
                yaml("a document that is a list", valid("list-rider") + "---\n- a\n- b\n"),
                yaml("not YAML at all", valid("garbage-rider") + "---\n{ [ : }\n"),
                yaml("an empty body", ""),
                json("malformed JSON", "[" + validJson("malformed-rider") + ", {\"kind\": oops}]"),
                json("JSON nested 10,000 deep", "[" + validJson("deepjson-rider") + ", " + "[".repeat(10_000)
                        + "]".repeat(10_000) + "]"),
                json("JSON with duplicate keys", "[" + validJson("dupjson-rider") + ", {\"apiVersion\":\"backstage.io/v1alpha1\","
                        + "\"kind\":\"Component\",\"kind\":\"API\",\"metadata\":{\"name\":\"dupjson\"},"
                        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"x\"}}]"),
                json("JSON invalid UTF-8", concat(("[" + validJson("utf8json-rider") + ", {\"kind\":\"")
                        .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, (byte) 0xFE, '"', '}', ']'})),
                // PostgreSQL text cannot hold U+0000 (each was a 500).
                json("a NUL character in a description", "[" + validJson("nuldesc-rider") + ", {\"apiVersion\":"
                        + "\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"nul\","
                        + "\"description\":\"a\\u0000b\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\","
                        + "\"owner\":\"x\"}}]"),
                json("a NUL character in a ref", "[" + validJson("nulref-rider") + ", {\"apiVersion\":"
                        + "\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"nul\"},"
                        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"x\","
                        + "\"dependsOn\":[\"component:x\\u0000y\"]}}]"),
                json("a NUL character in a field name", "[" + validJson("nulkey-rider") + ", {\"apiVersion\":"
                        + "\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"nul\"},"
                        + "\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"x\",\"x\\u0000\":1}}]"),
                json("JSON that is a number", "42"),
                json("JSON array of non-objects", "[" + validJson("scalars-rider") + ", 1, \"two\", null]"),
                json("an empty JSON body", ""),
                Arguments.of("a wrong content type (text/plain)", "text/plain", valid("plain-rider")
                        .getBytes(StandardCharsets.UTF_8), "plain-rider"),
                Arguments.of("a wrong content type (application/xml)", "application/xml",
                        "<entity/>".getBytes(StandardCharsets.UTF_8), null));
    }

    private static Arguments yaml(String what, String body) {
        return yaml(what, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments yaml(String what, byte[] body) {
        return Arguments.of(what, "application/yaml", body, rider(new String(body, StandardCharsets.UTF_8)));
    }

    private static Arguments json(String what, String body) {
        return json(what, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments json(String what, byte[] body) {
        return Arguments.of(what, "application/json", body, rider(new String(body, StandardCharsets.UTF_8)));
    }

    /** The name of the valid entity a body carries ("…-rider"), if any. */
    private static String rider(String body) {
        Matcher rider = RIDER.matcher(body);
        return rider.find() ? rider.group() : null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void rejectsHostileInputWholeWithAClearErrorAndKeepsServing(String what, String contentType, byte[] body,
                                                                String rider) {
        Response response = asAlice().contentType(contentType).body(body).when().post(SEED);

        int status = response.statusCode();
        assertTrue(status >= 400 && status < 500, what + " answered " + status + ": " + response.asString());
        response.then().body("error.name", notNullValue()).body("error.message", notNullValue())
                .body("response.statusCode", equalTo(status)).body("request.url", equalTo(SEED));
        if (rider != null) {
            asAlice().when().get("/api/catalog/entities/by-name/component/default/" + rider).then().statusCode(404);
        }
        assertServing();
        TALLY.add(what + " → " + status + " " + response.jsonPath().getString("error.name"));
    }

    @Test
    void rejectsABodyOverTheLimitWith413() throws Exception {
        // 50 MB of otherwise valid YAML. A client announcing its size (Expect: 100-continue) is refused before it
        // sends the body, as HTTP intends; the 413 comes from the HTTP layer.
        String big = valid("huge-rider") + "  description: \"" + "x".repeat(50 * 1024 * 1024) + "\"\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + SEED))
                .expectContinue(true).header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + KeycloakTokens.accessToken("alice"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big.getBytes(StandardCharsets.UTF_8))).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode(), response.body());
        asAlice().when().get("/api/catalog/entities/by-name/component/default/huge-rider").then().statusCode(404);
        assertServing();
        TALLY.add("a 50 MB body → 413");
    }

    @Test
    void rejectsOversizedHeaders() {
        Response response = asAlice().header("X-Padding", "x".repeat(64 * 1024)).when()
                .get("/api/catalog/entities/by-name/component/default/anything");

        // refused by the HTTP layer before any handler runs, so without the JSON error body
        assertEquals(431, response.statusCode());
        assertServing();
        TALLY.add("a 64 KB header → 431");
    }

    @Test
    void rejectsAHostileLocationRegistrationWithoutStoringIt() {
        for (String body : List.of("{\"type\":\"url\"}", "{\"type\":\"ftp\",\"target\":\"ftp://example.com/x.yaml\"}",
                "{\"type\":\"url\",\"target\":\"http://169.254.169.254/latest/meta-data\"}",
                "{\"type\":\"file\",\"target\":\"" + "a/".repeat(20_000) + "\"}", "[1,2,3]")) {
            Response response = asAlice().contentType("application/json").body(body).when().post("/api/catalog/locations");
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, body + " answered "
                    + response.statusCode() + ": " + response.asString());
            response.then().body("error.name", anyOf(equalTo("InputError"), equalTo("NotAllowedError")));
            TALLY.add("location " + body.substring(0, Math.min(60, body.length())) + " → " + response.statusCode());
        }
        asAlice().when().get("/api/catalog/locations").then().statusCode(200);
        assertServing();
    }

    @AfterAll
    static void printTally() {
        System.out.println("hostile inputs tried against the catalog (" + TALLY.size() + "):");
        TALLY.forEach(line -> System.out.println("  " + line));
    }

    private static void assertServing() {
        asAlice().when().get("/api/catalog/entities?limit=1").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
