package dev.portal.catalog.provider;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.catalogFilesDir;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A Location entity an integration provides has its targets read, as Backstage's LocationEntityProcessor reads those
 * of a provider's Location entities (GitHub discovery emits one per repository): the entities of its files appear,
 * follow the file, and are orphaned when the Location entity goes. The test profile's refresh interval is an hour, so
 * what happens here happens because the Location entity changed, not on the schedule.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class ProvidedLocationEntitiesTest {

    private static String location(String name, String spec) {
        return "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Location\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":" + spec + "}";
    }

    private static void mutate(String body) {
        asAlice().contentType("application/json").body(body)
                .when().post("/api/catalog/providers/discovery/mutations").then().statusCode(200);
    }

    @Test
    void theTargetsOfAProvidedLocationEntityAreReadAndItsEntitiesFollowIt() throws IOException {
        Path dir = catalogFilesDir("provided");
        Path repo = dir.resolve("catalog-info.yaml");
        Files.writeString(repo, """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: discovered-service}
                spec: {type: service, lifecycle: production, owner: platform-team}
                """);
        String missing = dir.resolve("not-there.yaml").toString();
        mutate("{\"type\":\"delta\",\"added\":[" + location("repo-discovered", "{\"type\":\"file\",\"targets\":[\""
                + repo + "\",\"" + missing + "\"],\"presence\":\"optional\"}") + "]}");

        JsonPath service = awaitEntity("component/default/discovered-service", found -> true);
        assertEquals("file:" + repo, service.getString("metadata.annotations.'backstage.io/managed-by-location'"));
        List<String> followed = asAlice().when().get("/api/catalog/locations").then().statusCode(200).extract()
                .jsonPath().getList("data.target");
        assertTrue(followed.contains(repo.toString()), followed.toString());
        String id = asAlice().when().get("/api/catalog/locations/by-entity/component/default/discovered-service")
                .then().statusCode(200).body("target", equalTo(repo.toString())).extract().jsonPath().getString("id");
        asAlice().when().delete("/api/catalog/locations/" + id).then().statusCode(403)
                .body("error.message", containsString("location:default/repo-discovered"));
        // presence: optional — the missing target is no error on the Location entity
        asAlice().when().get("/api/catalog/entities/by-name/location/default/repo-discovered").then().statusCode(200)
                .body("status", equalTo(null));

        // A change of the file shows after POST /refresh of one of its entities (as for registered locations).
        Files.writeString(repo, Files.readString(repo).replace("lifecycle: production", "lifecycle: deprecated"));
        asAlice().contentType("application/json").body("{\"entityRef\":\"component:default/discovered-service\"}")
                .when().post("/api/catalog/refresh").then().statusCode(200);
        assertEquals("deprecated", awaitEntity("component/default/discovered-service", e -> true).getString("spec.lifecycle"));

        // The Location entity goes: its target is no longer read, and what was read from it is orphaned.
        mutate("{\"type\":\"delta\",\"added\":[],\"removed\":[\"location:default/repo-discovered\"]}");
        awaitEntity("component/default/discovered-service",
                e -> "true".equals(e.getString("metadata.annotations.'backstage.io/orphan'")));
        assertFalse(asAlice().when().get("/api/catalog/locations").then().extract().jsonPath().getList("data.target")
                .contains(repo.toString()));
    }

    @Test
    void aTargetTwoLocationEntitiesNameIsHandedToTheOtherWhenOneGoes() throws IOException {
        Path file = catalogFilesDir("provided-twice").resolve("catalog-info.yaml");
        Files.writeString(file, """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: twice-named-service}
                spec: {type: service, lifecycle: production, owner: platform-team}
                """);
        String target = "{\"type\":\"file\",\"target\":\"" + file + "\"}";
        mutate("{\"type\":\"delta\",\"added\":[" + location("twice-a", target) + "," + location("twice-b", target) + "]}");
        awaitEntity("component/default/twice-named-service", e -> true);
        assertEquals(List.of("location:default/twice-a"), parentsOf("component/default/twice-named-service"));

        // twice-a goes; twice-b still names the file, so its entity stays, now twice-b's child.
        mutate("{\"type\":\"delta\",\"added\":[],\"removed\":[\"location:default/twice-a\"]}");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!parentsOf("component/default/twice-named-service").equals(List.of("location:default/twice-b"))
                && System.nanoTime() < deadline) {
            sleep();
        }
        assertEquals(List.of("location:default/twice-b"), parentsOf("component/default/twice-named-service"));
        JsonPath service = awaitEntity("component/default/twice-named-service", e -> true);
        assertEquals(null, service.getString("metadata.annotations.'backstage.io/orphan'"));
        String id = asAlice().when().get("/api/catalog/locations/by-entity/component/default/twice-named-service")
                .then().statusCode(200).extract().jsonPath().getString("id");
        asAlice().when().delete("/api/catalog/locations/" + id).then().statusCode(403)
                .body("error.message", containsString("location:default/twice-b"));
    }

    /** The parents {@code /ancestry} gives the entity: the Location entity whose target its file is. */
    private static List<String> parentsOf(String kindNamespaceName) {
        return asAlice().when().get("/api/catalog/entities/by-name/" + kindNamespaceName + "/ancestry").then()
                .statusCode(200).extract().jsonPath().getList("items[0].parentEntityRefs");
    }

    @Test
    void aTargetThatMayNotBeReadIsAnErrorOnTheLocationEntity() {
        mutate("{\"type\":\"delta\",\"added\":[" + location("relative-target", "{\"type\":\"url\",\"target\":\"./catalog-info.yaml\"}")
                + "," + location("outside-roots", "{\"type\":\"file\",\"target\":\"/etc/passwd\"}") + "]}");
        String relative = awaitEntity("location/default/relative-target", e -> e.get("status.items") != null)
                .getString("status.items[0].message");
        assertTrue(relative.contains("needs absolute targets"), relative);
        String outside = awaitEntity("location/default/outside-roots", e -> e.get("status.items") != null)
                .getString("status.items[0].message");
        assertTrue(outside.contains("/etc/passwd"), outside);
        assertFalse(asAlice().when().get("/api/catalog/locations").then().extract().jsonPath().getList("data.target")
                .contains("/etc/passwd"));
    }

    /** The entity once it exists and matches, within 20 s (the follow-up runs after the write commits). */
    private static JsonPath awaitEntity(String kindNamespaceName, Predicate<JsonPath> matches) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            var response = asAlice().when().get("/api/catalog/entities/by-name/" + kindNamespaceName);
            if (response.statusCode() == 200 && matches.test(response.jsonPath())) {
                return response.jsonPath();
            }
            sleep();
        }
        return fail(kindNamespaceName + " did not appear as expected within 20 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
