package dev.portal.search.catalog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.search.Await;
import dev.portal.search.EntityChangeEvents;
import dev.portal.search.OpenSearchBehindProxyResource;
import dev.portal.search.SearchApi;
import dev.portal.search.TestEntities;
import dev.portal.search.indexing.IndexingConsumer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** OpenSearch goes away in the middle of consumption and comes back: the service pauses, then catches up losslessly. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,keycloak") })
@WithTestResource(value = OpenSearchBehindProxyResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class OpenSearchOutageTest {

    /** Set by {@link OpenSearchBehindProxyResource}: false cuts the service off from OpenSearch. */
    AtomicBoolean openSearchReachable;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @AfterEach
    void reconnect() {
        openSearchReachable.set(true);
    }

    @Test
    void pausesWhileOpenSearchIsUnreachableAndResumesWithoutLoss() throws Exception {
        ObjectNode ledger = TestEntities.component("ledger", "before the outage", "payments-team");
        ObjectNode fax = TestEntities.component("fax", "deleted during the outage", "ops");
        try (EntityChangeEvents events = new EntityChangeEvents(bootstrap, topics.entityChanges());
             Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Await.until(SearchApi::readiness, status -> status.startsWith("200"),
                    "readiness (OpenSearch reached through the proxy) before the outage");
            events.changed(ledger);
            events.changed(fax);
            Await.until(() -> SearchApi.document("component:default/fax"), Objects::nonNull, "indexing before the outage");
            long before = end(admin);
            Await.until(() -> committed(admin), offset -> offset == before, "the commit before the outage");

            openSearchReachable.set(false); // the proxy follows the flag within a few milliseconds
            Await.until(SearchApi::readiness, status -> status.startsWith("503"), "readiness to fail");
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("OpenSearch"));
            SearchApi.query(Map.of("term", "ledger")).then().statusCode(503)
                    .body("error.name", equalTo("ServiceUnavailableError"));

            events.changed(TestEntities.component("checkout", "indexed after the outage", "web-team"));
            ObjectNode updated = TestEntities.atGeneration(ledger, 2);
            ((ObjectNode) updated.get("metadata")).put("description", "changed during the outage");
            events.changed(updated);
            events.deleted("component:default/fax", fax.path("metadata").path("uid").asText(), 2);

            Await.until(() -> SearchApi.asAlice().get("/api/search/admin/indexing").jsonPath().getBoolean("paused"),
                    Boolean.TRUE::equals, "indexing to pause");
            given().get("/q/metrics").then().statusCode(200)
                    .body(org.hamcrest.Matchers.containsString("portal_search_indexing_paused 1.0"));
            Thread.sleep(1_000);
            assertEquals(before, committed(admin), "nothing is committed while OpenSearch does not take the batch");

            openSearchReachable.set(true);
            Await.until(SearchApi::readiness, status -> status.startsWith("200"), "readiness again");
            Await.until(() -> SearchApi.document("component:default/fax"), Objects::isNull, Duration.ofSeconds(30),
                    "the deletion published last during the outage");
            assertEquals("indexed after the outage", SearchApi.document("component:default/checkout").get("text"));
            assertEquals("changed during the outage", SearchApi.document("component:default/ledger").get("text"));
            assertTrue(!SearchApi.asAlice().get("/api/search/admin/indexing").jsonPath().getBoolean("paused"));
            long after = end(admin);
            Await.until(() -> committed(admin), offset -> offset == after, "the commit after the outage");
        }
    }

    private TopicPartition partition() {
        return new TopicPartition(topics.entityChanges(), 0);
    }

    private long end(Admin admin) throws Exception {
        return admin.listOffsets(Map.of(partition(), OffsetSpec.latest())).partitionResult(partition()).get().offset();
    }

    private long committed(Admin admin) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(topics.topicPrefix().orElseThrow()
                    + IndexingConsumer.GROUP).partitionsToOffsetAndMetadata().get().get(partition());
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            return -1;
        }
    }
}
