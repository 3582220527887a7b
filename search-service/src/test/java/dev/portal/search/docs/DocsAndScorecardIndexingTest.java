package dev.portal.search.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.EventType;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.payload.ScorecardEvaluated;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsFailed;
import dev.portal.events.payload.TechDocsPage;
import dev.portal.events.payload.TechDocsRemoved;
import dev.portal.search.Await;
import dev.portal.search.DeadLetters;
import dev.portal.search.EntityChangeEvents;
import dev.portal.search.SearchApi;
import dev.portal.search.TestEntities;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * portal.techdocs.changes → one techdocs document per page; portal.scorecard.changes → the scorecard levels of the
 * entity's catalog document, as a facet and a filter. Both follow the newest change whatever order events arrive in,
 * and both survive a rebuild.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,opensearch,keycloak") })
class DocsAndScorecardIndexingTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @BeforeEach
    void ready() {
        SearchApi.awaitReady();
    }

    @Test
    void indexesEveryPageWithItsEntityAndReplacesOrRemovesThemOnlyForNewerChanges() throws Exception {
        String ref = "component:default/billing";
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            entities.changed(TestEntities.component("billing", "invoices and payments", "payments-team"));
            Await.until(() -> SearchApi.document(ref), Objects::nonNull, "the entity");

            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0,
                    page("", "Billing", "Welcome to the billing service."),
                    page("runbooks/refunds/", "Refunds runbook", "How to issue a refund when the ledger disagrees."),
                    page("architecture/", "Architecture", "Kafka topics and the reconciliation job.")));
            // A refresh may come in the middle of the bulk write: wait for all three pages, then look at one.
            Await.until(() -> pages(ref), count -> count == 3, "the three docs pages");
            JsonPath refunds = SearchApi.found(Map.of("types[0]", "techdocs", "term", "refund"));
            assertEquals("techdocs", refunds.getString("results[0].type"));
            assertEquals("Refunds runbook", refunds.getString("results[0].document.title"));
            assertEquals("/docs/default/component/billing/runbooks/refunds/", refunds.getString("results[0].document.location"));
            assertEquals("group:default/payments-team", refunds.getString("results[0].document.owner"));
            assertEquals("billing", refunds.getString("results[0].document.entityTitle"));

            // An older build arriving late changes nothing; a failed build keeps the pages searchable.
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0.minusSeconds(60), page("", "Stale", "stale text")));
            docs.event(EventType.TECHDOCS_FAILED, ref, new TechDocsFailed(ref, "mkdocs.yml is missing", T0.plusSeconds(30), T0));
            // A newer build drops a page and rewrites another.
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0.plusSeconds(60),
                    page("", "Billing", "Welcome to the billing service."),
                    page("runbooks/refunds/", "Refunds runbook", "Refunds now go through the payments API.")));
            Await.until(() -> pages(ref), count -> count == 2, "the page the new build dropped to go");
            Await.until(() -> count(Map.of("types[0]", "techdocs", "term", "payments API")), count -> count == 1,
                    "the rewritten page");
            assertEquals(0, count(Map.of("types[0]", "techdocs", "term", "stale")));

            docs.event(EventType.TECHDOCS_REMOVED, ref, new TechDocsRemoved(ref, T0.plusSeconds(120)));
            docs.event(EventType.TECHDOCS_REMOVED, ref, null); // the tombstone that follows
            Await.until(() -> pages(ref), count -> count == 0, "the pages of the removed site to go");
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0.plusSeconds(90), page("", "Late", "a late duplicate")));
            docs.event(EventType.TECHDOCS_BUILT, "component:default/marker", built("component:default/marker",
                    T0, page("", "Marker", "published after everything above")));
            Await.until(() -> pages("component:default/marker"), count -> count == 1, "the marker page");
            assertEquals(0, pages(ref), "a build older than the removal does not bring the site back");
            assertNull(SearchApi.document(ref).get("siteState"), "the site state never shows in results");
        }
    }

    @Test
    void aPollOfMoreThanOneBulkWriteOfSitesIndexesThemAll() throws Exception {
        // 120 sites of about 24 KB come in one or two polls, and go to OpenSearch in runs of at most 2 MB each
        String text = "Runbook words about retries and timeouts. ".repeat(600);
        try (EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            for (int i = 0; i < 120; i++) {
                String ref = "component:default/bulky-" + i;
                docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0, page("", "Bulky " + i, text)));
            }
        }
        Await.until(() -> count(Map.of("types[0]", "techdocs", "term", "bulky")), n -> n == 120, "all 120 sites");
    }

    @Test
    void pagesIndexedBeforeTheirEntityTakeItsFieldsWhenItComesAndFollowItsChanges() throws Exception {
        // A replay (new consumer group) reads the docs topic and the entity topic in no particular order between them.
        String ref = "component:default/late-entity";
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0, page("", "Late", "docs before their entity"),
                    page("faq/", "FAQ", "questions")));
            Await.until(() -> pages(ref), count -> count == 2, "the pages");
            assertNull(page(ref, "faq/").get("owner"), "no entity yet");
            assertEquals("component", page(ref, "faq/").get("kind"), "the kind of the ref while there is no entity");

            ObjectNode entity = TestEntities.component("late-entity", "indexed after its docs", "payments-team");
            entities.changed(entity);
            // Both pages are updated in one bulk request, which a refresh may split: wait for each.
            Await.until(() -> page(ref, "faq/").get("owner"), "group:default/payments-team"::equals,
                    "the entity's owner on its pages");
            Await.until(() -> page(ref, "").get("entityTitle"), "late-entity"::equals, "the entity's title on its pages");
            Await.until(() -> page(ref, "faq/").get("kind"), "Component"::equals, "the entity's kind on its pages");

            // A new owner, without a new build of the docs.
            ObjectNode moved = TestEntities.atGeneration(entity, 2);
            ((ObjectNode) moved.get("spec")).put("owner", "web-team");
            moved.remove("relations");
            TestEntities.relate(moved, "ownedBy", "group:default/web-team");
            entities.changed(moved);
            Await.until(() -> page(ref, "").get("owner"), "group:default/web-team"::equals, "the new owner");
            Await.until(() -> page(ref, "faq/").get("owner"), "group:default/web-team"::equals,
                    "the new owner on the other page");
        }
    }

    @Test
    void pagesCarryTheirEntitysKindAsTheCatalogWritesItSoTheKindFacetHasOneBucket() throws Exception {
        String ref = "component:default/faceted";
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            indexEntityAndSite(entities, docs, TestEntities.component("faceted", "one kind across types", "web-team"),
                    built(ref, T0, page("", "Faceted", "the docs of faceted")));

            JsonPath both = SearchApi.found(Map.of("filters[entityRef]", ref));
            assertEquals(2, both.getInt("numberOfResults"), "the entity and its page");
            assertEquals(List.of(Map.of("value", "Component", "count", 2)), both.getList("facets.kind"));
            assertEquals("Component", page(ref, "").get("kind"));
            // Filters stay case-insensitive on both types.
            assertEquals(2, count(Map.of("filters[entityRef]", ref, "filters[kind]", "component")));
            assertEquals(2, count(Map.of("filters[entityRef]", ref, "filters[kind]", "COMPONENT")));
        }
    }

    @Test
    void deletingAnEntityRemovesItsDocsPagesWithoutWaitingForTechDocs() throws Exception {
        String ref = "component:default/short-lived";
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            ObjectNode entity = TestEntities.component("short-lived", "deleted with its docs", "web-team");
            TechDocsBuilt site = built(ref, T0, page("", "Short-lived", "pages of an entity about to go"),
                    page("faq/", "FAQ", "questions about short-lived"));
            indexEntityAndSite(entities, docs, entity, site);

            // The catalog deletes the entity; TechDocs sends nothing (yet).
            entities.deleted(ref, entity.path("metadata").path("uid").asText(), 1);
            Await.until(() -> count(Map.of("filters[entityRef]", ref)), count -> count == 0,
                    "the entity and its docs pages to go");
            assertEquals(0, count(Map.of("types[0]", "techdocs", "term", "short-lived")));

            // A late duplicate of the build does not bring the pages back.
            docs.event(EventType.TECHDOCS_BUILT, ref, site);
            String marker = "component:default/after-delete";
            docs.event(EventType.TECHDOCS_BUILT, marker, built(marker, T0,
                    page("", "After", "published after the duplicate")));
            Await.until(() -> pages(marker), count -> count == 1, "the marker page");
            assertEquals(0, pages(ref), "a duplicate of the build before the deletion does not bring the pages back");
        }
    }

    /** Publishes the entity, then its docs site, and waits until the entity and every page of the site are found. */
    private static void indexEntityAndSite(EntityChangeEvents entities, EntityChangeEvents docs, ObjectNode entity,
                                           TechDocsBuilt site) {
        String ref = TestEntities.ref(entity);
        entities.changed(entity);
        Await.until(() -> SearchApi.document(ref), Objects::nonNull, "the entity");
        docs.event(EventType.TECHDOCS_BUILT, ref, site);
        Await.until(() -> pages(ref), count -> count == site.pages().size(), "the docs pages");
    }

    /** The document of one page of the entity's docs (an empty one while it is not indexed). */
    private static Map<String, Object> page(String ref, String path) {
        List<Map<String, Object>> pages = SearchApi.found(Map.of("types[0]", "techdocs", "filters[entityRef]", ref))
                .getList("results.document");
        return pages.stream().filter(p -> path.equals(p.get("path"))).findFirst().orElse(Map.of());
    }

    @Test
    void addsScorecardLevelsAsFacetsThatSurviveEntityUpdatesAndArriveBeforeTheEntity() throws Exception {
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents scorecards = new EntityChangeEvents(bootstrap, topics.scorecardChanges())) {
            ObjectNode gold = TestEntities.component("gold-service", "well kept", "web-team");
            ObjectNode bronze = TestEntities.component("bronze-service", "getting there", "web-team");
            entities.changed(gold);
            entities.changed(bronze);
            Await.until(() -> SearchApi.document("component:default/bronze-service"), Objects::nonNull, "the entities");

            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/gold-service",
                    evaluated("component:default/gold-service", T0, "Gold"));
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/bronze-service",
                    evaluated("component:default/bronze-service", T0, "Bronze"));
            // Published before its entity: hidden until the entity is indexed, then part of it.
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/early-service",
                    evaluated("component:default/early-service", T0, "Silver"));
            Await.until(() -> count(Map.of("filters[scorecardLevel]", "production-readiness:gold")), n -> n == 1,
                    "the gold level as a filter");
            assertEquals(0, count(Map.of("filters[entityRef]", "component:default/early-service")),
                    "a level alone is not a search result");

            Await.until(() -> count(Map.of("filters[scorecardLevel]", "production-readiness:bronze")), n -> n == 1,
                    "the bronze level as a filter");
            JsonPath all = SearchApi.found(Map.of("filters[kind]", "component"));
            assertEquals(1, facet(all, "production-readiness:Gold"));
            assertEquals(1, facet(all, "production-readiness:Bronze"));

            // The entity changes: its document is replaced, its level stays.
            ObjectNode updated = TestEntities.atGeneration(gold, 2);
            ((ObjectNode) updated.get("metadata")).put("description", "still well kept");
            entities.changed(updated);
            Await.until(() -> SearchApi.document("component:default/gold-service").get("text"),
                    "still well kept"::equals, "the update");
            assertEquals(List.of("production-readiness:Gold"),
                    SearchApi.document("component:default/gold-service").get("scorecardLevel"));

            // An older result arriving late changes nothing; a newer one moves the level.
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/bronze-service",
                    evaluated("component:default/bronze-service", T0.minusSeconds(60), "Gold"));
            scorecards.event(EventType.SCORECARD_EVALUATED, "component:default/bronze-service",
                    evaluated("component:default/bronze-service", T0.plusSeconds(60), "Silver"));
            Await.until(() -> SearchApi.document("component:default/bronze-service").get("scorecardLevel"),
                    List.of("production-readiness:Silver")::equals, "the newer level");

            entities.changed(TestEntities.component("early-service", "scored before it was indexed", "web-team"));
            Await.until(() -> SearchApi.document("component:default/early-service"), Objects::nonNull, "the early entity");
            assertEquals(List.of("production-readiness:Silver"),
                    SearchApi.document("component:default/early-service").get("scorecardLevel"));
        }
    }

    /** Each topic's poison goes to its own {@code <topic>.dlq} with the reason, and what follows is still indexed. */
    @Test
    void poisonOnTheDocsAndScorecardTopicsGoesToTheirDeadLetterTopicsAndConsumptionGoesOn() throws Exception {
        String ref = "component:default/after-poison";
        try (EntityChangeEvents entities = new EntityChangeEvents(bootstrap, topics.entityChanges());
             EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges());
             EntityChangeEvents scorecards = new EntityChangeEvents(bootstrap, topics.scorecardChanges())) {
            entities.changed(TestEntities.component("after-poison", "indexed after the poison", "web-team"));
            Await.until(() -> SearchApi.document(ref), Objects::nonNull, "the entity");

            docs.raw("component:default/docs-malformed", EventType.TECHDOCS_BUILT.type(), "{\"pages\": [oops");
            docs.raw("component:default/docs-misplaced", EventType.SCORECARD_EVALUATED.type(), "{}");
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0, page("", "After poison", "pages still indexed")));
            scorecards.raw("component:default/scores-malformed", EventType.SCORECARD_EVALUATED.type(), "not json");
            scorecards.raw("component:default/scores-misplaced", EventType.TECHDOCS_BUILT.type(), "{}");
            scorecards.event(EventType.SCORECARD_EVALUATED, ref, evaluated(ref, T0, "Platinum")); // no level other tests count

            Await.until(() -> pages(ref), count -> count == 1, "the docs page after the poison");
            Await.until(() -> SearchApi.document(ref).get("scorecardLevel"),
                    List.of("production-readiness:Platinum")::equals, "the level after the poison");
        }
        assertDeadLettered(topics.techdocsChanges(), List.of("component:default/docs-malformed",
                "component:default/docs-misplaced"), List.of("Unreadable", EventType.SCORECARD_EVALUATED.type()));
        assertDeadLettered(topics.scorecardChanges(), List.of("component:default/scores-malformed",
                "component:default/scores-misplaced"), List.of("Unreadable", EventType.TECHDOCS_BUILT.type()));
    }

    private void assertDeadLettered(String topic, List<String> keys, List<String> reasonsContain) {
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.of(bootstrap, topic, keys.size());
        assertEquals(keys, dead.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList(), topic);
        for (int i = 0; i < keys.size(); i++) {
            String reason = KafkaCloudEvents.header(dead.get(i).headers(), KafkaCloudEvents.ERROR_HEADER).orElse("");
            assertTrue(reason.contains(reasonsContain.get(i)), topic + ": " + reason);
        }
    }

    @Test
    void rebuildsTheDocsIndexFromTheTopic() throws Exception {
        String ref = "component:default/rebuilt-docs";
        try (EntityChangeEvents docs = new EntityChangeEvents(bootstrap, topics.techdocsChanges())) {
            docs.event(EventType.TECHDOCS_BUILT, ref, built(ref, T0, page("", "Rebuilt", "pages replayed from the topic"),
                    page("faq/", "FAQ", "questions")));
            Await.until(() -> pages(ref), count -> count == 2, "the pages");
        }
        String rebuild = "/api/search/admin/rebuild/techdocs";
        SearchApi.asAlice().post(rebuild).then().statusCode(202);
        JsonPath status = Await.until(() -> SearchApi.asAlice().get(rebuild).then().statusCode(200).extract().jsonPath(),
                s -> !"RUNNING".equals(s.getString("state")), "the rebuild");
        assertEquals("SWAPPED", status.getString("state"), status.prettify());
        assertEquals(2, pages(ref));
        assertTrue(count(Map.of("types[0]", "techdocs", "term", "replayed")) == 1);
    }

    private static long pages(String ref) {
        return count(Map.of("types[0]", "techdocs", "filters[entityRef]", ref));
    }

    private static long count(Map<String, ?> query) {
        return SearchApi.found(query).getLong("numberOfResults");
    }

    private static int facet(JsonPath found, String value) {
        List<Map<String, Object>> values = found.getList("facets.scorecardLevel");
        return values.stream().filter(v -> value.equals(v.get("value"))).map(v -> ((Number) v.get("count")).intValue())
                .findFirst().orElse(0);
    }

    private static TechDocsPage page(String path, String title, String text) {
        return new TechDocsPage(path, title, List.of(title), text);
    }

    private static TechDocsBuilt built(String ref, Instant at, TechDocsPage... pages) {
        return new TechDocsBuilt(ref, "docs of " + ref, null, at, "etag-" + at.toEpochMilli(), List.of(pages), List.of());
    }

    private static ScorecardEvaluated evaluated(String ref, Instant at, String level) {
        return new ScorecardEvaluated(ref, at, List.of(new ScorecardEvaluated.Result("production-readiness",
                "Production readiness", level, List.of(new ScorecardEvaluated.Check("owner-set", "pass")))));
    }
}
