package dev.portal.scorecard.evaluation;

import static dev.portal.scorecard.ScorecardTestSupport.asAlice;
import static dev.portal.scorecard.ScorecardTestSupport.await;
import static dev.portal.scorecard.ScorecardTestSupport.goodComponent;
import static dev.portal.scorecard.ScorecardTestSupport.group;
import static dev.portal.scorecard.ScorecardTestSupport.level;
import static dev.portal.scorecard.ScorecardTestSupport.publishEntities;
import static dev.portal.scorecard.ScorecardTestSupport.publishEntity;
import static dev.portal.scorecard.ScorecardTestSupport.ref;
import static dev.portal.scorecard.ScorecardTestSupport.relation;
import static dev.portal.scorecard.ScorecardTestSupport.result;
import static dev.portal.scorecard.ScorecardTestSupport.send;
import static dev.portal.scorecard.ScorecardTestSupport.status;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.Topics;
import dev.portal.events.payload.EntityDeleted;
import dev.portal.events.payload.FactReported;
import dev.portal.events.payload.ScorecardEvaluated;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsFailed;
import dev.portal.events.payload.TechDocsPage;
import dev.portal.devstack.PortalStackResource;
import dev.portal.scorecard.ScorecardTestSupport;
import dev.portal.scorecard.ingest.EntityChangeConsumer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * End to end over the real Kafka and PostgreSQL: entity, docs and fact events move results incrementally (including
 * owner-group changes), results are persisted with history and roll-ups, events are published only on change, and a
 * malformed fact goes to the DLQ.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "scorecard") })
class ScorecardEvaluationTest {

    static final String PR = "production-readiness";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    ExpirySweeper sweeper;

    @Inject
    EntityChangeConsumer entityChanges;

    @Inject
    EvaluationService evaluation;

    private void publish(ObjectNode entity) throws Exception {
        publishEntity(bootstrap, topics.entityChanges(), entity);
    }

    private void docsBuilt(String ref, int pages) throws Exception {
        List<TechDocsPage> list = new java.util.ArrayList<>();
        for (int i = 0; i < pages; i++) {
            list.add(new TechDocsPage(i == 0 ? "" : "p" + i + "/", "Page " + i, List.of(), "text"));
        }
        send(bootstrap, topics.techdocsChanges(), ref, EventType.TECHDOCS_BUILT,
                new TechDocsBuilt(ref, "site", null, Instant.now(), "etag", list, List.of()));
    }

