package dev.portal.catalog;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.asBob;
import static dev.portal.catalog.CatalogTestData.catalogFilesDir;
import static dev.portal.catalog.CatalogTestData.seedSmallOrg;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.devstack.StackAssertions.Refused;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Every write of the catalog API is either refused to a signed-in user without rights (bob: not an owner of the
 * targets, not a portal-admin) with 403, writing nothing, or open to everyone for a stated reason.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class WritePermissionsTest {

    @Test
    void everyWriteIsRefusedToAUserWithoutRightsOrOpenForAReason() throws IOException {
        String platformOwned = seedSmallOrgAndGetAPlatformTeamEntity();
        Path dir = catalogFilesDir("permissions");
        Files.writeString(dir.resolve("catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: permissions-team}
                spec: {type: team, children: []}
                """);
        String aliceLocation = asAlice().contentType("application/json")
                .body("{\"type\":\"file\",\"target\":\"" + dir.resolve("catalog-info.yaml") + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(201).extract().jsonPath().getString("location.id");
        String entityCount = totalEntities();

        Map<String, Refused> refused = new LinkedHashMap<>();
        refused.put("POST /api/catalog/admin/entities", new Refused("/api/catalog/admin/entities",
                "[{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"bobs-own\"},"
                        + "\"spec\":{\"type\":\"team\",\"children\":[]}}]"));
        refused.put("POST /api/catalog/providers/{provider}/mutations", new Refused(
                "/api/catalog/providers/bobs-provider/mutations", "{\"type\":\"full\",\"entities\":[]}"));
        refused.put("DELETE /api/catalog/entities/by-uid/{uid}", new Refused(
                "/api/catalog/entities/by-uid/" + platformOwned, null));
        refused.put("DELETE /api/catalog/locations/{id}", new Refused("/api/catalog/locations/" + aliceLocation, null));

        Map<String, String> open = new LinkedHashMap<>();
        open.put("POST /api/catalog/locations", "registering a catalog file is open to everyone, as in Backstage; "
                + "what it may read is limited by the allowed hosts and file roots, the kinds it may bring by the catalog "
                + "rules (no Groups or Users unless an admin registers it), and its entities by their owners");
        open.put("POST /api/catalog/refresh", "reads an entity's own file again; the caller changes nothing");
        open.put("POST /api/catalog/analyze-location", "reads a file and writes nothing");
        open.put("POST /api/catalog/validate-entity", "validates and writes nothing");
        open.put("POST /api/catalog/entities/by-query", "a read that takes a body");
        open.put("POST /api/catalog/entities/by-refs", "a read that takes a body");
        open.put("POST /api/catalog/entity-facets", "a read that takes a body");

        assertEquals(4, StackAssertions.assertEveryWriteNeedsRights("bob", refused, open));

        // nothing of the refused writes happened
        asAlice().when().get("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(200);
        asAlice().when().get("/api/catalog/locations/" + aliceLocation).then().statusCode(200);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/bobs-own").then().statusCode(404);
        assertEquals(entityCount, totalEntities());
    }

    /**
     * Ownership follows memberships and parents, so a catalog file that anyone may register must not bring Groups or
     * Users (Backstage's catalog rules): bob's file that makes him a member of a sub-team of platform-team would
     * otherwise let him delete platform-team's entities. An admin's location may bring them.
     */
    @Test
    void aLocationBobRegistersCannotMakeHimAMemberOfAnotherTeam() throws IOException {
        String platformOwned = seedSmallOrgAndGetAPlatformTeamEntity();
        Path dir = catalogFilesDir("rules");
        String file = dir.resolve("catalog-info.yaml").toString();
        Files.writeString(dir.resolve("catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: bobs-platform-squad}
                spec: {type: team, parent: platform-team, members: [bob], children: []}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: bobs-service}
                spec: {type: service, lifecycle: experimental, owner: user:default/bob}
                """);
        String body = "{\"type\":\"file\",\"target\":\"" + file + "\"}";

        String dryRun = asBob().contentType("application/json").body(body).when().post("/api/catalog/locations?dryRun=true")
                .then().statusCode(400).extract().jsonPath().getString("error.message");
        assertTrue(dryRun.contains("group:default/bobs-platform-squad: NotAllowedError: kind Group is not allowed"), dryRun);

        // An invalid entity in bob's dry run is named as invalid (the rules need a valid entity's ref; it was a 500).
        Path invalidDir = catalogFilesDir("rules-invalid");
        Files.writeString(invalidDir.resolve("catalog-info.yaml"), "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
                + "metadata: {}\nspec: {type: team, children: []}\n");
        asBob().contentType("application/json").body("{\"type\":\"file\",\"target\":\"" + invalidDir.resolve("catalog-info.yaml")
                + "\"}").when().post("/api/catalog/locations?dryRun=true").then().statusCode(400)
                .body("error.message", org.hamcrest.Matchers.containsString("metadata.name"));

        asBob().contentType("application/json").body(body).when().post("/api/catalog/locations").then().statusCode(201);
        asAlice().when().get("/api/catalog/entities/by-name/component/default/bobs-service").then().statusCode(200);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/bobs-platform-squad").then().statusCode(404);
        asBob().when().delete("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"))
                .body("error.message", equalTo("You may only delete entities you own: component:default/portal-backend"));
        asAlice().when().get("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(200);

        // A portal-admin's location may bring people and teams.
        Path adminDir = catalogFilesDir("rules-admin");
        Files.writeString(adminDir.resolve("catalog-info.yaml"), """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: alices-squad}
                spec: {type: team, parent: platform-team, members: [alice], children: []}
                """);
        asAlice().contentType("application/json")
                .body("{\"type\":\"file\",\"target\":\"" + adminDir.resolve("catalog-info.yaml") + "\"}")
                .when().post("/api/catalog/locations").then().statusCode(201);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/alices-squad").then().statusCode(200);
    }

    /**
     * design.md: a token's preferred_username names the User entity, with a fallback to the User whose
     * spec.profile.email is the token's email. ddubois (Keycloak) has no User of that name; his email is dave's.
     */
    @Test
    void aCallerWithoutAUserOfTheirNameIsTheUserWithTheirEmail() {
        seedSmallOrg();
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: email-fallback-target}
                spec: {type: service, lifecycle: experimental, owner: platform-team}
                """);
        String uid = asAlice().when().get("/api/catalog/entities/by-name/component/default/email-fallback-target")
                .then().statusCode(200).extract().jsonPath().getString("metadata.uid");

        asDdubois().when().get("/api/catalog/whoami").then().statusCode(200)
                .body("username", equalTo("ddubois"))
                .body("email", equalTo("dave@example.com"))
                .body("userRef", equalTo("user:default/ddubois"));
        asDdubois().when().delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(403);

        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: {name: dave}
                spec: {profile: {email: Dave@Example.com}, memberOf: [platform-team]}
                """);
        asDdubois().when().get("/api/catalog/whoami").then().statusCode(200).body("userRef", equalTo("user:default/dave"));
        asDdubois().when().delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        asAlice().when().get("/api/catalog/entities/by-uid/" + uid).then().statusCode(404);

        // Two Users with that email: which one ddubois is cannot be told, so neither is taken.
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: {name: dave-again}
                spec: {profile: {email: dave@example.com}, memberOf: []}
                """);
        asDdubois().when().get("/api/catalog/whoami").then().statusCode(200).body("userRef", equalTo("user:default/ddubois"));
    }

    private static RequestSpecification asDdubois() {
        return given().auth().oauth2(KeycloakTokens.accessToken("ddubois"));
    }

    /** The uid of portal-backend, which platform-team owns (bob is in payments-team). */
    private static String seedSmallOrgAndGetAPlatformTeamEntity() {
        seedSmallOrg();
        return asAlice().when().get("/api/catalog/entities/by-name/component/default/portal-backend")
                .then().statusCode(200).extract().jsonPath().getString("metadata.uid");
    }

    private static String totalEntities() {
        return asAlice().when().get("/api/catalog/entities/by-query?limit=1").then().statusCode(200).extract()
                .jsonPath().getString("totalItems");
    }
}
