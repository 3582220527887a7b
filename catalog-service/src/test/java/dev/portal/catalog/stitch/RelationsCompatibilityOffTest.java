package dev.portal.catalog.stitch;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.catalog.db.Database;
import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * {@code portal.catalog.relations-compatibility=false} (Backstage's {@code catalog.disableRelationsCompatibility}):
 * relations are served with {@code targetRef} only, and entities stitched in the other form are stitched again.
 */
@QuarkusTest
@TestProfile(RelationsCompatibilityOffTest.WithoutTargets.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class RelationsCompatibilityOffTest {

    public static class WithoutTargets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("portal.catalog.relations-compatibility", "false");
        }
    }

    private static final String REF = "component:default/without-targets";

    @Inject
    ServedFormSetting setting;

    @Inject
    Database database;

    @Test
    void relationsCarryTargetRefOnlyAndAChangedSettingStitchesEverythingAgain() {
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: without-targets}
                spec: {type: service, lifecycle: production, owner: platform-team}
                """);
        JsonPath served = byName();
        assertEquals(List.of(Map.of("type", "ownedBy", "targetRef", "group:default/platform-team")),
                served.getList("relations"));

        // As if the entities had been stitched with targets (the setting was on when they were written).
        database.run(connection -> {
            connection.createStatement().executeUpdate("UPDATE served_form SET relation_targets = true");
            connection.createStatement().executeUpdate("UPDATE entities SET etag = 'stitched-in-the-other-form' "
                    + "WHERE entity_ref = '" + REF + "'");
        });
        assertTrue(setting.reconcile() >= 1, "every entity is queued");
        assertEquals(List.of(false), database.query("SELECT relation_targets FROM served_form", List.of(),
                row -> row.getBoolean(1)), "the stored form is now the configured one");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!"stitched-in-the-other-form".equals(byName().getString("metadata.etag"))) {
                assertFalse(byName().getMap("relations[0]").containsKey("target"), byName().prettify());
                assertEquals(0, setting.reconcile(), "nothing to do once the forms agree");
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fail("the entity was not stitched again within 20 s");
    }

    private static JsonPath byName() {
        return asAlice().when().get("/api/catalog/entities/by-name/component/default/without-targets").then()
                .statusCode(200).extract().jsonPath();
    }
}
