package dev.portal.catalog.location;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.asBob;
import static dev.portal.catalog.CatalogTestData.catalogFilesDir;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Locations: catalog files read into the catalog, kept in step with the files, and removed with their entities. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class LocationApiTest {

    private static final String ROOT = """
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata: {name: %1$s-root}
            spec:
              targets: [./teams/team.yaml, ./services.yaml]
            """;
    private static final String TEAM = """
            apiVersion: backstage.io/v1alpha1
            kind: Group
            metadata: {name: %1$s-team}
            spec: {type: team, children: []}
            """;
    private static final String SERVICES = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: {name: %1$s-one}
            spec: {type: service, lifecycle: production, owner: %1$s-team}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata: {name: %1$s-two}
            spec: {type: service, lifecycle: %2$s, owner: %1$s-team, providesApis: [%1$s-api]}
            ---
            apiVersion: backstage.io/v1alpha1
            kind: API
            metadata: {name: %1$s-api}
            spec:
              type: openapi
              lifecycle: production
              owner: %1$s-team
              definition:
                $text: ./openapi.yaml
            """;

    /** Writes a small catalog tree into a fresh folder; entity names start with {@code prefix}. */
    private static Path catalogTree(String prefix, String lifecycle) throws IOException {
        Path dir = catalogFilesDir("catalog-" + prefix);
        Files.createDirectories(dir.resolve("teams"));
        Files.writeString(dir.resolve("catalog-info.yaml"), ROOT.formatted(prefix));
        Files.writeString(dir.resolve("teams/team.yaml"), TEAM.formatted(prefix));
        Files.writeString(dir.resolve("services.yaml"), SERVICES.formatted(prefix, lifecycle));
        Files.writeString(dir.resolve("openapi.yaml"), "openapi: 3.0.0\ninfo: {title: " + prefix + ", version: 1.0.0}\npaths: {}\n");
        return dir;
    }

    private static JsonPath register(String type, String target) {
        return asAlice().contentType("application/json")
                .body("{\"type\":\"" + type + "\",\"target\":\"" + target + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath entity(String kind, String name) {
        return asAlice().when().get("/api/catalog/entities/by-name/" + kind + "/default/" + name).then().statusCode(200)
                .extract().jsonPath();
    }

    private static void refresh(String ref) {
        asAlice().contentType("application/json").body("{\"entityRef\":\"" + ref + "\"}")
                .when().post("/api/catalog/refresh").then().statusCode(200);
    }

    @Test
    void readsATreeOfFilesWithAnnotationsSubstitutionsAndAncestry() throws IOException {
        Path dir = catalogTree("tree", "production");
        String target = dir.resolve("catalog-info.yaml").toString();
        JsonPath created = register("file", target);
        assertEquals("file", created.getString("location.type"));
        assertTrue(created.getList("entities.metadata.name").containsAll(List.of("tree-root", "tree-team", "tree-one",
                "tree-two", "tree-api")), created.getList("entities.metadata.name").toString());

        JsonPath one = entity("component", "tree-one");
        assertEquals("file:" + dir.resolve("services.yaml"), one.getString("metadata.annotations.'backstage.io/managed-by-location'"));
        assertEquals("file:" + target, one.getString("metadata.annotations.'backstage.io/managed-by-origin-location'"));
        assertEquals("file:" + dir + "/", one.getString("metadata.annotations.'backstage.io/source-location'"));
        assertTrue(entity("api", "tree-api").getString("spec.definition").startsWith("openapi: 3.0.0"));

        asAlice().when().get("/api/catalog/entities/by-name/component/default/tree-one/ancestry").then().statusCode(200)
                .body("items.entity.metadata.name", hasItems("tree-one", "tree-root"))
                .body("items[0].parentEntityRefs", equalTo(List.of("location:default/tree-root")));

        String id = created.getString("location.id");
        asAlice().when().get("/api/catalog/locations/" + id).then().statusCode(200).body("target", equalTo(target));
        asAlice().when().get("/api/catalog/locations").then().statusCode(200).body("data.id", hasItem(id));
        asAlice().when().get("/api/catalog/locations/by-entity/component/default/tree-one").then().statusCode(200)
                .body("id", equalTo(id));
        asAlice().contentType("application/json").body("{\"type\":\"file\",\"target\":\"" + target + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(409).body("error.name", equalTo("ConflictError"));
    }

    /**
     * $text, $json and $yaml, in a field or an array element; an edit of only a substituted file shows after the next
     * read, although the file naming it did not change.
     */
    @Test
    void substitutesEveryPlaceholderAndFollowsChangesOfTheSubstitutedFiles() throws IOException {
        Path dir = catalogTree("subst", "production");
        Files.writeString(dir.resolve("extra.json"), "{\"tier\": 1, \"zones\": [\"a\", \"b\"]}");
        Files.writeString(dir.resolve("item.yaml"), "name: from-yaml\nweight: 2\n");
        Files.writeString(dir.resolve("services.yaml"), Files.readString(dir.resolve("services.yaml")) + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: subst-placeholders
                  extra: {$json: ./extra.json}
                  items: [plain, {$yaml: ./item.yaml}]
                spec: {type: service, lifecycle: production, owner: subst-team}
                """);
        register("file", dir.resolve("catalog-info.yaml").toString());
        JsonPath placeholders = entity("component", "subst-placeholders");
        assertEquals(1, placeholders.getInt("metadata.extra.tier"));
        assertEquals(List.of("a", "b"), placeholders.getList("metadata.extra.zones"));
        assertEquals("plain", placeholders.getString("metadata.items[0]"));
        assertEquals("from-yaml", placeholders.getString("metadata.items[1].name"));
        assertTrue(entity("api", "subst-api").getString("spec.definition").contains("title: subst"));

        Files.writeString(dir.resolve("openapi.yaml"), "openapi: 3.0.0\ninfo: {title: changed, version: 2.0.0}\npaths: {}\n");
        Files.writeString(dir.resolve("item.yaml"), "name: changed-yaml\n");
        refresh("component:default/subst-one");
        assertTrue(entity("api", "subst-api").getString("spec.definition").contains("title: changed"),
                entity("api", "subst-api").getString("spec.definition"));
        assertEquals("changed-yaml", entity("component", "subst-placeholders").getString("metadata.items[1].name"));
    }

    /** A Location's target that does not exist is an error of the location, unless it says presence: optional. */
    @Test
    void aMissingTargetIsAnErrorUnlessItsPresenceIsOptional() throws IOException {
        Path dir = catalogFilesDir("presence");
        Files.writeString(dir.resolve("catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: presence-optional}
                spec: {presence: optional, targets: [./missing-optional.yaml]}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: presence-required}
                spec: {targets: [./missing-required.yaml]}
                """);
        String id = register("file", dir.resolve("catalog-info.yaml").toString()).getString("location.id");
        Map<String, String> errors = asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200).extract()
                .jsonPath().getMap("locations.find { it.id == '" + id + "' }.errors");
        assertEquals(Set.of(dir.resolve("missing-required.yaml").toString()), errors.keySet(), errors.toString());
        assertTrue(errors.values().iterator().next().startsWith("NotFoundError: "), errors.toString());
    }

    @Test
    void aDryRunReturnsTheEntitiesAndWritesNothing() throws IOException {
        Path dir = catalogTree("dry", "production");
        asAlice().contentType("application/json")
                .body("{\"type\":\"file\",\"target\":\"" + dir.resolve("catalog-info.yaml") + "\"}")
                .when().post("/api/catalog/locations?dryRun=true").then().statusCode(201)
                .body("exists", equalTo(false))
                .body("entities.metadata.name", hasItems("dry-one", "dry-two", "dry-team"));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/dry-one").then().statusCode(404);
        asAlice().contentType("application/json").body("{\"location\":{\"type\":\"file\",\"target\":\""
                        + dir.resolve("catalog-info.yaml") + "\"}}").when().post("/api/catalog/analyze-location")
                .then().statusCode(200).body("existingEntityFiles.entity.metadata.name", hasItem("dry-one"))
                .body("existingEntityFiles.isRegistered", not(hasItem(true)));
    }

    @Test
    void followsFileChangesOrphansWhatIsGoneAndKeepsTheLastGoodVersionOfABrokenFile() throws IOException {
        Path dir = catalogTree("edit", "production");
        register("file", dir.resolve("catalog-info.yaml").toString());
        long oneGeneration = entity("component", "edit-one").getLong("metadata.generation");
        long teamGeneration = entity("group", "edit-team").getLong("metadata.generation");

        // edit-two changes, edit-one stays: only edit-two (and the peers of its relations) get a new generation
        Files.writeString(dir.resolve("services.yaml"), SERVICES.formatted("edit", "deprecated"));
        refresh("component:default/edit-one");
        assertEquals("deprecated", entity("component", "edit-two").getString("spec.lifecycle"));
        assertEquals(oneGeneration, entity("component", "edit-one").getLong("metadata.generation"));
        assertEquals(teamGeneration, entity("group", "edit-team").getLong("metadata.generation"));

        // edit-one disappears from the file: it stays, as an orphan
        Files.writeString(dir.resolve("services.yaml"), SERVICES.formatted("edit", "deprecated")
                .substring(SERVICES.formatted("edit", "deprecated").indexOf("---") + 4));
        refresh("component:default/edit-two");
        assertEquals("true", entity("component", "edit-one").getString("metadata.annotations.'backstage.io/orphan'"));
        asAlice().when().get("/api/catalog/entities?filter=metadata.annotations.backstage.io/orphan=true")
                .then().statusCode(200).body("metadata.name", hasItem("edit-one"));

        // the file breaks: the last good version stays, with the reason in its status
        Files.writeString(dir.resolve("services.yaml"), "kind: Component\nmetadata: {name: [unclosed\n");
        refresh("component:default/edit-two");
        JsonPath two = entity("component", "edit-two");
        assertEquals("deprecated", two.getString("spec.lifecycle"));
        assertEquals("backstage.io/catalog-processing", two.getString("status.items[0].type"));
        assertTrue(two.getString("status.items[0].message").contains("YAML"), two.getString("status.items[0].message"));

        // the file parses but edit-two no longer validates: its last good version stays, with the validator's words
        Files.writeString(dir.resolve("services.yaml"), SERVICES.formatted("edit", "production")
                .replace("spec: {type: service, lifecycle: production, owner: edit-team, providesApis",
                        "spec: {type: service, owner: edit-team, providesApis"));
        refresh("component:default/edit-one");
        JsonPath invalid = entity("component", "edit-two");
        assertEquals("deprecated", invalid.getString("spec.lifecycle"));
        assertTrue(invalid.getString("status.items[0].message").startsWith("InputError: ")
                && invalid.getString("status.items[0].message").contains("lifecycle"), invalid.getString("status.items[0].message"));

        // fixed again: the error goes away
        Files.writeString(dir.resolve("services.yaml"), SERVICES.formatted("edit", "production"));
        refresh("component:default/edit-two");
        asAlice().when().get("/api/catalog/entities/by-name/component/default/edit-two").then().statusCode(200)
                .body("status", nullValue()).body("spec.lifecycle", equalTo("production"));
    }

    /**
     * As Backstage: deleting an entity its location still emits removes it until the location is read again, which
     * brings it back even though the file did not change; a deleted Location entity brings its children's file back.
     */
    @Test
    void anEntityDeletedWhileItsFileStillEmitsItComesBackOnTheNextRead() throws IOException {
        Path dir = catalogTree("back", "production");
        register("file", dir.resolve("catalog-info.yaml").toString());
        String uid = entity("component", "back-one").getString("metadata.uid");
        asAlice().when().delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        asAlice().when().get("/api/catalog/entities/by-name/component/default/back-one").then().statusCode(404);
        asAlice().when().delete("/api/catalog/entities/by-uid/" + entity("location", "back-root").getString("metadata.uid"))
                .then().statusCode(204);

        refresh("component:default/back-two"); // reads the location again; no file changed
        assertNotEquals(uid, entity("component", "back-one").getString("metadata.uid"));
        assertEquals("production", entity("component", "back-one").getString("spec.lifecycle"));
        entity("location", "back-root");
        assertEquals(null, entity("group", "back-team").getString("metadata.annotations.'backstage.io/orphan'"));
    }

    @Test
    void removingALocationNeedsItsCreatorOrAnAdminAndRemovesItsEntities() throws IOException {
        Path dir = catalogTree("gone", "production");
        String id = register("file", dir.resolve("catalog-info.yaml").toString()).getString("location.id");
        asBob().when().delete("/api/catalog/locations/" + id).then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        asAlice().when().delete("/api/catalog/locations/" + id).then().statusCode(204);
        asAlice().when().get("/api/catalog/entities/by-name/component/default/gone-one").then().statusCode(404);
        asAlice().when().get("/api/catalog/locations/" + id).then().statusCode(404);
    }

    @Test
    void readsUrlLocationsWithConditionalRequests() throws IOException {
        AtomicInteger fullReads = new AtomicInteger();
        AtomicInteger notModified = new AtomicInteger();
        String yaml = TEAM.formatted("remote");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/catalog-info.yaml", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
            } else {
                fullReads.incrementAndGet();
                byte[] body = yaml.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/catalog-info.yaml";
            register("url", url);
            assertEquals("url:" + url, entity("group", "remote-team")
                    .getString("metadata.annotations.'backstage.io/managed-by-location'"));
            long generation = entity("group", "remote-team").getLong("metadata.generation");
            refresh("group:default/remote-team");
            assertEquals(1, fullReads.get());
            assertEquals(1, notModified.get());
            assertEquals(generation, entity("group", "remote-team").getLong("metadata.generation"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesUrlsFromHostsNotAllowedAndUnknownTypes() {
        asAlice().contentType("application/json").body("{\"type\":\"url\",\"target\":\"https://evil.example.com/x.yaml\"}")
                .when().post("/api/catalog/locations").then().statusCode(400)
                .body("error.name", equalTo("InputError")).body("error.message", containsString("not allowed"));
        asAlice().contentType("application/json").body("{\"type\":\"ftp\",\"target\":\"x\"}")
                .when().post("/api/catalog/locations").then().statusCode(400);
    }

    @Test
    void readsLocalFilesOnlyInsideTheConfiguredRoots() throws IOException {
        // the test profile's roots are catalogFilesDir's folder and deploy/demo
        Path outside = Files.createTempDirectory("catalog-outside");
        Files.writeString(outside.resolve("catalog-info.yaml"), TEAM.formatted("outside"));
        for (String target : List.of(outside.resolve("catalog-info.yaml").toString(), "/etc/passwd", "file:/etc/passwd")) {
            asAlice().contentType("application/json").body("{\"type\":\"file\",\"target\":\"" + target + "\"}")
                    .when().post("/api/catalog/locations").then().statusCode(400)
                    .body("error.name", equalTo("InputError"))
                    .body("error.message", containsString("portal.catalog.reading.file-roots"));
        }

        // a file inside the roots cannot lead out of them: not by a Location target, not by a substitution
        Path dir = catalogFilesDir("catalog-escape");
        Files.writeString(dir.resolve("catalog-info.yaml"), TEAM.formatted("escape") + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: escape-root}
                spec: {targets: [%1$s, ../../../../../../etc/passwd]}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: escape-api}
                spec:
                  type: openapi
                  lifecycle: production
                  owner: escape-team
                  definition:
                    $text: ../../../../../../etc/passwd
                """.formatted(outside.resolve("catalog-info.yaml")));
        JsonPath created = register("file", dir.resolve("catalog-info.yaml").toString());
        assertTrue(created.getList("entities.metadata.name").contains("escape-team"), created.prettify());
        assertTrue(!created.prettify().contains("root:x:0:0"), "nothing of /etc/passwd is read");
        asAlice().when().get("/api/catalog/entities/by-name/group/default/outside-team").then().statusCode(404);
        asAlice().when().get("/api/catalog/entities/by-name/api/default/escape-api").then().statusCode(404);
    }

    @Test
    void aFileReadFromAUrlCannotNameLocalFiles() throws IOException {
        // the local file is inside the roots: only the rule "a URL file names url targets only" keeps it out
        Path local = catalogFilesDir("catalog-local").resolve("local.yaml");
        Files.writeString(local, TEAM.formatted("local-leak"));
        String yaml = TEAM.formatted("from-url") + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: from-url-local}
                spec: {type: file, target: %s}
                """.formatted(local);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/catalog-info.yaml", exchange -> {
            byte[] body = yaml.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            register("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/catalog-info.yaml");
            entity("group", "from-url-team");
            asAlice().when().get("/api/catalog/entities/by-name/location/default/from-url-local").then().statusCode(404);
            asAlice().when().get("/api/catalog/entities/by-name/group/default/local-leak-team").then().statusCode(404);
        } finally {
            server.stop(0);
        }
    }
    /** A file of {@code count} components tagged {@code tag}, over 1 MB (read in chunks), ending with {@code tail}. */
    private static Path largeFile(String prefix, int count, String tail) throws IOException {
        StringBuilder yaml = new StringBuilder(TEAM.formatted(prefix));
        String padding = "x".repeat(400);
        for (int i = 0; i < count; i++) {
            yaml.append("""
                    ---
                    apiVersion: backstage.io/v1alpha1
                    kind: Component
                    metadata: {name: %1$s-%2$d, tags: [%1$s], description: %3$s}
                    spec: {type: service, lifecycle: production, owner: %1$s-team}
                    """.formatted(prefix, i, padding));
        }
        yaml.append(tail);
        Path file = catalogFilesDir("catalog-" + prefix).resolve("catalog-info.yaml");
        Files.writeString(file, yaml);
        assertTrue(Files.size(file) > 1_000_000, "large enough to be read in chunks: " + Files.size(file));
        return file;
    }

    private static int tagged(String tag) {
        return asAlice().when().get("/api/catalog/entities/by-query?filter=metadata.tags=" + tag + "&limit=1")
                .then().statusCode(200).extract().jsonPath().getInt("totalItems");
    }

    @Test
    void aReadStitchesATeamThatSeveralOfItsBatchesRelateToOnceAfterTheRead() throws Exception {
        // team + 999 components, then 1,000, then 500: three batches, the last two relating to the team written by
        // the first. Their peers are held until the read ends, so the team is stitched again once, not per batch.
        register("file", largeFile("held", 2500, "").toString());
        JsonPath team = entity("group", "held-team");
        for (long deadline = System.nanoTime() + 60_000_000_000L;
             team.getList("relations").size() < 2500 && System.nanoTime() < deadline; team = entity("group", "held-team")) {
            Thread.sleep(200);
        }
        assertEquals(2500, team.getList("relations.findAll { it.type == 'ownerOf' }").size());
        assertEquals(2, team.getLong("metadata.generation"), "written with the first batch, stitched once after the read");
    }

    @Test
    void theIngestStatusFollowsAReadBatchByBatch() throws Exception {
        JsonPath before = status();
        Path file = largeFile("counted", 3500, """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: "not a valid name!"}
                spec: {type: service, lifecycle: production, owner: counted-team}
                """);
        // Four batches of up to 1,000: the written count moves after each, not only when the read ends.
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (reading.get()) {
                seen.add(status().getLong("written"));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        poller.start();
        try {
            register("file", file.toString());
        } finally {
            reading.set(false);
            poller.join();
        }
        JsonPath after = status();
        long start = before.getLong("written");
        long end = after.getLong("written");
        assertTrue(end - start >= 3501, "the team and every component written: " + start + " -> " + end);
        assertTrue(seen.stream().anyMatch(written -> written > start + 500 && written < end - 500),
                "a count between the first and the last batch was seen during the read: " + seen);
        assertTrue(after.getLong("failed") > before.getLong("failed"), "the invalid entity counted as failed");
        assertTrue(after.getLong("stitchesPending") >= 0, "entities still to be stitched again are shown");
    }

    private static JsonPath status() {
        return asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void readsALargeFileInChunksAndNothingOfOneThatBreaksAtItsEnd() throws IOException {
        JsonPath created = register("file", largeFile("large", 2500, "").toString());
        assertEquals(2500 + 2, created.getList("entities").size(), "the root Location, the team and every component");
        assertEquals(2500, tagged("large"));
        assertEquals("large-team", entity("component", "large-2499").getString("spec.owner"));

        // the last document breaks (a duplicate key): the first pass finds it before any entity of the file is written
        register("file", largeFile("broken", 2500, """
                ---
                kind: Component
                kind: Component
                """).toString());
        assertEquals(0, tagged("broken"));
        asAlice().when().get("/api/catalog/entities/by-name/group/default/broken-team").then().statusCode(404);
        asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200)
                .body(containsString("found duplicate key kind"));
    }
}
