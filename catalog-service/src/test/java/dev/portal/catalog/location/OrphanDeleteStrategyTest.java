package dev.portal.catalog.location;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.catalogFilesDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code orphan-strategy: delete}, an entity its location no longer emits is removed instead of orphaned. */
@QuarkusTest
@TestProfile(OrphanDeleteStrategyTest.DeleteOrphans.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class OrphanDeleteStrategyTest {

    public static class DeleteOrphans implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.catalog.orphan-strategy", "delete");
        }
    }

    private static String group(String name) {
        return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: " + name + "}\nspec: {type: team, children: []}\n";
    }

    @Test
    void deletesWhatTheFileNoLongerHolds() throws IOException {
        Path file = catalogFilesDir("orphans").resolve("orphans.yaml");
        Files.writeString(file, group("stays") + "---\n" + group("leaves"));
        asAlice().contentType("application/json").body("{\"type\":\"file\",\"target\":\"" + file + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(201);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/leaves").then().statusCode(200);

        Files.writeString(file, group("stays"));
        asAlice().contentType("application/json").body("{\"entityRef\":\"group:default/stays\"}")
                .when().post("/api/catalog/refresh").then().statusCode(200);

        asAlice().when().get("/api/catalog/entities/by-name/group/default/leaves").then().statusCode(404);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/stays").then().statusCode(200);
    }
}
