package dev.portal.catalog.provider;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.asBob;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Providers push entities with full and delta mutations, and cannot take over what another source provides. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class ProviderApiTest {

    private static String component(String name) {
        return "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"platform-team\"}}";
    }

    private static void mutate(String provider, String body, int status) {
        asAlice().contentType("application/json").body(body)
                .when().post("/api/catalog/providers/" + provider + "/mutations").then().statusCode(status);
    }

    private static int status(String name) {
        return asAlice().when().get("/api/catalog/entities/by-name/component/default/" + name).statusCode();
    }

    @Test
    void aFullMutationReplacesEverythingTheProviderOwns() {
        mutate("cmdb", "{\"type\":\"full\",\"entities\":[" + component("cmdb-a") + "," + component("cmdb-b") + "]}", 200);
        mutate("cmdb", "{\"type\":\"full\",\"entities\":[" + component("cmdb-b") + "," + component("cmdb-c") + "]}", 200);
        assertEquals(404, status("cmdb-a"));
        assertEquals(200, status("cmdb-b"));
        assertEquals(200, status("cmdb-c"));
    }

    @Test
    void aDeltaMutationAddsAndRemoves() {
        mutate("github", "{\"type\":\"delta\",\"added\":[" + component("gh-a") + "," + component("gh-b") + "]}", 200);
        mutate("github", "{\"type\":\"delta\",\"added\":[],\"removed\":[\"component:default/gh-a\"]}", 200);
        assertEquals(404, status("gh-a"));
        assertEquals(200, status("gh-b"));
    }

    @Test
    void twoProvidersCannotClaimTheSameEntity() {
        mutate("first", "{\"type\":\"delta\",\"added\":[" + component("contested") + "]}", 200);
        asAlice().contentType("application/json").body("{\"type\":\"delta\",\"added\":[" + component("contested") + "]}")
                .when().post("/api/catalog/providers/second/mutations").then().statusCode(409)
                .body("error.name", equalTo("ConflictError"))
                .body("error.message", containsString("component:default/contested is provided by provider:first"));
        asAlice().contentType("application/json").body("{\"type\":\"delta\",\"removed\":[\"component:default/contested\"]}")
                .when().post("/api/catalog/providers/second/mutations").then().statusCode(409);
        assertEquals(200, status("contested"));
    }

    @Test
    void rejectsBadMutationsAndNonAdmins() {
        mutate("cmdb", "{\"type\":\"sideways\"}", 400);
        mutate("Bad_Name", "{\"type\":\"full\",\"entities\":[]}", 400);
        mutate("cmdb", "{\"type\":\"delta\",\"added\":[{\"kind\":\"Component\"}]}", 400);
        asAlice().contentType("application/json").body("{\"type\":\"full\",\"entities\":[{\"kind\":\"Component\"}]}")
                .when().post("/api/catalog/providers/cmdb/mutations").then().statusCode(400)
                .body("error.name", equalTo("InputError")).body("error.message", containsString("metadata"));
        asBob().contentType("application/json").body("{\"type\":\"full\",\"entities\":[]}")
                .when().post("/api/catalog/providers/cmdb/mutations").then().statusCode(403);
    }

    @Test
    void reportsTheChangeEventsOfAWriteAsPublishedOnceKafkaHasThem() throws InterruptedException {
        long before = asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200)
                .extract().jsonPath().getLong("eventsPublished");
        mutate("progress", "{\"type\":\"delta\",\"added\":[" + component("progress-a") + "]}", 200);
        long deadline = System.currentTimeMillis() + 20_000;
        JsonPath status;
        do {
            Thread.sleep(100);
            status = asAlice().when().get("/api/catalog/ingest/status").then().statusCode(200).extract().jsonPath();
        } while ((status.getLong("eventsPublished") <= before || status.getLong("eventsPending") != 0)
                && System.currentTimeMillis() < deadline);
        assertTrue(status.getLong("eventsPublished") > before, "published: " + status.prettify());
        assertEquals(0, status.getLong("eventsPending"), "pending: " + status.prettify());
    }
}
