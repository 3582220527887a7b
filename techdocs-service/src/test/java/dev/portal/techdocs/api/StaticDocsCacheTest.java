package dev.portal.techdocs.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.techdocs.Kafka;
import dev.portal.techdocs.site.DocsRefresher;
import dev.portal.techdocs.site.DocsService;
import dev.portal.techdocs.site.ServedFileCache;
import dev.portal.techdocs.site.SiteChangeListener;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Static files served from memory are never stale: a rebuild, an upload, a removal and a change committed by another
 * replica are seen by the very next request; ETag/304 work from the cache. Each test first checks that the page is
 * really cached, so it would fail if the cache kept a file past its change.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "techdocs") })
class StaticDocsCacheTest {

    static final String OWNER = "group:default/platform-team";
    static final String STATIC = "/api/techdocs/static/docs/default/component/";

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    DocsRefresher refresher;

    @Inject
    DocsService docs;

    @Inject
    ServedFileCache cache;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static RequestSpecification alice() {
        return given().auth().oauth2(KeycloakTokens.accessToken("alice"));
    }

    /** A two-page docs set in a fresh directory, built and served; returns the directory. */
    Path built(String name, String guideText) throws IOException {
        Path dir = Files.createTempDirectory("techdocs-cache-" + name);
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("mkdocs.yml"), "site_name: Cached " + name + "\nnav:\n  - Home: index.md\n  - Guide: guide.md\n");
        Files.writeString(dir.resolve("docs/index.md"), "# Home\n\nSee [the guide](guide.md).\n");
        writeGuide(dir, guideText);
        Kafka.publishChanged(bootstrap, topics.entityChanges(), Kafka.entity("Component", name, OWNER, "dir:.",
                "file:" + dir.resolve("catalog-info.yaml"), 1));
        Kafka.await(name + " built", () -> "built".equals(
                alice().get("/api/techdocs/entity/default/component/" + name + "/docs").path("status")));
        return dir;
    }

    static void writeGuide(Path dir, String text) throws IOException {
        Files.writeString(dir.resolve("docs/guide.md"), "# Guide\n\n" + text + "\n");
    }

    /** Serves the page twice and checks the entity's files are now held in memory. */
    String servedAndCached(String name, String path, String expectedText) {
        alice().get(STATIC + name + "/" + path).then().statusCode(200).body(containsString(expectedText));
        String etag = alice().get(STATIC + name + "/" + path).then().statusCode(200)
                .body(containsString(expectedText)).extract().header("ETag");
        assertTrue(cache.filesCached("component:default/" + name) > 0, "the page is served from the cache");
        return etag;
    }

    @Test
    void servesAnEditedPageFreshRightAfterItsRebuild() throws IOException {
        Path dir = built("fresh-after-rebuild", "Original guide text.");
        String before = servedAndCached("fresh-after-rebuild", "guide/", "Original guide text.");

        writeGuide(dir, "Edited guide text.");
        assertEquals(1, refresher.refreshAll()); // rebuilt and stored; the next request must see it

        String after = alice().get(STATIC + "fresh-after-rebuild/guide/").then().statusCode(200)
                .body(containsString("Edited guide text.")).body(not(containsString("Original guide text.")))
                .extract().header("ETag");
        assertNotEquals(before, after);
        // A client holding the old ETag gets the new page, not a 304.
        alice().header("If-None-Match", before).get(STATIC + "fresh-after-rebuild/guide/").then().statusCode(200)
                .body(containsString("Edited guide text."));
    }

    @Test
    void answersNotFoundRightAfterTheSiteIsRemoved() throws IOException {
        built("removed-site", "Soon gone.");
        servedAndCached("removed-site", "guide/", "Soon gone.");
        servedAndCached("removed-site", "", "See");

        docs.entityDeleted("component:default/removed-site");

        alice().get(STATIC + "removed-site/guide/").then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        alice().get(STATIC + "removed-site/").then().statusCode(404);
    }

    @Test
    void answersNotModifiedFromTheCache() throws IOException {
        built("etag-cached", "Conditional requests.");
        String etag = servedAndCached("etag-cached", "guide/", "Conditional requests.");

        alice().header("If-None-Match", etag).get(STATIC + "etag-cached/guide/").then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", "no-cache");
        alice().header("If-None-Match", "W/" + etag).get(STATIC + "etag-cached/guide/index.html").then().statusCode(304);
        alice().header("If-None-Match", "\"something-else\", " + etag).get(STATIC + "etag-cached/guide/").then()
                .statusCode(304);
        alice().header("If-None-Match", "\"something-else\"").get(STATIC + "etag-cached/guide/").then().statusCode(200)
                .header("ETag", etag).body(containsString("Conditional requests."));
        // The cache never answers without a valid token.
        given().header("If-None-Match", etag).get(STATIC + "etag-cached/guide/").then().statusCode(401);
        given().auth().oauth2("not-a-token").get(STATIC + "etag-cached/guide/").then().statusCode(401);
    }

    @Test
    void servesAnUploadedSiteRightAfterTheUpload() throws IOException {
        built("replaced-by-upload", "Built here.");
        servedAndCached("replaced-by-upload", "guide/", "Built here.");

        Map<String, byte[]> site = new LinkedHashMap<>();
        site.put("site/index.html", "<html><body><article><h1>Home</h1></article></body></html>".getBytes(StandardCharsets.UTF_8));
        site.put("site/guide/index.html", "<html><body><article><h1>Guide</h1><p>Uploaded by CI.</p></article></body></html>"
                .getBytes(StandardCharsets.UTF_8));
        alice().contentType("application/gzip").body(DocsApiSecurityTest.tarGz(site))
                .post("/api/techdocs/upload/default/component/replaced-by-upload").then().statusCode(201);

        alice().get(STATIC + "replaced-by-upload/guide/").then().statusCode(200)
                .body(containsString("Uploaded by CI.")).body(not(containsString("Built here.")));
    }

    @Test
    void hearsAChangeCommittedByAnotherReplica() throws IOException, SQLException {
        built("other-replica", "Before the other replica.");
        servedAndCached("other-replica", "guide/", "Before the other replica.");

        // What another replica's rebuild does to the database: new bytes and the notification, in one transaction.
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE files SET body = ?, etag = '\"other\"' WHERE entity_ref = ? AND path = 'guide/index.html'");
                 PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
                update.setBytes(1, "<p>After the other replica.</p>".getBytes(StandardCharsets.UTF_8));
                update.setString(2, "component:default/other-replica");
                assertEquals(1, update.executeUpdate());
                notify.setString(1, SiteChangeListener.CHANNEL);
                notify.setString(2, "component:default/other-replica");
                notify.execute();
            }
            connection.commit();
        }

        Kafka.await("the other replica's change to be served", () -> alice().get(STATIC + "other-replica/guide/")
                .asString().contains("After the other replica."));
    }
}
