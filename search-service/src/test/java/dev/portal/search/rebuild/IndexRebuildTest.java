package dev.portal.search.rebuild;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.EventType;
import dev.portal.events.payload.ScorecardEvaluated;
import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.search.Await;
import dev.portal.search.EntityChangeEvents;
import dev.portal.search.SearchApi;
import dev.portal.search.TestEntities;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.SearchIndices;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Rebuilding the software-catalog index from the topic: into a new physical index, swapped in atomically while
 * searches keep answering. Ordered: the first test runs while the topic is still empty.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,opensearch,keycloak") })
class IndexRebuildTest {

    private static final String REBUILD = "/api/search/admin/rebuild/software-catalog";
    private static final int ENTITIES = 300;
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    SearchIndices indices;

    @BeforeEach
    void ready() {
        SearchApi.awaitReady();
    }

    @Test
    @Order(1)
    void aRebuildThatReceivesNothingKeepsTheCurrentIndex() throws Exception {
        List<String> before = Await.until(this::behindAlias, l -> l.size() == 1, "the alias to be created");

        SearchApi.asAlice().post(REBUILD).then().statusCode(202).body("state", equalTo("RUNNING"));
        JsonPath done = awaitRebuild();

        assertEquals("NOT_SWAPPED", done.getString("state"));
        assertEquals(0, done.getInt("read"));
        assertTrue(done.getString("message").contains("no documents"), done.getString("message"));
        assertEquals(before, behindAlias());
        assertEquals(before, indices.physicalIndices(DocumentType.SOFTWARE_CATALOG), "the empty new index is deleted");
    }

