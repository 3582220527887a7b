package dev.portal.techdocs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.Json;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.techdocs.Kafka;
import dev.portal.techdocs.TestDocs;
import dev.portal.techdocs.build.HtmlSanitizerTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Who may do what, and what is refused: tokens, ownership for sync and upload (a caller found by their email too),
 * path traversal and zip-slip (400), sizes (413), hostile HTML in uploaded sites; the sync stream and the external
 * (upload) strategy.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "techdocs") })
class DocsApiSecurityTest {

    @Inject
    KafkaTopicsConfig topics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(KeycloakTokens.accessToken(user));
    }

    @BeforeEach
    void entities() {
        ensure("platform-docs", "group:default/platform-team");
        ensure("payments-docs", "group:default/payments-team");
    }

    void ensure(String name, String owner) {
        if (!"built".equals(as("alice").get("/api/techdocs/entity/default/component/" + name + "/docs").path("status"))) {
            Kafka.publishChanged(bootstrap, topics.entityChanges(), Kafka.entity("Component", name, owner, "dir:.",
                    "file:" + TestDocs.dir("features").resolve("catalog-info.yaml"), 1));
            Kafka.await(name + " built", () -> "built".equals(
                    as("alice").get("/api/techdocs/entity/default/component/" + name + "/docs").path("status")));
        }
    }

    @Test
    void everyApiPathNeedsABearerToken() {
        given().get("/api/techdocs/entity/default/component/platform-docs/docs").then().statusCode(401)
                .body("error.name", equalTo("AuthenticationError"));
        given().get("/api/techdocs/static/docs/default/component/platform-docs/").then().statusCode(401);
        given().post("/api/techdocs/sync/default/component/platform-docs").then().statusCode(401);
    }

    @Test
    void refusesDotDotInPagePathsWith400() {
        as("alice").get("/api/techdocs/entity/default/component/platform-docs/page?path=../../etc/passwd")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        as("alice").get("/api/techdocs/entity/default/component/platform-docs/page?path=guides/%2E%2E/%2E%2E/x")
                .then().statusCode(400);
        as("alice").urlEncodingEnabled(false)
                .get("/api/techdocs/static/docs/default/component/platform-docs/guides/..%2F..%2F..%2Fetc%2Fpasswd")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
        as("alice").urlEncodingEnabled(false)
                .get("/api/techdocs/static/docs/default/component/platform-docs/%2E%2E/payments-docs/index.html")
                .then().statusCode(400);
    }

    @Test
    void everyWriteNeedsOwnershipOrAdmin() {
        String before = as("alice").get("/api/techdocs/entity/default/component/platform-docs/docs").then()
                .statusCode(200).extract().asString();
        Map<String, StackAssertions.Refused> refused = new LinkedHashMap<>();
        refused.put("POST /api/techdocs/sync/{namespace}/{kind}/{name}",
                new StackAssertions.Refused("/api/techdocs/sync/default/component/platform-docs", null));
        refused.put("POST /api/techdocs/upload/{namespace}/{kind}/{name}", new StackAssertions.Refused(
                "/api/techdocs/upload/default/component/platform-docs", "application/gzip", "not even an archive"));
        assertEquals(2, StackAssertions.assertEveryWriteNeedsRights("bob", refused,
                Map.of("POST /api/techdocs/entities/docs", "a read of many entities' docs that takes a body")));
        assertEquals(before, as("alice").get("/api/techdocs/entity/default/component/platform-docs/docs").then()
                .statusCode(200).extract().asString(), "nothing rebuilt or replaced");
    }

    @Test
    void syncNeedsOwnershipOrAdminAndStreamsProgress() {
        as("bob").post("/api/techdocs/sync/default/component/platform-docs").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        String stream = as("bob").accept("text/event-stream").post("/api/techdocs/sync/default/component/payments-docs")
                .then().statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        assertTrue(stream.contains("log"), stream);
        assertTrue(stream.contains("Fetching the docs source"), stream);
        assertTrue(stream.contains("finish"), stream);
        assertTrue(stream.contains("\"updated\":true"), stream);
        String admin = as("alice").accept("text/event-stream").post("/api/techdocs/sync/default/component/payments-docs")
                .then().statusCode(200).extract().asString();
        assertTrue(admin.contains("finish"), admin);
        as("alice").post("/api/techdocs/sync/default/component/unknown-entity").then().statusCode(404);
    }

    /**
     * design.md: a token's preferred_username names the User entity, with a fallback to the User whose
     * spec.profile.email is the token's email. ddubois (Keycloak: dave@example.com, no groups) has no User of that
     * name; once dave's User (Dave@Example.com, in guides-team) is on portal.entity.changes, ddubois is dave here and
     * may rebuild guides-team's docs — until dave's User is deleted.
     */
    @Test
    void aCallerWithoutAUserOfTheirNameIsTheUserWithTheirEmail() {
        ensure("guides-docs", "group:default/guides-team");
        as("ddubois").get("/api/techdocs/whoami").then().statusCode(200).body("username", equalTo("ddubois"))
                .body("email", equalTo("dave@example.com")).body("userRef", equalTo("user:default/ddubois"));
        as("ddubois").post("/api/techdocs/sync/default/component/guides-docs").then().statusCode(403);

        ObjectNode dave = Json.mapper().createObjectNode();
        dave.put("apiVersion", "backstage.io/v1alpha1").put("kind", "User");
        dave.putObject("metadata").put("name", "dave").put("namespace", "default").put("uid", "uid-dave");
        ObjectNode spec = dave.putObject("spec");
        spec.putObject("profile").put("email", "Dave@Example.com");
        spec.putArray("memberOf").add("guides-team");
        dave.putArray("relations").addObject().put("type", "memberOf").put("targetRef", "group:default/guides-team");
        Kafka.publishChanged(bootstrap, topics.entityChanges(), dave);
        Kafka.await("ddubois taken as dave", () -> "user:default/dave".equals(
                as("ddubois").get("/api/techdocs/whoami").path("userRef")));

        String stream = as("ddubois").accept("text/event-stream").post("/api/techdocs/sync/default/component/guides-docs")
                .then().statusCode(200).extract().asString();
        assertTrue(stream.contains("finish"), stream);
        as("bob").get("/api/techdocs/whoami").then().statusCode(200).body("userRef", equalTo("user:default/bob"));
        as("bob").post("/api/techdocs/sync/default/component/guides-docs").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));

        Kafka.publishDeleted(bootstrap, topics.entityChanges(), "user:default/dave");
        Kafka.await("dave's User gone", () -> "user:default/ddubois".equals(
                as("ddubois").get("/api/techdocs/whoami").path("userRef")));
        as("ddubois").post("/api/techdocs/sync/default/component/guides-docs").then().statusCode(403);
    }

    @Test
    void uploadsAnExternallyBuiltSiteSanitisedAndServedTheSameWay() throws IOException {
        String hostile = Files.readString(Path.of("src/test/resources/hostile/hostile.md"));
        Map<String, byte[]> site = new LinkedHashMap<>();
        site.put("site/index.html", ("<html><head><title>Home - External</title><script src=\"x.js\"></script></head><body>"
                + "<article class=\"md-content__inner\"><h1 id=\"external-docs\">External docs</h1>"
                + "<p>See <a href=\"guide/\">the guide</a> and <img src=\"img/logo.png\" alt=\"logo\"></p>"
                + "<img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">js</a><iframe src=\"https://evil.example\"></iframe>"
                + "<svg><script>alert(2)</script></svg><!-- <script>alert(3)</script> -->"
                + "<a href=\"data:text/html,x\">d</a></article></body></html>").getBytes(StandardCharsets.UTF_8));
        site.put("site/guide/index.html", ("<html><body><article><h1>Guide</h1><h2 id=\"part\">Part</h2>" + hostile
                + "</article></body></html>").getBytes(StandardCharsets.UTF_8));
        site.put("site/img/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        site.put("site/assets/javascripts/bundle.js", "alert(1)".getBytes(StandardCharsets.UTF_8));
        site.put("site/techdocs_metadata.json", "{\"site_name\":\"External\",\"site_description\":\"Built by CI\"}"
                .getBytes(StandardCharsets.UTF_8));

        as("bob").contentType("application/gzip").body(tarGz(site))
                .post("/api/techdocs/upload/default/component/platform-docs").then().statusCode(403);
        as("alice").contentType("application/gzip").body(tarGz(site))
                .post("/api/techdocs/upload/default/component/platform-docs").then().statusCode(201)
                .body("status", equalTo("built")).body("siteName", equalTo("External")).body("pageCount", equalTo(2));

        String home = as("alice").get("/api/techdocs/entity/default/component/platform-docs/page").then().statusCode(200)
                .body("title", equalTo("External docs")).extract().path("html");
        HtmlSanitizerTest.assertSafe(home);
        assertTrue(home.contains("href=\"/docs/default/component/platform-docs/guide/\""), home);
        assertTrue(home.contains("src=\"/api/techdocs/static/docs/default/component/platform-docs/img/logo.png\""), home);
        String guide = as("alice").get("/api/techdocs/entity/default/component/platform-docs/page?path=guide/")
                .then().statusCode(200).body("toc.id", org.hamcrest.Matchers.hasItem("part")).extract().path("html");
        HtmlSanitizerTest.assertSafe(guide);
        String served = as("alice").get("/api/techdocs/static/docs/default/component/platform-docs/guide/")
                .then().statusCode(200).extract().asString();
        HtmlSanitizerTest.assertSafe(served.substring(served.indexOf("<body>")));
        as("alice").get("/api/techdocs/static/docs/default/component/platform-docs/assets/javascripts/bundle.js")
                .then().statusCode(404);
        as("alice").get("/api/techdocs/static/docs/default/component/platform-docs/img/logo.png").then().statusCode(200)
                .contentType("image/png");
        as("alice").get("/api/techdocs/metadata/techdocs/default/component/platform-docs").then().statusCode(200)
                .body("site_name", equalTo("External")).body("site_description", equalTo("Built by CI"));
    }

    @Test
    void refusesZipSlipEntriesWith400() throws IOException {
        for (String evil : new String[] {"../evil/index.html", "site/../../evil.html", "/etc/index.html"}) {
            Map<String, byte[]> site = new LinkedHashMap<>();
            site.put("site/index.html", "<h1>ok</h1>".getBytes(StandardCharsets.UTF_8));
            site.put(evil, "<h1>evil</h1>".getBytes(StandardCharsets.UTF_8));
            as("alice").contentType("application/gzip").body(tarGz(site))
                    .post("/api/techdocs/upload/default/component/payments-docs").then().statusCode(400)
                    .body("error.name", equalTo("InputError"))
                    .body("error.message", containsString("inside the site"));
        }
        as("alice").get("/api/techdocs/entity/default/component/payments-docs/docs").then()
                .body("siteName", not(equalTo("ok")));
    }

    @Test
    void refusesAnArchiveOrAPageOverTheSizeLimitWithAClearError() throws IOException {
        byte[] noise = new byte[1_200_000];
        new Random(42).nextBytes(noise);
        as("alice").contentType("application/gzip").body(noise)
                .post("/api/techdocs/upload/default/component/payments-docs").then().statusCode(413)
                .body("error.message", containsString("larger than 1000000 bytes"));
        Map<String, byte[]> site = new LinkedHashMap<>();
        site.put("index.html", ("<p>" + "a".repeat(300_000) + "</p>").getBytes(StandardCharsets.UTF_8));
        as("alice").contentType("application/gzip").body(tarGz(site))
                .post("/api/techdocs/upload/default/component/payments-docs").then().statusCode(413)
                .body("error.message", containsString("page limit"));
        as("alice").contentType("application/gzip").body("not a tarball".getBytes(StandardCharsets.UTF_8))
                .post("/api/techdocs/upload/default/component/payments-docs").then().statusCode(400);
    }

    static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true); // preserve the name as given
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
