package dev.portal.scorecard.api;

import static dev.portal.scorecard.ScorecardTestSupport.asAlice;
import static dev.portal.scorecard.ScorecardTestSupport.asBob;
import static dev.portal.scorecard.ScorecardTestSupport.await;
import static dev.portal.scorecard.ScorecardTestSupport.goodComponent;
import static dev.portal.scorecard.ScorecardTestSupport.level;
import static dev.portal.scorecard.ScorecardTestSupport.publishEntity;
import static dev.portal.scorecard.ScorecardTestSupport.result;
import static dev.portal.scorecard.ScorecardTestSupport.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.KafkaTopicsConfig;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The definitions API: files loaded at start, admin changes validated (CEL with positions), dry runs, cost limit. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "scorecard") })
class DefinitionAdminTest {

    static final String SVC = "component:default/admin-svc";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @Test
    @Order(1)
    void servesTheStarterAndOperatorDefinitions() throws Exception {
        asBob().when().get("/api/scorecards/definitions").then().statusCode(200)
                .body("scorecards.id", hasItems("production-readiness", "resource-hygiene"))
                .body("scorecards.find { it.id == 'production-readiness' }.levels[0].checks.id",
                        equalTo(List.of("owner-exists", "has-description", "has-lifecycle")))
                .body("checks.find { it.id == 'on-call' }.remediation", containsString("pagerduty.com/service-id"));
        publishEntity(bootstrap, topics.entityChanges(), goodComponent("admin-svc", "nobody", 1));
        await("admin-svc scored", () -> status(SVC, "production-readiness", "owner-exists"), "fail");
    }

    @Test
    @Order(2)
    void refusesAnInvalidExpressionWithItsPosition() {
        asAlice().contentType("application/json")
                .body("{\"title\":\"Broken\",\"expression\":\"has(entity.spec.owner) && entity.spec.owner ==\"}")
                .when().put("/api/scorecards/admin/checks/broken").then().statusCode(400)
                .body("error.name", equalTo("InputError"))
                .body("error.message", containsString("line 1, column"));
        asAlice().contentType("application/json")
                .body("{\"title\":\"Typo\",\"expression\":\"entty.spec.owner == 'x'\"}")
                .when().put("/api/scorecards/admin/checks/typo").then().statusCode(400)
                .body("error.message", containsString("line 1, column 1"))
                .body("error.message", containsString("entty"));
        asAlice().contentType("application/json").body("{\"title\":\"Not bool\",\"expression\":\"size(entity.metadata.name) + 1\"}")
                .when().put("/api/scorecards/admin/checks/not-bool").then().statusCode(400);
        asAlice().contentType("application/json").body("{\"expression\":\"true\"}")
                .when().put("/api/scorecards/admin/checks/untitled").then().statusCode(400)
                .body("error.message", containsString("title is required"));
        asAlice().contentType("application/json")
                .body("{\"title\":\"S\",\"levels\":[{\"name\":\"L\",\"checks\":[\"no-such-check\"]}]}")
                .when().put("/api/scorecards/admin/scorecards/s").then().statusCode(400)
                .body("error.message", containsString("unknown check \"no-such-check\""));
        asAlice().when().get("/api/scorecards/definitions").then()
                .body("checks.id", not(hasItem("broken"))).body("scorecards.id", not(hasItem("s")));
    }

    @Test
    @Order(3)
    void onlyAdminsManageDefinitions() {
        asBob().contentType("application/json").body("{\"title\":\"T\",\"expression\":\"true\"}")
                .when().put("/api/scorecards/admin/checks/bobs").then().statusCode(403)
                .body("error.name", equalTo("NotAllowedError"));
        asBob().when().get("/api/scorecards/admin/evaluation").then().statusCode(403);
        asBob().contentType("application/json").body("{\"entityRef\":\"" + SVC + "\"}")
                .when().post("/api/scorecards/admin/dry-run").then().statusCode(403);
    }

