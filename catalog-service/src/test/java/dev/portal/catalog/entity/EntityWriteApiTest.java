package dev.portal.catalog.entity;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.asBob;
import static dev.portal.catalog.CatalogTestData.seedSmallOrg;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.arjuna.ats.arjuna.coordinator.TxControl;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Writing entities: identity, versions, relations both ways, stitching, deletion rights, all-or-nothing batches. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class EntityWriteApiTest {

    @Inject
    EntityService entities;

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @BeforeEach
    void seed() {
        seedSmallOrg();
    }

    /** Peers of a write are stitched by the deferred stitcher, within a moment. */
    static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static JsonPath byName(String kind, String name) {
        return asAlice().when().get("/api/catalog/entities/by-name/" + kind + "/default/" + name)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aBatchWriteMayHoldItsTransactionTenMinutes() {
        // a seed batch of 2,000 on a cold service and a busy machine outlived the default 60 s (a 500, nothing written)
        assertEquals(600, TxControl.getDefaultTimeout());
    }

    @Test
    void servesTheStitchedEntityWithUidEtagGenerationAndDefaultNamespace() {
        JsonPath entity = byName("component", "payments-api");
        assertEquals("default", entity.getString("metadata.namespace"));
        assertEquals(36, entity.getString("metadata.uid").length());
        assertEquals(27, entity.getString("metadata.etag").length());
        assertTrue(entity.getLong("metadata.generation") >= 1);
    }

    @Test
    void generatesRelationsInBothDirectionsFromSpecFields() {
        JsonPath component = byName("component", "payments-api");
        List<Map<String, Object>> relations = component.getList("relations");
        // each with Backstage's legacy compound target beside targetRef (its default relations compatibility)
        assertEquals(List.of(
                Map.of("type", "dependsOn", "targetRef", "resource:default/payments-db",
                        "target", Map.of("kind", "resource", "namespace", "default", "name", "payments-db")),
                Map.of("type", "ownedBy", "targetRef", "group:default/payments-team",
                        "target", Map.of("kind", "group", "namespace", "default", "name", "payments-team")),
                Map.of("type", "partOf", "targetRef", "system:default/payments",
                        "target", Map.of("kind", "system", "namespace", "default", "name", "payments")),
                Map.of("type", "providesApi", "targetRef", "api:default/payments-rest",
                        "target", Map.of("kind", "api", "namespace", "default", "name", "payments-rest"))), relations);

        asAlice().when().get("/api/catalog/entities/by-name/group/default/payments-team").then().statusCode(200)
                .body("relations.findAll { it.type == 'ownerOf' }.targetRef", hasItem("component:default/payments-api"))
                .body("relations.findAll { it.type == 'childOf' }.targetRef", equalTo(List.of("group:default/engineering")))
                .body("relations.findAll { it.type == 'hasMember' }.targetRef", equalTo(List.of("user:default/bob")));
        asAlice().when().get("/api/catalog/entities/by-name/api/default/payments-rest").then().statusCode(200)
                .body("relations.findAll { it.type == 'apiProvidedBy' }.targetRef", equalTo(List.of("component:default/payments-api")))
                .body("relations.findAll { it.type == 'apiConsumedBy' }.targetRef", equalTo(List.of("component:default/checkout-web")));
        asAlice().when().get("/api/catalog/entities/by-name/resource/default/payments-db").then().statusCode(200)
                .body("relations.findAll { it.type == 'dependencyOf' }.targetRef", equalTo(List.of("component:default/payments-api")));
    }

    @Test
    void keepsARelationToAMissingEntityAndResolvesItWhenTheTargetArrives() {
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: early-bird}
                spec: {type: service, lifecycle: experimental, owner: late-team}
                """);
        asAlice().when().get("/api/catalog/entities/by-name/component/default/early-bird").then().statusCode(200)
                .body("relations.targetRef", hasItem("group:default/late-team"));
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: late-team}
                spec: {type: team, children: []}
                """);
        asAlice().when().get("/api/catalog/entities/by-name/group/default/late-team").then().statusCode(200)
                .body("relations.findAll { it.type == 'ownerOf' }.targetRef", equalTo(List.of("component:default/early-bird")));
    }

    @Test
    void keepsTheUidAcrossUpdatesAndMovesEtagAndGenerationOnlyOnChange() {
        JsonPath before = byName("component", "ledger");
        seedSmallOrg(); // the same input again
        JsonPath unchanged = byName("component", "ledger");
        assertEquals(before.getString("metadata.etag"), unchanged.getString("metadata.etag"));
        assertEquals(before.getLong("metadata.generation"), unchanged.getLong("metadata.generation"));

        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: ledger, tags: [java]}
                spec: {type: service, lifecycle: production, owner: payments-team, system: payments}
                """);
        JsonPath after = byName("component", "ledger");
        assertEquals(before.getString("metadata.uid"), after.getString("metadata.uid"));
        assertNotEquals(before.getString("metadata.etag"), after.getString("metadata.etag"));
        assertEquals(before.getLong("metadata.generation") + 1, after.getLong("metadata.generation"));
        assertEquals("production", after.getString("spec.lifecycle"));
    }

    @Test
    void treatsKindNamespaceAndNameCaseInsensitively() {
        String uid = byName("component", "ui-kit").getString("metadata.uid");
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: UI-Kit, namespace: default}
                spec: {type: library, lifecycle: deprecated, owner: platform-team}
                """);
        asAlice().when().get("/api/catalog/entities/by-name/Component/DEFAULT/ui-KIT").then().statusCode(200)
                .body("metadata.uid", equalTo(uid))
                .body("metadata.name", equalTo("UI-Kit"))
                .body("spec.lifecycle", equalTo("deprecated"));
    }

    @Test
    void rejectsAnInvalidBatchWholeNamingEveryProblemAndWritesNothing() {
        asAlice().contentType("application/yaml").body(bytes("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: would-be-valid}
                spec: {type: service, lifecycle: production, owner: platform-team}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: "bad name!", tags: ["Not_A_Tag"]}
                spec: {type: service, lifecycle: production, owner: platform-team}
                """)).when().post("/api/catalog/admin/entities")
                .then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("error.message", containsString("metadata.name"))
                .body("error.message", containsString("tags.0"));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/would-be-valid").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
    }

    @Test
    void rejectsRelationsInInputAndAnAliasBomb() {
        asAlice().contentType("application/json").body("""
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"sneaky"},
                 "spec":{"type":"service","lifecycle":"production","owner":"x"},
                 "relations":[{"type":"ownedBy","targetRef":"group:default/x"}]}
                """).when().post("/api/catalog/admin/entities")
                .then().statusCode(400).body("error.message", containsString("relations"));
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            bomb.append(("*" + (char) (c - 1) + ", ").repeat(9)).append("*").append((char) (c - 1)).append("]\n");
        }
        asAlice().contentType("application/yaml").body(bytes(bomb.toString())).when().post("/api/catalog/admin/entities")
                .then().statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void seedingNeedsTheAdminRole() {
        asBob().contentType("application/yaml").body(bytes("kind: Component")).when().post("/api/catalog/admin/entities")
                .then().statusCode(403).body("error.name", equalTo("NotAllowedError"));
    }

    @Test
    void deletingNeedsOwnershipOrTheAdminRoleAndRestitchesPeers() {
        String platformOwned = byName("component", "portal-backend").getString("metadata.uid");
        asBob().when().delete("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));

        String paymentsOwned = byName("component", "checkout-web").getString("metadata.uid");
        asBob().when().delete("/api/catalog/entities/by-uid/" + paymentsOwned).then().statusCode(204);
        asAlice().when().get("/api/catalog/entities/by-uid/" + paymentsOwned).then().statusCode(404)
                .body("error.message", equalTo("No entity with uid " + paymentsOwned));
        awaitUntil(() -> !asAlice().when().get("/api/catalog/entities/by-name/api/default/payments-rest").then()
                .statusCode(200).extract().jsonPath().getList("relations.targetRef").contains("component:default/checkout-web"),
                "payments-rest loses its relation to the deleted checkout-web");

        asAlice().when().delete("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(204);
        asAlice().when().delete("/api/catalog/entities/by-uid/" + platformOwned).then().statusCode(404);
    }

    @Test
    void keepsServingTheLastGoodVersionWithProcessingErrorsInStatus() {
        JsonPath before = byName("component", "ledger");
        entities.recordProcessingErrors("component:default/ledger", List.of("catalog-info.yaml: spec.owner must have a value"));
        JsonPath after = byName("component", "ledger");
        assertEquals(before.getString("spec.lifecycle"), after.getString("spec.lifecycle"));
        assertEquals("backstage.io/catalog-processing", after.getString("status.items[0].type"));
        assertEquals("error", after.getString("status.items[0].level"));
        assertEquals("InputError: catalog-info.yaml: spec.owner must have a value", after.getString("status.items[0].message"));
        assertEquals("InputError", after.getString("status.items[0].error.name"));
        assertEquals("catalog-info.yaml: spec.owner must have a value", after.getString("status.items[0].error.message"));
        assertNotEquals(before.getString("metadata.etag"), after.getString("metadata.etag"));
        // An error that names itself keeps its name, as Backstage's "<name>: <message>".
        entities.recordProcessingErrors("component:default/ledger", List.of("NotFoundError: http://x/c.yaml answered HTTP 404"));
        JsonPath missing = byName("component", "ledger");
        assertEquals("NotFoundError: http://x/c.yaml answered HTTP 404", missing.getString("status.items[0].message"));
        assertEquals("NotFoundError", missing.getString("status.items[0].error.name"));
        assertEquals("http://x/c.yaml answered HTTP 404", missing.getString("status.items[0].error.message"));

        seedSmallOrg(); // a good input again clears the errors
        asAlice().when().get("/api/catalog/entities/by-name/component/default/ledger").then().statusCode(200)
                .body("status", nullValue());
    }

    @Test
    void validatesAnEntityWithoutStoringIt() {
        asAlice().contentType("application/json").body("""
                {"location":"url:https://example.com/catalog-info.yaml","entity":{"apiVersion":"backstage.io/v1alpha1",
                 "kind":"Component","metadata":{"name":"just-checking"},
                 "spec":{"type":"service","lifecycle":"production","owner":"platform-team"}}}
                """).when().post("/api/catalog/validate-entity").then().statusCode(200);
        asAlice().contentType("application/json").body("""
                {"location":"url:https://example.com/catalog-info.yaml","entity":{"apiVersion":"backstage.io/v1alpha1",
                 "kind":"Component","metadata":{"name":"-bad-"},"spec":{"type":"service"}}}
                """).when().post("/api/catalog/validate-entity").then().statusCode(400)
                .body("errors.name", hasItem("InputError"))
                .body("errors.size()", greaterThanOrEqualTo(3))
                .body("errors.message", hasItem(containsString("metadata.name")));
        asAlice().contentType("application/json").body("{\"location\":\"file:/x\",\"entity\":{}}")
                .when().post("/api/catalog/validate-entity").then().statusCode(400)
                .body("errors[0].message", containsString("only 'url:<target>' is supported"));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/just-checking").then().statusCode(404);
    }

    @Test
    void refreshesAKnownEntityAndReportsAnUnknownOne() {
        asAlice().contentType("application/json").body("{\"entityRef\":\"component:default/ledger\"}")
                .when().post("/api/catalog/refresh").then().statusCode(200);
        asAlice().contentType("application/json").body("{\"entityRef\":\"component:default/nope\"}")
                .when().post("/api/catalog/refresh").then().statusCode(404).body("error.name", equalTo("NotFoundError"));
        asAlice().contentType("application/json").body("{\"entityRef\":\"not a ref:/\"}")
                .when().post("/api/catalog/refresh").then().statusCode(400).body("error.name", equalTo("InputError"));
    }

    @Test
    void servesAncestryStartingFromTheEntity() {
        asAlice().when().get("/api/catalog/entities/by-name/component/default/ledger/ancestry").then().statusCode(200)
                .body("rootEntityRef", equalTo("component:default/ledger"))
                .body("items[0].entity.metadata.name", equalTo("ledger"))
                .body("items[0].parentEntityRefs", equalTo(List.of()));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/nope/ancestry").then().statusCode(404)
                .body("error.message", equalTo("No such entity component:default/nope"));
    }

    @Test
    void cachedTotalsAndFacetsFollowEveryWrite() {
        int services = serviceFacetCount();
        int total = asAlice().when().get("/api/catalog/entities/by-query?filter=kind=component").then().statusCode(200)
                .extract().jsonPath().getInt("totalItems");
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: fresh-service}
                spec: {type: service, lifecycle: production, owner: platform-team}
                """);
        assertEquals(services + 1, serviceFacetCount());
        asAlice().when().get("/api/catalog/entities/by-query?filter=kind=component").then().statusCode(200)
                .body("totalItems", equalTo(total + 1));
        String uid = byName("component", "fresh-service").getString("metadata.uid");
        asAlice().when().delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        assertEquals(services, serviceFacetCount());
    }

    private static int serviceFacetCount() {
        return asAlice().when().get("/api/catalog/entity-facets?facet=spec.type").then().statusCode(200)
                .extract().jsonPath().getInt("facets.'spec.type'.find { it.value == 'service' }.count");
    }

    @Test
    void answersUnknownNamesWithBackstagesNotFoundMessage() {
        asAlice().when().get("/api/catalog/entities/by-name/component/default/nope").then().statusCode(404)
                .body("error.message", equalTo("No entity named 'nope' found, with kind 'component' in namespace 'default'"))
                .body("response.statusCode", equalTo(404))
                .body("request.url", notNullValue());
        // Parts no ref can have name no entity either (they were a 500).
        asAlice().when().get("/api/catalog/entities/by-name/a:b/default/x").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
        asAlice().when().get("/api/catalog/entities/by-name/a:b/default/x/ancestry").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
    }
}
