package dev.portal.techdocs.site;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.EventType;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.Topics;
import dev.portal.techdocs.Kafka;
import dev.portal.techdocs.TestDocs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The whole path against the real PostgreSQL and Kafka: entity change events in, sites built, stored, served and
 * published; rebuilt only when the docs change; a failed build keeps the old site; removal on annotation loss and
 * deletion; the demo catalog's docs sets.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "techdocs") })
class DocsLifecycleTest {

    static final String OWNER = "group:default/platform-team";

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    DocsRefresher refresher;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static RequestSpecification alice() {
        return given().auth().oauth2(KeycloakTokens.accessToken("alice"));
    }

    static String location(Path dir) {
        return "file:" + dir.resolve("catalog-info.yaml");
    }

    void publish(String name, String techdocsRef, Path dir, long generation) {
        Kafka.publishChanged(bootstrap, topics.entityChanges(),
                Kafka.entity("Component", name, OWNER, techdocsRef, dir == null ? null : location(dir), generation));
    }

    JsonNode docs(String name) {
        return alice().get("/api/techdocs/entity/default/component/" + name + "/docs").then().statusCode(200)
                .extract().as(JsonNode.class);
    }

    void awaitStatus(String name, String status) {
        Kafka.await(name + " to be " + status, () -> status.equals(docs(name).path("status").asText()));
    }

