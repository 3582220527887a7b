package dev.portal.search.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.indices.get_alias.IndexAliases;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.search.Await;
import dev.portal.search.DeadLetters;
import dev.portal.search.EntityChangeEvents;
import dev.portal.search.SearchApi;
import dev.portal.search.TestEntities;
import dev.portal.search.indexing.IndexingConsumer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** portal.entity.changes → the software-catalog index: documents, updates, deletes, idempotence, dead letters. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,opensearch,keycloak") })
class CatalogIndexingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = PortalStackResource.INDEX_PREFIX)
    String indexPrefix;

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    OpenSearchClient openSearch;

    @Inject
    CatalogIndexer indexer;

    EntityChangeEvents events;

    @BeforeEach
    void producer() {
        SearchApi.awaitReady();
        events = new EntityChangeEvents(bootstrap, topics.entityChanges());
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void createsTheReadAliasOverOneTimestampedIndexWithExplicitMappings() throws Exception {
        String alias = indexPrefix + "software-catalog";
        Map<String, IndexAliases> behind = Await.until(() -> aliases(alias), m -> !m.isEmpty(), "the alias " + alias);
        assertEquals(1, behind.size(), behind.keySet().toString());
        String index = behind.keySet().iterator().next();
        assertTrue(index.matches(java.util.regex.Pattern.quote(alias) + "-\\d{17}"), index);

        var mapping = openSearch.indices().getMapping(m -> m.index(index)).result().get(index).mappings();
        var title = mapping.properties().get("title").text();
        assertEquals("portal_english", title.analyzer());
        assertTrue(title.fields().get("suggest").isSearchAsYouType(), "title has an as-you-type field");
        assertTrue(title.fields().get("keyword").isKeyword(), "title has a keyword field for exact matches");
        assertTrue(mapping.properties().get("name").text().fields().get("suggest").isSearchAsYouType());
        assertEquals("portal_exact", mapping.properties().get("kind").keyword().normalizer());
        var settings = openSearch.indices().getSettings(s -> s.index(index)).result().get(index).settings().index();
        assertEquals("0", settings.numberOfReplicas(), "replicas from portal.opensearch.replicas");
        assertEquals("250ms", settings.refreshInterval().time(), "portal.opensearch.refresh-interval's default");
        var filters = settings.analysis().analyzer().get("portal_english").custom().filter();
        assertTrue(filters.contains("asciifolding") && filters.contains("portal_english_stemmer"), filters.toString());
    }

    @Test
    void indexesAChangedEntityAsASoftwareCatalogDocument() {
        ObjectNode entity = TestEntities.component("payments-api", "Takes card payments", "payments-team");
        ((ObjectNode) entity.get("metadata")).put("title", "Payments API").putArray("tags").add("java").add("payments");
        ((ObjectNode) entity.get("spec")).put("lifecycle", "production");
        events.changed(entity);

        Map<String, Object> document = awaitDocument("component:default/payments-api", d -> true);
        assertEquals("Payments API", document.get("title"));
        assertEquals("Takes card payments", document.get("text"));
        assertEquals("/catalog/default/component/payments-api", document.get("location"));
        assertEquals("Component", document.get("kind"));
        assertEquals("default", document.get("namespace"));
        assertEquals("payments-api", document.get("name"));
        assertEquals("group:default/payments-team", document.get("owner"));
        assertEquals("production", document.get("lifecycle"));
        assertEquals("service", document.get("type"));
        assertEquals(List.of("java", "payments"), document.get("tags"));
        assertEquals("component:default/payments-api", document.get("entityRef"));
        assertEquals(1, ((Number) document.get("generation")).intValue());
    }

    @Test
    void replacesTheDocumentWhenANewerGenerationArrives() {
        ObjectNode entity = TestEntities.component("ledger", "Double-entry ledger", "payments-team");
        events.changed(entity);
        awaitDocument("component:default/ledger", d -> true);

        ObjectNode renamed = TestEntities.atGeneration(entity, 2);
        ((ObjectNode) renamed.get("metadata")).put("description", "The general ledger");
        events.changed(renamed);

        Map<String, Object> document = awaitDocument("component:default/ledger", d -> generation(d) == 2);
        assertEquals("The general ledger", document.get("text"));
    }

    @Test
    void ignoresDuplicatesAndEventsOlderThanTheIndexedGeneration() {
        ObjectNode entity = TestEntities.component("billing", "billing v3", "payments-team");
        ObjectNode third = TestEntities.atGeneration(entity, 3);
        ObjectNode second = TestEntities.atGeneration(entity, 2);
        ((ObjectNode) second.get("metadata")).put("description", "billing v2 (late)");
        ObjectNode duplicate = third.deepCopy();
        ((ObjectNode) duplicate.get("metadata")).put("description", "billing v3 replayed with other content");

        events.changed(third);
        events.changed(second);
        events.changed(duplicate);
        processedUpTo(sentinel());

        Map<String, Object> document = SearchApi.document("component:default/billing");
        assertEquals(3, generation(document));
        assertEquals("billing v3", document.get("text"));
    }

    @Test
    void removesTheDocumentOnDeletionAndALateDuplicateDoesNotBringItBack() {
        ObjectNode entity = TestEntities.atGeneration(TestEntities.component("fax-gateway", "Sends faxes", "ops"), 4);
        String uid = entity.path("metadata").path("uid").asText();
        events.changed(entity);
        awaitDocument("component:default/fax-gateway", d -> true);

        events.deleted("component:default/fax-gateway", uid, 5);
        Await.until(() -> SearchApi.document("component:default/fax-gateway"), Objects::isNull, "the deletion");

        events.changed(entity); // the relay published generation 4 again
        processedUpTo(sentinel());
        assertNull(SearchApi.document("component:default/fax-gateway"));
        assertEquals(0, SearchApi.found(Map.of("term", "faxes")).getInt("numberOfResults"));
    }

    @Test
    void indexesAnEntityRecreatedAfterItsDeletionThoughItsGenerationStartsAgain() {
        ObjectNode first = TestEntities.atGeneration(TestEntities.component("phoenix", "first life", "ops"), 7);
        events.changed(first);
        awaitDocument("component:default/phoenix", d -> true);
        events.deleted("component:default/phoenix", first.path("metadata").path("uid").asText(), 8);

        ObjectNode reborn = TestEntities.component("phoenix", "second life", "ops"); // new uid, generation 1
        events.changed(reborn);

        Map<String, Object> document = awaitDocument("component:default/phoenix", d -> "second life".equals(d.get("text")));
        assertEquals(1, generation(document));
    }

    @Test
    void removesDeletionMarkersOnlyOnceTheyAreOlderThanTheRetention() throws Exception {
        ObjectNode entity = TestEntities.component("short-lived", "deleted at once", "ops");
        events.changed(entity);
        awaitDocument("component:default/short-lived", d -> true);
        events.deleted("component:default/short-lived", entity.path("metadata").path("uid").asText(), 2);
        Await.until(() -> SearchApi.document("component:default/short-lived"), Objects::isNull, "the deletion");
        String alias = indexPrefix + "software-catalog";
        assertTrue(openSearch.exists(e -> e.index(alias).id("component:default/short-lived")).value(),
                "the marker stays, hidden");

        assertEquals(0, indexer.purgeDeletedBefore(alias, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));
        assertTrue(openSearch.exists(e -> e.index(alias).id("component:default/short-lived")).value());
        assertTrue(indexer.purgeDeletedBefore(alias, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1)) >= 1);
        assertFalse(openSearch.exists(e -> e.index(alias).id("component:default/short-lived")).value());
    }

    @Test
    void aTombstoneAloneRemovesWhatIsIndexedForTheRef() {
        events.changed(TestEntities.component("compacted", "only its tombstone is left", "ops"));
        awaitDocument("component:default/compacted", d -> true);

        events.tombstone("component:default/compacted");

        Await.until(() -> SearchApi.document("component:default/compacted"), Objects::isNull, "the tombstone");
    }

    @Test
    void sendsPoisonMessagesToTheDeadLetterTopicWithTheReasonAndKeepsConsuming() {
        events.raw("component:default/malformed", "dev.portal.entity.changed.v1", "{\"kind\": oops");
        events.raw("component:default/teleported", "dev.portal.entity.teleported.v1", "{}");
        events.raw("component:default/untyped", null, "{}");
        events.raw("component:default/misplaced", "dev.portal.techdocs.built.v1", "{}");
        events.raw("component:default/nameless", "dev.portal.entity.changed.v1",
                "{\"kind\":\"Component\",\"metadata\":{\"generation\":1}}");
        events.changed(TestEntities.component("after-the-poison", "still indexed", "ops"));

        awaitDocument("component:default/after-the-poison", d -> true);
        List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.of(bootstrap, topics.entityChanges(), 5);
        List<String> keys = dead.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("component:default/malformed", "component:default/teleported", "component:default/untyped",
                "component:default/misplaced", "component:default/nameless"), keys);
        List<String> reasons = dead.stream().map(r -> KafkaCloudEvents.header(r.headers(), KafkaCloudEvents.ERROR_HEADER)
                .orElse("")).toList();
        assertTrue(reasons.get(0).contains("Malformed JSON"), reasons.get(0));
        assertTrue(reasons.get(1).contains("dev.portal.entity.teleported.v1"), reasons.get(1));
        assertTrue(reasons.get(2).contains("ce_type"), reasons.get(2));
        assertTrue(reasons.get(3).contains("dev.portal.techdocs.built.v1"), reasons.get(3));
        assertTrue(reasons.get(4).contains("metadata.name"), reasons.get(4));
        assertEquals("{\"kind\": oops", new String(dead.get(0).value(), StandardCharsets.UTF_8), "the message as received");
    }

    @Test
    void commitsItsOwnGroupsOffsetsOnceTheBatchIsIndexed() throws Exception {
        String ref = sentinel();
        processedUpTo(ref);
        TopicPartition partition = new TopicPartition(topics.entityChanges(), 0);
        String group = topics.topicPrefix().orElseThrow() + IndexingConsumer.GROUP;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get().offset();
            Await.until(() -> committed(admin, group, partition), offset -> offset == end,
                    "group " + group + " to commit up to " + end);
        }
    }

    private static long committed(Admin admin, String group, TopicPartition partition) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Publishes a fresh entity; once it is searchable, everything published before it was processed (one partition). */
    private String sentinel() {
        String name = "sentinel-" + UUID.randomUUID().toString().substring(0, 8);
        events.changed(TestEntities.component(name, null, "ops"));
        return "component:default/" + name;
    }

    private static void processedUpTo(String sentinelRef) {
        awaitDocument(sentinelRef, d -> true);
    }

    private static Map<String, Object> awaitDocument(String ref, java.util.function.Predicate<Map<String, Object>> condition) {
        return Await.until(() -> SearchApi.document(ref), d -> d != null && condition.test(d), ref + " to be searchable");
    }

    private static long generation(Map<String, Object> document) {
        return ((Number) document.get("generation")).longValue();
    }

    private Map<String, IndexAliases> aliases(String alias) {
        try {
            return openSearch.indices().getAlias(g -> g.name(alias)).result();
        } catch (Exception e) {
            return Map.of();
        }
    }
}
