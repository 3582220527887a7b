package dev.portal.catalog.location;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** The demo catalog as a static location, as ./portal up configures it: read at start, whole, without errors. */
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
            return Map.of("portal.catalog.static-locations", "file:" + DEMO);
        }
    }

    @Test
    void readsTheWholeDemoCatalogAtStartWithoutErrors() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int total = 0;
        while (System.currentTimeMillis() < deadline) {
            total = asAlice().when().get("/api/catalog/entities/by-query?limit=1").then().statusCode(200)
                    .extract().jsonPath().getInt("totalItems");
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
        asAlice().when().get("/api/catalog/locations").then().statusCode(200).body("size()", equalTo(1));
        asAlice().when().delete("/api/catalog/locations/" + asAlice().when().get("/api/catalog/locations")
                .then().extract().jsonPath().getString("[0].data.id")).then().statusCode(403);
        assertTrue(DEMO.toFile().isFile());
    }
}