    @Test
    void buildsServesAndPublishesTheDocsOfAnEntityWithTechdocsRef() {
        publish("feature-tour", "dir:.", TestDocs.dir("features"), 1);
        awaitStatus("feature-tour", "built");

        JsonNode docs = docs("feature-tour");
        assertEquals("component:default/feature-tour", docs.path("entityRef").asText());
        assertEquals("Feature Tour", docs.path("siteName").asText());
        assertEquals(3, docs.path("pageCount").asInt());
        assertTrue(docs.path("lastError").isNull());
        assertEquals("Guides", docs.path("nav").get(1).path("title").asText());
        assertEquals("guides/getting-started/", docs.path("nav").get(1).path("children").get(0).path("path").asText());
        assertTrue(docs.path("nav").get(1).path("path").isNull());
        assertEquals(3, docs.path("brokenLinks").size());

        alice().get("/api/techdocs/entity/default/component/feature-tour/page?path=guides/getting-started/")
                .then().statusCode(200)
                .body("title", equalTo("Getting started"))
                .body("path", equalTo("guides/getting-started/"))
                .body("html", containsString("<h2 id=\"install\">"))
                .body("toc.id", hasItem("install"))
                .body("toc.level", hasItem(2));
        alice().get("/api/techdocs/entity/default/component/feature-tour/page").then().statusCode(200)
                .body("path", equalTo("")).body("title", equalTo("Feature Tour"));
        alice().get("/api/techdocs/entity/default/component/feature-tour/page?path=nope/").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));

        // Backstage-compatible static files: pages, assets, search index, metadata, with content types and ETag/304.
        String etag = alice().get("/api/techdocs/static/docs/default/component/feature-tour/guides/getting-started/")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("sandbox"))
                .body(containsString("Getting started")).extract().header("ETag");
        assertNotNull(etag);
        alice().header("If-None-Match", etag)
                .get("/api/techdocs/static/docs/default/component/feature-tour/guides/getting-started/index.html")
                .then().statusCode(304);
        alice().get("/api/techdocs/static/docs/default/component/feature-tour/guides/img/diagram.png")
                .then().statusCode(200).contentType("image/png");
        alice().get("/api/techdocs/static/docs/default/component/feature-tour/search/search_index.json")
                .then().statusCode(200).contentType(containsString("application/json"))
                .body("docs.location", hasItem("guides/getting-started/"))
                .body("config.lang", hasItem("en"));
        alice().get("/api/techdocs/static/docs/default/component/feature-tour/missing.png").then().statusCode(404);
        alice().get("/api/techdocs/metadata/techdocs/default/component/feature-tour").then().statusCode(200)
                .body("site_name", equalTo("Feature Tour"))
                .body("site_description", notNullValue())
                .body("build_timestamp", notNullValue())
                .body("etag", equalTo(docs.path("etag").asText(TestDocs.source("features").hash())))
                .body("files", hasItem("index.html"));
        alice().get("/api/techdocs/metadata/entity/default/component/feature-tour").then().statusCode(200)
                .body("metadata.name", equalTo("feature-tour"))
                .body("locationMetadata.type", equalTo("dir"));

        try (Kafka.Reader changes = new Kafka.Reader(bootstrap, topics.techdocsChanges())) {
            List<Kafka.Event> events = changes.readUntil(seen -> seen.stream().anyMatch(e ->
                    "component:default/feature-tour".equals(e.key()) && EventType.TECHDOCS_BUILT.type().equals(e.type())));
            JsonNode built = events.stream().filter(e -> EventType.TECHDOCS_BUILT.type().equals(e.type())
                    && "component:default/feature-tour".equals(e.key())).findFirst().orElseThrow().json();
            assertEquals("Feature Tour", built.path("siteName").asText());
            assertEquals(TestDocs.source("features").hash(), built.path("etag").asText());
            assertEquals(3, built.path("pages").size());
            JsonNode started = null;
            for (JsonNode page : built.path("pages")) {
                if (page.path("path").asText().equals("guides/getting-started/")) {
                    started = page;
                }
            }
            assertNotNull(started);
            assertEquals("Getting started", started.path("title").asText());
            assertEquals("Install", started.path("headings").get(0).asText());
            assertTrue(started.path("text").asText().contains("Go back home"), started.toString());
            assertEquals(3, built.path("brokenLinks").size());
        }
    }

    @Test
    void answersStatusNoneForEntitiesWithoutDocsSingleAndBatched() {
        alice().get("/api/techdocs/entity/default/component/never-heard-of/docs").then().statusCode(200)
                .body("status", equalTo("none")).body("nav.size()", equalTo(0)).body("brokenLinks.size()", equalTo(0))
                .body("siteName", nullValue()).body("buildTimestamp", nullValue()).body("pageCount", equalTo(0));
        publish("batch-one", "dir:.", TestDocs.dir("no-nav"), 1);
        awaitStatus("batch-one", "built");
        alice().contentType("application/json")
                .body("{\"entityRefs\":[\"component:default/unknown\",\"Component:default/batch-one\",\"component:x/y\"]}")
                .post("/api/techdocs/entities/docs").then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[0].status", equalTo("none"))
                .body("items[1].status", equalTo("built"))
                .body("items[1].entityRef", equalTo("component:default/batch-one"))
                .body("items[1].siteName", equalTo("No Nav"))
                .body("items[2].status", equalTo("none"));
        alice().contentType("application/json").body("{\"entityRefs\":[\"not a:ref/with/slashes\"]}")
                .post("/api/techdocs/entities/docs").then().statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void rebuildsWhenTheDocsChangeAndOnlyThen() throws IOException {
        Path dir = copy("features", "rebuild");
        publish("rebuilt", "dir:.", dir, 1);
        awaitStatus("rebuilt", "built");
        String firstBuild = docs("rebuilt").path("buildTimestamp").asText();
        try (Kafka.Reader changes = new Kafka.Reader(bootstrap, topics.techdocsChanges())) {
            changes.readUntil(seen -> countBuilt(changes, "component:default/rebuilt") == 1);

            // Unchanged: neither a refresh nor a new entity generation rebuilds or publishes anything.
            assertEquals(0, refresher.refreshAll());
            publish("rebuilt", "dir:.", dir, 2);
            Kafka.await("generation 2 to be handled", () -> true);
            changes.readFor(Duration.ofSeconds(3));
            assertEquals(1, countBuilt(changes, "component:default/rebuilt"));
            assertEquals(firstBuild, docs("rebuilt").path("buildTimestamp").asText());

            // One edited page: rebuilt, served, published.
            Files.writeString(dir.resolve("docs/guides/internals.md"), "# Internals\n\n## Rewritten section\n\nFresh text.\n");
            assertEquals(1, refresher.refreshAll());
            alice().get("/api/techdocs/entity/default/component/rebuilt/page?path=guides/internals/").then().statusCode(200)
                    .body("html", containsString("Fresh text."));
            changes.readUntil(seen -> countBuilt(changes, "component:default/rebuilt") == 2);
            assertEquals(2, countBuilt(changes, "component:default/rebuilt"));
        }
    }

    @Test
    void aFailedBuildKeepsServingTheLastGoodSiteAndPublishesTheReason() throws IOException {
        Path dir = copy("features", "failing");
        publish("failing", "dir:.", dir, 1);
        awaitStatus("failing", "built");
        String builtAt = docs("failing").path("buildTimestamp").asText();

        Files.writeString(dir.resolve("mkdocs.yml"), "site_name: [this is not yaml\n");
        refresher.refreshAll();
        awaitStatus("failing", "failed");
        JsonNode docs = docs("failing");
        assertTrue(docs.path("lastError").asText().contains("not valid YAML"), docs.toString());
        assertEquals(builtAt, docs.path("buildTimestamp").asText());
        assertEquals(3, docs.path("pageCount").asInt());
        alice().get("/api/techdocs/static/docs/default/component/failing/").then().statusCode(200)
                .body(containsString("Feature Tour"));
        alice().get("/api/techdocs/entity/default/component/failing/page?path=guides/internals/").then().statusCode(200);

        try (Kafka.Reader changes = new Kafka.Reader(bootstrap, topics.techdocsChanges())) {
            List<Kafka.Event> events = changes.readUntil(seen -> seen.stream().anyMatch(e ->
                    "component:default/failing".equals(e.key()) && EventType.TECHDOCS_FAILED.type().equals(e.type())));
            JsonNode failed = events.stream().filter(e -> "component:default/failing".equals(e.key())
                    && EventType.TECHDOCS_FAILED.type().equals(e.type())).findFirst().orElseThrow().json();
            assertTrue(failed.path("reason").asText().contains("not valid YAML"));
            assertEquals(builtAt, failed.path("servingSiteOf").asText());
        }
    }

    @Test
    void removesTheSiteWhenTheEntityLosesItsAnnotationOrIsDeleted() {
        publish("loses-docs", "dir:.", TestDocs.dir("no-nav"), 1);
        publish("deleted-one", "dir:.", TestDocs.dir("no-nav"), 1);
        awaitStatus("loses-docs", "built");
        awaitStatus("deleted-one", "built");

        publish("loses-docs", null, TestDocs.dir("no-nav"), 2);
        Kafka.publishDeleted(bootstrap, topics.entityChanges(), "component:default/deleted-one");
        awaitStatus("loses-docs", "none");
        awaitStatus("deleted-one", "none");
        alice().get("/api/techdocs/static/docs/default/component/loses-docs/").then().statusCode(404);
        alice().get("/api/techdocs/metadata/techdocs/default/component/deleted-one").then().statusCode(404);

        try (Kafka.Reader changes = new Kafka.Reader(bootstrap, topics.techdocsChanges())) {
            for (String ref : List.of("component:default/loses-docs", "component:default/deleted-one")) {
                changes.readUntil(seen -> changes.forKey(ref).stream().anyMatch(e -> e.value() == null));
                List<Kafka.Event> events = changes.forKey(ref);
                Kafka.Event last = events.get(events.size() - 1);
                Kafka.Event removed = events.get(events.size() - 2);
                assertNull(last.value(), "a tombstone follows the removal");
                assertEquals(EventType.TECHDOCS_REMOVED.type(), removed.type());
                assertEquals(ref, removed.json().path("entityRef").asText());
            }
        }
    }

    @Test
    void buildsTheDemoCatalogsDocsSets() {
        Path demo = TestDocs.demoRoot();
        List<String> dirs = List.of("systems/payments/payments-api-service", "systems/portal-platform/portal-backend",
                "systems/storefront/storefront-web");
        for (String dir : dirs) {
            String name = dir.substring(dir.lastIndexOf('/') + 1);
            publish(name, "dir:.", demo.resolve(dir), 1);
        }
        for (String dir : dirs) {
            String name = dir.substring(dir.lastIndexOf('/') + 1);
            awaitStatus(name, "built");
            JsonNode docs = docs(name);
            assertTrue(docs.path("pageCount").asInt() >= 3, docs.toString());
            assertEquals(0, docs.path("brokenLinks").size(), docs.toString());
        }
        alice().get("/api/techdocs/entity/default/component/payments-api-service/page").then().statusCode(200)
                .body("html", containsString("/api/techdocs/static/docs/default/component/payments-api-service/img/payment-flow.svg"))
                .body("html", containsString("<div class=\"admonition note\">"));
        alice().get("/api/techdocs/static/docs/default/component/payments-api-service/img/payment-flow.svg")
                .then().statusCode(200).contentType("image/svg+xml")
                .header("Content-Security-Policy", containsString("sandbox"));
    }

    @Test
    void deadLettersMessagesItCannotReadAndMovesOn() {
        Kafka.publishRaw(bootstrap, topics.entityChanges(), "component:default/garbage", "not json".getBytes());
        publish("after-garbage", "dir:.", TestDocs.dir("no-nav"), 1);
        awaitStatus("after-garbage", "built");
        try (Kafka.Reader dlq = new Kafka.Reader(bootstrap, Topics.dlq(topics.entityChanges()))) {
            List<Kafka.Event> dead = dlq.readUntil(seen -> !seen.isEmpty());
            assertEquals("component:default/garbage", dead.get(0).key());
            assertNotNull(dead.get(0).error());
        }
    }

    @Test
    void aMissingDocsDirectoryIsAFailedBuildWithItsReason() {
        publish("no-such-docs", "dir:./does-not-exist", TestDocs.dir("features"), 1);
        awaitStatus("no-such-docs", "failed");
        assertTrue(docs("no-such-docs").path("lastError").asText().contains("does not exist"));
        publish("outside-roots", "dir:.", Path.of("/etc"), 1);
        awaitStatus("outside-roots", "failed");
        assertTrue(docs("outside-roots").path("lastError").asText().contains("file-roots"));
    }

    private static long countBuilt(Kafka.Reader reader, String ref) {
        return reader.forKey(ref).stream().filter(e -> EventType.TECHDOCS_BUILT.type().equals(e.type())).count();
    }

    static Path copy(String set, String name) throws IOException {
        Path target = Files.createTempDirectory("techdocs-" + name);
        Path source = TestDocs.dir(set);
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }
}