    @Test
    @Order(4)
    void aPathologicalExpressionIsStoppedByTheCostLimit() {
        String ten = "[0,1,2,3,4,5,6,7,8,9]";
        String expression = ten + ".all(a, " + ten + ".all(b, " + ten + ".all(c, " + ten + ".all(d, " + ten
                + ".all(e, " + ten + ".all(f, a + b + c + d + e + f >= 0))))))";
        JsonPath dry = asAlice().contentType("application/json")
                .body("{\"entityRef\":\"" + SVC + "\",\"check\":{\"id\":\"expensive\",\"title\":\"Expensive\",\"expression\":\""
                        + expression + "\"}}")
                .when().post("/api/scorecards/admin/dry-run").then().statusCode(200).extract().jsonPath();
        assertEquals("error", dry.getString("scorecards[0].checks[0].status"));
        assertTrue(dry.getString("scorecards[0].checks[0].message").contains("cost limit"));
        // a dry run stores nothing
        assertEquals(List.of("production-readiness"), result(SVC).getList("scorecards.id"));
    }

    @Test
    @Order(5)
    void dryRunsAScorecardAgainstOneEntity() {
        JsonPath dry = asAlice().contentType("application/json").body("""
                {"entityRef":"component:default/admin-svc",
                 "checks":[{"id":"is-service","title":"Is a service","expression":"entity.spec.type == 'service'"}],
                 "scorecard":{"id":"mini","title":"Mini","levels":[{"name":"One","checks":["is-service"]},
                                                                  {"name":"Two","checks":["owner-exists"]}]}}""")
                .when().post("/api/scorecards/admin/dry-run").then().statusCode(200).extract().jsonPath();
        assertEquals("One", dry.getString("scorecards[0].level"));
        assertEquals(List.of("pass", "fail"), dry.getList("scorecards[0].checks.status"));
        asAlice().contentType("application/json").body("{\"entityRef\":\"component:default/unknown\"}")
                .when().post("/api/scorecards/admin/dry-run").then().statusCode(404);
    }

    @Test
    @Order(6)
    void savingAndDeletingDefinitionsReEvaluatesInTheBackgroundWithProgress() {
        asAlice().contentType("application/json")
                .body("{\"title\":\"Is a service\",\"remediation\":\"Be one.\",\"expression\":\"entity.spec.type == 'service'\"}")
                .when().put("/api/scorecards/admin/checks/is-service").then().statusCode(200)
                .body("id", equalTo("is-service"));
        asAlice().contentType("application/json")
                .body("{\"title\":\"Kinds\",\"filter\":{\"kinds\":[\"Component\"]},\"levels\":[{\"name\":\"Typed\",\"checks\":[\"is-service\"]}]}")
                .when().put("/api/scorecards/admin/scorecards/kinds").then().statusCode(200);
        await("admin-svc on the new scorecard", () -> level(SVC, "kinds"), "Typed");
        await("re-evaluation done", () -> asAlice().when().get("/api/scorecards/admin/evaluation").then().statusCode(200)
                .extract().jsonPath().getString("state"), "done");
        JsonPath progress = asAlice().when().get("/api/scorecards/admin/evaluation").then().extract().jsonPath();
        assertTrue(progress.getInt("total") >= 1 && progress.getInt("done") == progress.getInt("total"), progress.prettify());

        // a check a scorecard uses cannot go; the scorecard can, and its results go with it
        asAlice().when().delete("/api/scorecards/admin/checks/is-service").then().statusCode(400)
                .body("error.message", containsString("kinds"));
        asAlice().when().delete("/api/scorecards/admin/scorecards/kinds").then().statusCode(204);
        await("admin-svc without the scorecard", () -> level(SVC, "kinds"), "-");
        asAlice().when().delete("/api/scorecards/admin/checks/is-service").then().statusCode(204);
        asAlice().when().delete("/api/scorecards/admin/checks/is-service").then().statusCode(404);
    }
}