    @Test
    @Order(2)
    void rebuildsIntoANewIndexAndSwapsTheAliasWhileSearchesKeepAnswering() throws Exception {
        ObjectNode updated;
        try (EntityChangeEvents events = new EntityChangeEvents(bootstrap, topics.entityChanges())) {
            for (int i = 0; i < ENTITIES; i++) {
                events.changed(TestEntities.component("service-" + i, "Service number " + i, "team-" + (i % 7)));
            }
            updated = TestEntities.atGeneration(TestEntities.component("renamed", "before", "ops"), 1);
            events.changed(updated);
            updated = TestEntities.atGeneration(updated, 2);
            ((ObjectNode) updated.get("metadata")).put("description", "after");
            events.changed(updated);
            ObjectNode gone = TestEntities.component("gone", "deleted before the rebuild", "ops");
            events.changed(gone);
            events.deleted("component:default/gone", gone.path("metadata").path("uid").asText(), 2);
            events.tombstone("component:default/gone");
        }
        try (EntityChangeEvents scorecards = new EntityChangeEvents(bootstrap, topics.scorecardChanges())) {
            // the rebuild writes each entity's last levels into its document, and keeps those of an entity it has
            // no document for until the entity comes
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/service-1",
                    evaluated("component:default/service-1", T0.plusSeconds(60), "Silver"));
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/service-1",
                    evaluated("component:default/service-1", T0, "Bronze"));
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/unborn",
                    evaluated("component:default/unborn", T0, "Gold"));
        }
        int expected = ENTITIES + 1;
        Await.until(() -> SearchApi.found(Map.of()).getInt("numberOfResults"), n -> n == expected,
                expected + " documents before the rebuild");
        List<String> before = behindAlias();

        AtomicBoolean searching = new AtomicBoolean(true);
        List<String> answers = new CopyOnWriteArrayList<>();
        Thread searcher = new Thread(() -> {
            while (searching.get()) {
                var response = SearchApi.query(Map.of("pageLimit", "1"));
                answers.add(response.statusCode() + ":" + (response.statusCode() == 200
                        ? response.jsonPath().getInt("numberOfResults") : response.asString()));
            }
        });
        searcher.start();
        try {
            SearchApi.asAlice().post(REBUILD).then().statusCode(202);
            try (EntityChangeEvents events = new EntityChangeEvents(bootstrap, topics.entityChanges())) {
                events.changed(TestEntities.component("born-during-rebuild", "published while it runs", "ops"));
            }
            JsonPath done = awaitRebuild();
            assertEquals("SWAPPED", done.getString("state"), done.prettify());
            assertTrue(done.getLong("read") >= done.getLong("total") - 1 && done.getLong("total") >= expected + 3,
                    done.prettify());
            assertTrue(done.getLong("indexed") >= expected, done.prettify());
            // a first pass reads every key; the replay then writes only each key's last message, as if compacted:
            // renamed's first version and gone's last version before its deletion are read, not written
            assertTrue(done.getLong("scanned") >= expected + 3, done.prettify());
            assertTrue(done.getLong("indexed") <= done.getLong("read") - 2, done.prettify());
            assertEquals(before, done.getList("replacedIndices"));
            Thread.sleep(300); // a few searches against the new index
        } finally {
            searching.set(false);
            searcher.join();
        }

        List<String> after = behindAlias();
        assertEquals(1, after.size());
        assertNotEquals(before, after, "the alias moved to the new index");
        assertEquals(after, indices.physicalIndices(DocumentType.SOFTWARE_CATALOG), "the old index is deleted");

        assertFalse(answers.isEmpty());
        List<String> unexpected = answers.stream()
                .filter(a -> !a.equals("200:" + expected) && !a.equals("200:" + (expected + 1))).toList();
        assertEquals(List.of(), unexpected, "every search during the rebuild answered with the whole catalog");
        Await.until(() -> SearchApi.document("component:default/born-during-rebuild"), Objects::nonNull,
                "the change published during the rebuild");
        assertEquals("after", SearchApi.document("component:default/renamed").get("text"));
        assertNull(SearchApi.document("component:default/gone"));
        assertEquals(expected + 1, SearchApi.found(Map.of()).getInt("numberOfResults"));
        assertEquals(List.of("production-readiness:Silver"),
                SearchApi.document("component:default/service-1").get("scorecardLevel"), "the newest levels");
        assertEquals(1, SearchApi.found(Map.of("filters[scorecardLevel]", "production-readiness:silver"))
                .getInt("numberOfResults"));

        try (EntityChangeEvents events = new EntityChangeEvents(bootstrap, topics.entityChanges())) {
            events.changed(TestEntities.component("unborn", "scored before it existed", "ops"));
        }
        Await.until(() -> SearchApi.document("component:default/unborn"), Objects::nonNull, "the late entity");
        assertEquals(List.of("production-readiness:Gold"),
                SearchApi.document("component:default/unborn").get("scorecardLevel"),
                "the levels the rebuild kept for an entity it had no document for");
    }

    private static ScorecardEvaluated evaluated(String ref, Instant at, String level) {
        return new ScorecardEvaluated(ref, at, List.of(new ScorecardEvaluated.Result("production-readiness",
                "Production readiness", level, List.of(new ScorecardEvaluated.Check("owner-set", "pass")))));
    }

    @Test
    @Order(3)
    void onlyAnAdminMayRebuildOrSeeProgress() {
        // the rebuild is the search API's only write: refused to bob, and started by nothing he sent
        String before = SearchApi.asAlice().get(REBUILD).then().extract().asString();
        assertEquals(1, StackAssertions.assertEveryWriteNeedsRights("bob",
                Map.of("POST /api/search/admin/rebuild/{type}", new StackAssertions.Refused(REBUILD, null)), Map.of()));
        assertEquals(before, SearchApi.asAlice().get(REBUILD).then().extract().asString());
        given().auth().oauth2(KeycloakTokens.accessToken("bob")).get(REBUILD).then().statusCode(403);
        given().post(REBUILD).then().statusCode(401).body("error.name", equalTo("AuthenticationError"));
        SearchApi.asAlice().post("/api/search/admin/rebuild/no-such-type").then().statusCode(404)
                .body("error.name", equalTo("NotFoundError"));
    }

    @Test
    @Order(4)
    void reportsWhatIndexingDid() {
        JsonPath status = SearchApi.asAlice().get("/api/search/admin/indexing").then().statusCode(200).extract().jsonPath();
        assertFalse(status.getBoolean("paused"));
        assertTrue(status.getLong("written") >= ENTITIES, status.prettify());
        assertTrue(status.getLong("deleted") >= 1, status.prettify());
    }

    private JsonPath awaitRebuild() {
        return Await.until(() -> SearchApi.asAlice().get(REBUILD).then().statusCode(200).extract().jsonPath(),
                status -> !"RUNNING".equals(status.getString("state")), "the rebuild to finish");
    }

    private List<String> behindAlias() {
        try {
            return indices.indicesBehind(DocumentType.SOFTWARE_CATALOG);
        } catch (Exception e) {
            return List.of();
        }
    }
}
