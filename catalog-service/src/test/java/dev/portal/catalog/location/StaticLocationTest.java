package dev.portal.catalog.location;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.catalog.CatalogTestData;
import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The demo catalog as a static location, as ./portal up configures it: read at start, whole, without errors; and the
 * refresh loop, here every second, reading every location again without being asked.
 */
@QuarkusTest
@TestProfile(StaticLocationTest.DemoCatalog.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class StaticLocationTest {

    static final Path DEMO = Path.of(System.getProperty("portal.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/demo/catalog-info.yaml");

    public static class DemoCatalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.catalog.static-locations", "file:" + DEMO, "portal.catalog.refresh-interval", "PT1S");
        }
    }

    @Test
    void readsTheWholeDemoCatalogAtStartWithoutErrors() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int total = 0;
        while (System.currentTimeMillis() < deadline) {
            total = asAlice().queryParam("filter", "metadata.annotations.backstage.io/managed-by-origin-location=file:" + DEMO)
                    .when().get("/api/catalog/entities/by-query?limit=1").then().statusCode(200)
                    .extract().jsonPath().getInt("totalItems"); // the demo's only: the other test registers one more
            if (total >= 55) {
                break;
            }
            Thread.sleep(250);
        }
        // the demo's 54 entities (4 of them Locations) and the generated root Location of the registration
        assertEquals(55, total);
        JsonPath status = asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(Map.of()), status.getList("locations.errors"), "no read errors: " + status.prettify());
        asAlice().when().get("/api/catalog/entities/by-name/api/default/payments-api").then().statusCode(200)
                .body("spec.definition", org.hamcrest.Matchers.startsWith("openapi"));
        String staticId = asAlice().when().get("/api/catalog/locations").then().statusCode(200).extract().jsonPath()
                .getString("find { it.data.target == '" + DEMO + "' }.data.id");
        asAlice().when().delete("/api/catalog/locations/" + staticId).then().statusCode(403);
        assertTrue(DEMO.toFile().isFile());
    }

    @Test
    void readsEveryLocationAgainOnTheRefreshInterval() throws Exception {
        Path dir = CatalogTestData.catalogFilesDir("scheduled");
        String component = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: scheduled-one}
                spec: {type: service, lifecycle: %s, owner: team-a}
                """;
        Files.writeString(dir.resolve("catalog-info.yaml"), component.formatted("experimental"));
        asAlice().contentType("application/json")
                .body("{\"type\":\"file\",\"target\":\"" + dir.resolve("catalog-info.yaml") + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(201);

        Files.writeString(dir.resolve("catalog-info.yaml"), component.formatted("production")); // nobody asks for a read
        long deadline = System.currentTimeMillis() + 30_000;
        String lifecycle = null;
        while (System.currentTimeMillis() < deadline && !"production".equals(lifecycle)) {
            Thread.sleep(250);
            lifecycle = asAlice().when().get("/api/catalog/entities/by-name/component/default/scheduled-one").then()
                    .statusCode(200).extract().jsonPath().getString("spec.lifecycle");
        }
        assertEquals("production", lifecycle);
    }
}
