package dev.portal.scorecard.exemption;

import static dev.portal.scorecard.ScorecardTestSupport.asAlice;
import static dev.portal.scorecard.ScorecardTestSupport.asBob;
import static dev.portal.scorecard.ScorecardTestSupport.asCarol;
import static dev.portal.scorecard.ScorecardTestSupport.await;
import static dev.portal.scorecard.ScorecardTestSupport.entity;
import static dev.portal.scorecard.ScorecardTestSupport.goodComponent;
import static dev.portal.scorecard.ScorecardTestSupport.group;
import static dev.portal.scorecard.ScorecardTestSupport.level;
import static dev.portal.scorecard.ScorecardTestSupport.publishEntity;
import static dev.portal.scorecard.ScorecardTestSupport.relation;
import static dev.portal.scorecard.ScorecardTestSupport.result;
import static dev.portal.scorecard.ScorecardTestSupport.status;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.KafkaTopicsConfig;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Exemptions: who may create and remove them, that they count as passing until they expire, and the audit trail. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "scorecard") })
class ExemptionApiTest {

    static final String PR = "production-readiness";
    static final String PAY = "component:default/pay-svc";
    static final String PLAT = "component:default/plat-svc";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    private static boolean seeded;

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        publishEntity(bootstrap, topics.entityChanges(), group("payments-team", 1, null, "bob", "carol"));
        publishEntity(bootstrap, topics.entityChanges(), group("platform-team", 1, null, "alice", "dan"));
        for (String[] svc : new String[][] {{"pay-svc", "payments-team"}, {"plat-svc", "platform-team"}}) {
            ObjectNode component = goodComponent(svc[0], svc[1], 1);
            ((ObjectNode) component.get("metadata")).remove("description");
            publishEntity(bootstrap, topics.entityChanges(), component);
        }
        await("pay-svc scored", () -> status(PAY, PR, "has-description"), "fail");
        await("plat-svc scored", () -> status(PLAT, PR, "has-description"), "fail");
        seeded = true;
    }

    private static String body(String ref, String check, Instant expiresAt) {
        return "{\"entityRef\":\"" + ref + "\",\"checkId\":\"" + check + "\",\"justification\":\"Being rewritten\","
                + "\"expiresAt\":\"" + expiresAt + "\"}";
    }

    @Test
    void anOwnerExemptsACheckWhichThenCountsAsPassingUntilRemoved() {
        Instant expires = Instant.parse("2099-01-01T00:00:00Z");
        JsonPath created = asBob().contentType("application/json").body(body(PAY, "has-description", expires))
                .when().post("/api/scorecards/exemptions").then().statusCode(201)
                .body("entityRef", equalTo(PAY)).body("checkId", equalTo("has-description"))
                .body("author", equalTo("user:default/bob")).body("justification", equalTo("Being rewritten"))
                .body("expiresAt", equalTo("2099-01-01T00:00:00Z"))
                .extract().jsonPath();
        String id = created.getString("id");
        assertTrue(created.getString("createdAt").length() > 10);

        assertEquals("exempt", status(PAY, PR, "has-description"));
        Map<String, Object> check = result(PAY).getMap("scorecards[0].checks.find { it.id == 'has-description' }");
        @SuppressWarnings("unchecked")
        Map<String, Object> exemption = (Map<String, Object>) check.get("exemption");
        assertEquals(id, exemption.get("id"));
        assertEquals("user:default/bob", exemption.get("author"));
        assertEquals("Silver", level(PAY, PR)); // Bronze and Silver pass now; Gold needs docs

        asBob().when().get("/api/scorecards/exemptions?entityRef=" + PAY).then().statusCode(200)
                .body("items.id", equalTo(List.of(id)));

        // carol is in payments-team too: she may remove it
        asCarol().when().delete("/api/scorecards/exemptions/" + id).then().statusCode(204);
        assertEquals("fail", status(PAY, PR, "has-description"));
        assertEquals("none", level(PAY, PR));
        List<Map<String, Object>> audit = asAlice().when().get("/api/scorecards/exemptions/audit?entityRef=" + PAY)
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(List.of("removed", "created"), audit.stream().filter(a -> id.equals(a.get("exemptionId")))
                .map(a -> a.get("action")).toList());
        assertEquals("user:default/carol", audit.get(0).get("actor"));
    }

    @Test
    void aCallerWhoNeitherOwnsTheEntityNorIsAdminIsRefused() {
        asBob().contentType("application/json").body(body(PLAT, "has-description", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"))
                .body("response.statusCode", equalTo(403));
        // alice is portal-admin: she may exempt anything, and bob may not remove hers on an entity he does not own
        String id = asAlice().contentType("application/json").body(body(PLAT, "on-call", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(201).extract().jsonPath().getString("id");
        asBob().when().delete("/api/scorecards/exemptions/" + id).then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));

        // every write of the API, enumerated from its OpenAPI document: refused to bob here, and nothing written
        String definitions = asAlice().when().get("/api/scorecards/definitions").then().statusCode(200).extract().asString();
        String exemptions = asAlice().when().get("/api/scorecards/exemptions?entityRef=" + PLAT).then().statusCode(200)
                .extract().asString();
        String check = "{\"title\":\"Bob's\",\"expression\":\"true\"}";
        Map<String, StackAssertions.Refused> refused = new LinkedHashMap<>();
        refused.put("POST /api/scorecards/exemptions", new StackAssertions.Refused("/api/scorecards/exemptions",
                body(PLAT, "has-description", Instant.now().plusSeconds(3600))));
        refused.put("DELETE /api/scorecards/exemptions/{id}", new StackAssertions.Refused("/api/scorecards/exemptions/" + id, null));
        refused.put("PUT /api/scorecards/admin/checks/{id}", new StackAssertions.Refused("/api/scorecards/admin/checks/has-description", check));
        refused.put("DELETE /api/scorecards/admin/checks/{id}", new StackAssertions.Refused("/api/scorecards/admin/checks/has-description", null));
        refused.put("PUT /api/scorecards/admin/scorecards/{id}", new StackAssertions.Refused("/api/scorecards/admin/scorecards/" + PR,
                "{\"title\":\"Bob's\",\"levels\":[]}"));
        refused.put("DELETE /api/scorecards/admin/scorecards/{id}", new StackAssertions.Refused("/api/scorecards/admin/scorecards/" + PR, null));
        refused.put("POST /api/scorecards/admin/dry-run", new StackAssertions.Refused("/api/scorecards/admin/dry-run",
                "{\"entityRef\":\"" + PLAT + "\"}"));
        refused.put("POST /api/scorecards/admin/evaluation", new StackAssertions.Refused("/api/scorecards/admin/evaluation", null));
        assertEquals(8, StackAssertions.assertEveryWriteNeedsRights("bob", refused,
                Map.of("POST /api/scorecards/entities/by-refs", "a read of many entities' results that takes a body")));
        assertEquals(definitions, asAlice().when().get("/api/scorecards/definitions").then().extract().asString());
        assertEquals(exemptions, asAlice().when().get("/api/scorecards/exemptions?entityRef=" + PLAT).then().extract().asString());

        asAlice().when().delete("/api/scorecards/exemptions/" + id).then().statusCode(204);
        asAlice().when().delete("/api/scorecards/exemptions/" + id).then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
        given().contentType("application/json").body(body(PLAT, "on-call", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(401);
    }

    /**
     * design.md's fallback: ddubois has no User entity of his name and no token groups, but his token's email
     * (dave@example.com) is user:default/dave's spec.profile.email (in another case), and dave is a member of
     * dave-team. He is dave here — whoami says so, and he may exempt and remove exemptions on dave-team's entity — while
     * bob, neither named dave nor with his email, is still refused, and ddubois gains nothing dave does not own.
     */
    @Test
    void aCallerKnownOnlyByTheirEmailOwnsWhatTheirUserEntityOwns() throws Exception {
        String daveSvc = "component:default/dave-svc";
        publishEntity(bootstrap, topics.entityChanges(), group("dave-team", 1, null, "dave"));
        ObjectNode dave = entity("User", "dave", 1);
        ((ObjectNode) dave.get("spec")).putObject("profile").put("email", "Dave@Example.com");
        relation(dave, "memberOf", "group:default/dave-team");
        publishEntity(bootstrap, topics.entityChanges(), dave);
        ObjectNode component = goodComponent("dave-svc", "dave-team", 1);
        ((ObjectNode) component.get("metadata")).remove("description");
        publishEntity(bootstrap, topics.entityChanges(), component);
        await("dave-svc scored", () -> status(daveSvc, PR, "has-description"), "fail");

        String ddubois = KeycloakTokens.accessToken("ddubois");
        await("ddubois taken as dave", () -> given().auth().oauth2(ddubois).when().get("/api/scorecards/whoami")
                .then().statusCode(200).extract().jsonPath().getString("userRef"), "user:default/dave");
        given().auth().oauth2(ddubois).when().get("/api/scorecards/whoami").then().statusCode(200)
                .body("username", equalTo("ddubois")).body("email", equalTo("dave@example.com"));

        String id = given().auth().oauth2(ddubois).contentType("application/json")
                .body(body(daveSvc, "has-description", Instant.parse("2099-01-01T00:00:00Z")))
                .when().post("/api/scorecards/exemptions").then().statusCode(201)
                .body("entityRef", equalTo(daveSvc)).extract().jsonPath().getString("id");
        assertEquals("exempt", status(daveSvc, PR, "has-description"));

        // bob is in payments-team, not dave-team, and is neither dave nor has his email
        asBob().contentType("application/json").body(body(daveSvc, "on-call", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        asBob().when().delete("/api/scorecards/exemptions/" + id).then().statusCode(403);
        // being dave gives ddubois dave's things only
        given().auth().oauth2(ddubois).contentType("application/json")
                .body(body(PAY, "has-description", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(403);

        given().auth().oauth2(ddubois).when().delete("/api/scorecards/exemptions/" + id).then().statusCode(204);
        assertEquals("fail", status(daveSvc, PR, "has-description"));
    }

    @Test
    void refusesAnUnknownCheckAPastExpiryAndAMissingJustification() {
        asBob().contentType("application/json").body(body(PAY, "no-such-check", Instant.now().plusSeconds(3600)))
                .when().post("/api/scorecards/exemptions").then().statusCode(400)
                .body("error.name", equalTo("InputError")).body("error.message", containsString("no-such-check"));
        asBob().contentType("application/json").body(body(PAY, "has-description", Instant.now().minusSeconds(60)))
                .when().post("/api/scorecards/exemptions").then().statusCode(400)
                .body("error.message", containsString("future"));
        asBob().contentType("application/json")
                .body("{\"entityRef\":\"" + PAY + "\",\"checkId\":\"has-description\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .when().post("/api/scorecards/exemptions").then().statusCode(400)
                .body("error.message", containsString("justification"));
    }

    @Test
    void anExemptionStopsCountingWhenItExpiresAndTheExpiryIsAudited() {
        String id = asBob().contentType("application/json").body(body(PAY, "has-lifecycle", Instant.now().plusSeconds(2)))
                .when().post("/api/scorecards/exemptions").then().statusCode(201).extract().jsonPath().getString("id");
        // pay-svc has a lifecycle, so the exemption shows as exempt (not run) while it lasts
        assertEquals("exempt", status(PAY, PR, "has-lifecycle"));
        await("has-lifecycle after the exemption expired", () -> status(PAY, PR, "has-lifecycle"), "pass");
        asBob().when().get("/api/scorecards/exemptions?entityRef=" + PAY).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        asBob().when().get("/api/scorecards/exemptions?includeExpired=true&entityRef=" + PAY).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        await("expiry audited", () -> asAlice().when().get("/api/scorecards/exemptions/audit?entityRef=" + PAY).then()
                .extract().jsonPath().getList("items.findAll { it.exemptionId == '" + id + "' }.action"),
                List.of("expired", "created"));
    }
}