    @Test
    @Order(1)
    void scoresEntitiesAcrossLevelsAndLeavesOthersUnscored() throws Exception {
        publish(group("alpha-team", 1, null, "ann", "ben"));
        ObjectNode gold = goodComponent("gold-svc", "alpha-team", 1);
        ObjectNode bronze = goodComponent("bronze-svc", "alpha-team", 1);
        ((ObjectNode) bronze.get("spec")).remove("system");
        ((com.fasterxml.jackson.databind.node.ArrayNode) bronze.get("relations")).remove(1);
        ObjectNode none = goodComponent("none-svc", "alpha-team", 1);
        ((ObjectNode) none.get("metadata")).remove("description");
        publish(gold);
        publish(bronze);
        publish(none);
        publish(ScorecardTestSupport.entity("User", "ann", 1));
        docsBuilt(ref(gold), 2);

        await("gold-svc level", () -> level(ref(gold), PR), "Gold");
        await("bronze-svc level", () -> level(ref(bronze), PR), "Bronze");
        await("none-svc level", () -> level(ref(none), PR), "none");
        JsonPath goldResult = result(ref(gold));
        assertEquals(List.of("Bronze", "Silver", "Gold"), goldResult.getList("scorecards[0].levels"));
        assertNotNull(goldResult.getString("scorecards[0].lastChangedAt"));
        // on-call applies to components, api-definition only to APIs: left out here
        assertTrue(goldResult.getList("scorecards[0].checks.id").contains("on-call"));
        assertTrue(!goldResult.getList("scorecards[0].checks.id").contains("api-definition"));

        JsonPath failing = result(ref(none));
        Map<String, Object> description = failing.getMap("scorecards[0].checks.find { it.id == 'has-description' }");
        assertEquals("fail", description.get("status"));
        assertTrue(((String) description.get("remediation")).contains("metadata.description"));
        assertNull(failing.getMap("scorecards[0].checks.find { it.id == 'has-lifecycle' }").get("remediation"));

        // a User is outside the scorecard's filter; an unknown entity is simply not scored
        await("user outcome", () -> result("user:default/ann").getList("scorecards").size(), 0);
        assertEquals(0, result("component:default/never-seen").getList("scorecards").size());

        JsonPath many = asAlice().contentType("application/json")
                .body("{\"entityRefs\":[\"component:default/none-svc\",\"component:default/never-seen\",\"component:default/gold-svc\"]}")
                .when().post("/api/scorecards/entities/by-refs").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("component:default/none-svc", "component:default/never-seen", "component:default/gold-svc"),
                many.getList("items.entityRef"));
        assertEquals("Gold", many.getString("items[2].scorecards[0].level"));
    }

    @Test
    @Order(2)
    void reEvaluatesOnEntityChangeAndKeepsHistory() throws Exception {
        ObjectNode bronze = goodComponent("bronze-svc", "alpha-team", 2); // now with its system
        publish(bronze);
        await("bronze-svc after adding a system", () -> level(ref(bronze), PR), "Silver");
        // a replayed older generation changes nothing
        ObjectNode old = goodComponent("bronze-svc", "alpha-team", 1);
        ((ObjectNode) old.get("metadata")).remove("description");
        publish(old);
        publish(goodComponent("bronze-svc", "alpha-team", 2)); // marker: processed after the replay
        Thread.sleep(500);
        assertEquals("Silver", level(ref(bronze), PR));

        JsonPath history = asAlice().when().get("/api/scorecards/entities/default/component/bronze-svc/history")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = history.getList("items");
        assertEquals(2, items.size(), items.toString());
        assertEquals("Silver", items.get(0).get("level"));
        assertEquals("Bronze", items.get(0).get("previousLevel"));
        assertEquals(true, items.get(0).get("levelChanged"));
        assertTrue(items.get(0).get("changedChecks").toString().contains("part-of-system"), items.get(0).toString());
        assertNotNull(items.get(0).get("at"));
    }

    @Test
    @Order(3)
    void reEvaluatesOnDocsEvents() throws Exception {
        String gold = "component:default/gold-svc";
        send(bootstrap, topics.techdocsChanges(), gold, EventType.TECHDOCS_FAILED,
                new TechDocsFailed(gold, "mkdocs.yml missing", Instant.now(), null));
        await("gold-svc after a failed build", () -> status(gold, PR, "techdocs-built"), "fail");
        assertEquals("Silver", level(gold, PR));
        docsBuilt(gold, 1);
        await("gold-svc after a good build", () -> level(gold, PR), "Gold");
    }

    @Test
    @Order(4)
    void reEvaluatesOwnedEntitiesWhenTheOwnerGroupChanges() throws Exception {
        publish(group("alpha-team", 2, null, "ann")); // one member left
        await("team-size after a member left", () -> status("component:default/gold-svc", PR, "team-size"), "fail");
        assertEquals("Silver", level("component:default/gold-svc", PR));
        publish(group("alpha-team", 3, null, "ann", "ben", "cat"));
        await("team-size after members joined", () -> status("component:default/gold-svc", PR, "team-size"), "pass");
        // an entity whose owner group does not exist yet passes once the group appears
        publish(goodComponent("orphan-svc", "late-team", 1));
        await("orphan owner-exists", () -> status("component:default/orphan-svc", PR, "owner-exists"), "fail");
        publish(group("late-team", 1, "alpha-team", "x", "y"));
        await("orphan owner-exists after the group appeared", () -> status("component:default/orphan-svc", PR, "owner-exists"), "pass");
    }

    @Test
    @Order(5)
    void reEvaluatesOnFactsAndDeadLettersMalformedOnes() throws Exception {
        asAlice().contentType("application/json").body("""
                {"title":"Coverage at least 80%","remediation":"Write tests.",
                 "expression":"has(facts.sonarqube) && double(facts.sonarqube.coverage) >= 80.0"}""")
                .when().put("/api/scorecards/admin/checks/coverage").then().statusCode(200);
        asAlice().contentType("application/json").body("""
                {"title":"Quality","filter":{"kinds":["Component"]},"levels":[{"name":"Good","checks":["coverage"]}]}""")
                .when().put("/api/scorecards/admin/scorecards/quality").then().statusCode(200);
        String gold = "component:default/gold-svc";
        await("quality scored after the definition change", () -> level(gold, "quality"), "none");
        await("re-evaluation finished", () -> asAlice().when().get("/api/scorecards/admin/evaluation").then()
                .extract().jsonPath().getString("state"), "done");

        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED,
                new FactReported("sonarqube", Map.of("coverage", 91.5), Instant.now()));
        await("coverage after a fact", () -> level(gold, "quality"), "Good");
        // an older observation does not replace the latest
        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED,
                new FactReported("sonarqube", Map.of("coverage", 10.0), Instant.now().minusSeconds(3600)));
        // malformed: no source, not JSON, key not a ref
        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED, "{\"facts\":{\"coverage\":1}}");
        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED, "{oops");
        send(bootstrap, topics.facts(), "not a ref/x/y", EventType.FACT_REPORTED,
                new FactReported("sonarqube", Map.of("coverage", 1), Instant.now()));
        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED,
                new FactReported("sonarqube", Map.of("coverage", 50), Instant.now()));
        await("coverage after a newer, low fact", () -> status(gold, "quality", "coverage"), "fail");
        assertEquals("none", level(gold, "quality"));

        List<ConsumerRecord<byte[], byte[]>> dead = ScorecardTestSupport.readAll(bootstrap, Topics.dlq(topics.facts()), 3);
        assertEquals(3, dead.size());
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            assertTrue(KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.ERROR_HEADER).isPresent());
        }
        assertTrue(KafkaCloudEvents.header(dead.get(2).headers(), KafkaCloudEvents.ERROR_HEADER).get().contains("ref"));
    }

    @Test
    @Order(6)
    void anExpressionErrorIsRecordedForThatEntityOnly() throws Exception {
        asAlice().contentType("application/json").body("""
                {"title":"Tier set","remediation":"Set spec.tier.","filter":{"kinds":["Component"]},
                 "expression":"entity.spec.tier == 'critical' || entity.spec.tier != 'critical'"}""")
                .when().put("/api/scorecards/admin/checks/tier").then().statusCode(200);
        asAlice().contentType("application/json").body("""
                {"title":"Tiering","levels":[{"name":"Tiered","checks":["tier"]}]}""")
                .when().put("/api/scorecards/admin/scorecards/tiering").then().statusCode(200);
        ObjectNode tiered = goodComponent("tiered-svc", "alpha-team", 1);
        ((ObjectNode) tiered.get("spec")).put("tier", "critical");
        publish(tiered);
        await("tiered-svc", () -> status("component:default/tiered-svc", "tiering", "tier"), "pass");
        await("gold-svc has no spec.tier", () -> status("component:default/gold-svc", "tiering", "tier"), "error");
        JsonPath gold = result("component:default/gold-svc");
        Map<String, Object> tier = gold.getMap("scorecards.find { it.id == 'tiering' }.checks[0]");
        assertTrue(((String) tier.get("message")).contains("tier"), tier.toString());
        assertEquals("Gold", level("component:default/gold-svc", PR));
    }

    @Test
    @Order(7)
    void summarisesAndRollsUpByGroupSystemAndDomain() throws Exception {
        ObjectNode system = ScorecardTestSupport.entity("System", "payments", 1);
        ((ObjectNode) system.get("spec")).put("domain", "commerce");
        publish(system);
        // orphan-svc is owned by late-team, a child of alpha-team
        await("orphan level", () -> level("component:default/orphan-svc", PR), "Silver");
        JsonPath summary = asAlice().when().get("/api/scorecards/" + PR + "/summary").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(5, summary.getInt("entities"), summary.prettify());
        assertEquals(1, summary.getInt("noLevel"));
        assertEquals(1, summary.getInt("levels.find { it.name == 'Gold' }.entities"), summary.prettify());
        assertEquals(3, summary.getInt("levels.find { it.name == 'Silver' }.entities"), summary.prettify());
        assertEquals(0.8f, summary.getFloat("checks.find { it.id == 'has-description' }.passRate"), 0.001);

        JsonPath groups = asAlice().when().get("/api/scorecards/" + PR + "/rollups/groups").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(5, groups.getInt("items.find { it.entityRef == 'group:default/alpha-team' }.entities"), groups.prettify());
        assertEquals(1, groups.getInt("items.find { it.entityRef == 'group:default/late-team' }.entities"));
        JsonPath systems = asAlice().when().get("/api/scorecards/" + PR + "/rollups/systems").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(5, systems.getInt("items.find { it.entityRef == 'system:default/payments' }.entities"), systems.prettify());
        await("domain roll-up", () -> asAlice().when().get("/api/scorecards/" + PR + "/rollups/domains").then()
                .extract().jsonPath().getInt("items.find { it.entityRef == 'domain:default/commerce' }.entities"), 5);

        JsonPath trend = asAlice().when().get("/api/scorecards/" + PR + "/trend?days=3").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, trend.getList("points").size());
        assertEquals(5, trend.getInt("points[2].entities"), trend.prettify());
        assertEquals(1, trend.getInt("points[2].levels.Gold"));
        assertEquals(3, trend.getInt("points[2].levels.Silver"));
        assertEquals(0, trend.getInt("points[0].entities"));

        asAlice().when().get("/api/scorecards/definitions").then().statusCode(200)
                .body("scorecards.id", hasItem(PR))
                .body("scorecards.find { it.id == 'production-readiness' }.levels.name", equalTo(List.of("Bronze", "Silver", "Gold")));
    }

    @Test
    @Order(8)
    void publishesOnlyWhenAResultChangesAndATombstoneOnDelete() throws Exception {
        String ref = "component:default/bronze-svc";
        publish(goodComponent("bronze-svc", "alpha-team", 3)); // same content, new generation: same result
        ObjectNode changed = goodComponent("bronze-svc", "alpha-team", 4);
        ((ObjectNode) changed.get("spec")).remove("lifecycle");
        publish(changed);
        await("bronze-svc without lifecycle", () -> level(ref, PR), "none");
        send(bootstrap, topics.entityChanges(), ref, EventType.ENTITY_DELETED,
                new EntityDeleted(ref, "uid-Component-bronze-svc", 5));
        send(bootstrap, topics.entityChanges(), ref, EventType.ENTITY_DELETED, null);
        await("bronze-svc deleted", () -> result(ref).getList("scorecards").size(), 0);

        List<ConsumerRecord<byte[], byte[]>> records = ScorecardTestSupport.readAll(bootstrap, topics.scorecardChanges(), 1);
        List<ConsumerRecord<byte[], byte[]>> mine = records.stream()
                .filter(r -> ref.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
        // Bronze (gen 1), Silver (gen 2), team-size fail and pass again (owner group changes: same level, a check
        // changed), quality and tiering scorecards added, lifecycle removed, deleted; gen 3 (same result) and the
        // replayed gen 1 publish nothing
        List<String> levels = mine.stream().map(r -> r.value() == null ? "tombstone"
                : String.valueOf(Json.fromBytes(r.value(), ScorecardEvaluated.class).scorecards().stream()
                        .filter(s -> s.scorecardId().equals(PR)).findFirst().map(ScorecardEvaluated.Result::level).orElse(null)))
                .toList();
        assertEquals(List.of("Bronze", "Silver", "Silver", "Silver", "Silver", "Silver", "null", "tombstone"), levels, levels.toString());
        assertEquals(EventType.SCORECARD_EVALUATED.type(),
                KafkaCloudEvents.header(mine.get(0).headers(), KafkaCloudEvents.TYPE_HEADER).orElseThrow());
    }

    @Test
    @Order(9)
    void scoresAnEntityCreatedAgainAfterItsDeletionButNotALateCopyOfTheDeletedOne() throws Exception {
        String ref = "component:default/phoenix-svc";
        ObjectNode first = goodComponent("phoenix-svc", "alpha-team", 3);
        publish(first);
        await("phoenix-svc scored", () -> level(ref, PR), "Silver");
        send(bootstrap, topics.entityChanges(), ref, EventType.ENTITY_DELETED,
                new EntityDeleted(ref, first.path("metadata").path("uid").asText(), 4));
        await("phoenix-svc deleted", () -> result(ref).getList("scorecards").size(), 0);

        publish(first); // a late copy of the deleted incarnation: it stays deleted
        ObjectNode reborn = goodComponent("phoenix-svc", "alpha-team", 1); // a new entity: new uid, generation 1
        ((ObjectNode) reborn.get("metadata")).put("uid", "uid-of-the-second-phoenix-svc");
        ((ObjectNode) reborn.get("spec")).remove("lifecycle");
        publish(reborn);

        await("phoenix-svc scored again after its re-creation", () -> level(ref, PR), "none");
        List<String> levels = ScorecardTestSupport.readAll(bootstrap, topics.scorecardChanges(), 1).stream()
                .filter(r -> ref.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> r.value() == null ? "tombstone" : String.valueOf(Json.fromBytes(r.value(),
                        ScorecardEvaluated.class).scorecards().stream().filter(sc -> sc.scorecardId().equals(PR))
                        .findFirst().map(ScorecardEvaluated.Result::level).orElse(null)))
                .toList();
        // scored, deleted, scored again as the new entity — the late copy published nothing in between
        assertEquals(List.of("Silver", "tombstone", "null"), levels, levels.toString());
    }

    @Test
    @Order(10)
    void factsOlderThanTheRetentionStopCounting() throws Exception {
        String gold = "component:default/gold-svc";
        send(bootstrap, topics.facts(), gold, EventType.FACT_REPORTED,
                new FactReported("sonarqube", Map.of("coverage", 95), Instant.now()));
        await("coverage after a good fact", () -> level(gold, "quality"), "Good");
        // 31 days later (retention 30 d): the sweep drops the fact and re-evaluates the entity
        sweeper.sweep(Instant.now().plus(java.time.Duration.ofDays(31)));
        assertEquals("none", level(gold, "quality"));
        assertEquals("fail", status(gold, "quality", "coverage"));
    }

    @Test
    @Order(11)
    void aTeamOwningMoreThanOneRunReEvaluatesAllOfIt() throws Exception {
        // more entities than one evaluation transaction takes (500): every run of them follows the team's change
        publish(group("big-team", 1, null, "ann", "ben", "cat"));
        List<ObjectNode> owned = new java.util.ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            owned.add(goodComponent("big-svc-" + i, "big-team", 1));
        }
        publishEntities(bootstrap, topics.entityChanges(), owned);
        await("the last of 1,100 scored", () -> status("component:default/big-svc-1099", PR, "team-size"), "pass");

        publish(group("big-team", 2, null, "ann"));
        await("the last of 1,100 after the team shrank", () -> status("component:default/big-svc-1099", PR, "team-size"), "fail");
        for (int i : new int[] {0, 499, 500, 999, 1000}) {
            assertEquals("fail", status("component:default/big-svc-" + i, PR, "team-size"), "big-svc-" + i);
        }
    }

    @Test
    @Order(12)
    void whatATeamOwnsIsNoInputOfItsEntitiesChecks() throws Exception {
        // The catalog re-stitches a team each time it comes to own one more entity (one more ownerOf relation, a new
        // etag and generation). No check sees that of its owner, so big-team's 1,100 entities are not evaluated again.
        ObjectNode grown = group("big-team", 3, null, "ann");
        for (int i = 0; i < 1_100; i++) {
            relation(grown, "ownerOf", "component:default/big-svc-" + i);
        }
        long applied = entityChanges.applied();
        long evaluatedBefore = evaluation.evaluated();
        publish(grown);
        await("big-team's change applied", () -> entityChanges.applied() > applied, true);
        long evaluated = evaluation.evaluated() - evaluatedBefore;
        assertTrue(evaluated < 100, evaluated + " entities evaluated, not (nearly) only big-team itself");

        // a member joining is something checks read (team-size): everything it owns is evaluated again
        ObjectNode joined = group("big-team", 4, null, "ann", "ben");
        for (int i = 0; i < 1_100; i++) {
            relation(joined, "ownerOf", "component:default/big-svc-" + i);
        }
        long beforeJoin = evaluation.evaluated();
        publish(joined);
        await("the last of 1,100 after a member joined", () -> status("component:default/big-svc-1099", PR, "team-size"), "pass");
        await("all it owns evaluated again", () -> evaluation.evaluated() - beforeJoin >= 1_101, true);
    }
}
