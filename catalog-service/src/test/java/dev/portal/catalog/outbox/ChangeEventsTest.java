package dev.portal.catalog.outbox;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.seedSmallOrg;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.portal.catalog.ChangeTopic;
import dev.portal.catalog.ChangeTopic.Event;
import dev.portal.catalog.entity.EntityService;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.Json;
import dev.portal.events.KafkaTopicsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Every committed change leaves the catalog as exactly one event on portal.entity.changes, in order. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class ChangeEventsTest {

    private static final String CHANGED = "dev.portal.entity.changed.v1";
    private static final String DELETED = "dev.portal.entity.deleted.v1";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityService entities;

    ChangeTopic changes;

    @BeforeEach
    void open() {
        changes = new ChangeTopic(bootstrap, topics.entityChanges());
    }

    @AfterEach
    void close() {
        changes.close();
    }

    private static long generation(Event event) {
        return Json.tree(event.value().getBytes(StandardCharsets.UTF_8)).path("metadata").path("generation").asLong();
    }

    @Test
    void publishesTheStitchedEntityOncePerChangeKeyedByRef() {
        seedSmallOrg();
        List<Event> ledger = waitFor("component:default/ledger", 1);
        assertEquals(CHANGED, ledger.get(0).type());
        assertTrue(ledger.get(0).value().contains("\"relations\""), "the full stitched entity");

        changes.readFor(Duration.ofSeconds(1));
        int before = changes.forKey("component:default/ledger").size();
        seedSmallOrg(); // unchanged: nothing new
        changes.readFor(Duration.ofSeconds(2));
        assertEquals(before, changes.forKey("component:default/ledger").size());

        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: ledger, tags: [java]}
                spec: {type: service, lifecycle: production, owner: payments-team, system: payments}
                """);
        List<Event> after = waitFor("component:default/ledger", before + 1);
        assertEquals(generation(after.get(after.size() - 2)) + 1, generation(after.get(after.size() - 1)));
    }

    @Test
    void publishesAPeerWhoseRelationsChanged() {
        seedSmallOrg();
        changes.readFor(Duration.ofSeconds(1));
        int before = waitFor("group:default/platform-team", 1).size();
        seedYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: {name: new-tool}
                spec: {type: service, lifecycle: experimental, owner: platform-team}
                """);
        List<Event> team = waitFor("group:default/platform-team", before + 1);
        assertTrue(team.get(team.size() - 1).value().contains("component:default/new-tool"), "the new ownerOf relation");
    }

    @Test
    void publishesADeleteThenATombstone() {
        seedSmallOrg();
        changes.readFor(Duration.ofSeconds(1));
        int before = waitFor("component:default/ui-kit", 1).size();
        String uid = asAlice().when().get("/api/catalog/entities/by-name/component/default/ui-kit").then()
                .extract().jsonPath().getString("metadata.uid");
        asAlice().when().delete("/api/catalog/entities/by-uid/" + uid).then().statusCode(204);
        List<Event> events = waitFor("component:default/ui-kit", before + 2);
        Event deleted = events.get(events.size() - 2);
        Event tombstone = events.get(events.size() - 1);
        assertEquals(DELETED, deleted.type());
        assertTrue(deleted.value().contains(uid));
        assertEquals(DELETED, tombstone.type());
        assertNull(tombstone.value());
    }

    @Test
    void publishesNothingForARejectedWrite() {
        seedSmallOrg();
        waitFor("component:default/ledger", 1);
        asAlice().contentType("application/json").body("""
                [{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"half-written"},
                  "spec":{"type":"service","lifecycle":"production","owner":"platform-team"}},
                 {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"broken!"},"spec":{}}]
                """).when().post("/api/catalog/admin/entities").then().statusCode(400);
        changes.readFor(Duration.ofSeconds(2));
        assertEquals(List.of(), changes.forKey("component:default/half-written"));
    }

    /** The write itself succeeded (its rows and its event appended), then its transaction rolled back. */
    @Test
    void publishesNothingForAWriteRolledBackAfterItsEventWasAppended() {
        seedSmallOrg();
        waitFor("component:default/ledger", 1);
        var entity = Json.tree(("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
                + "{\"name\":\"rolled-back\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\","
                + "\"owner\":\"platform-team\"}}").getBytes(StandardCharsets.UTF_8));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                QuarkusTransaction.requiringNew().run(() -> {
                    assertEquals(1, entities.upsert(List.of(entity), EntityService.Origin.of("seed")).size());
                    throw new IllegalStateException("the caller fails after the write");
                }));
        assertEquals("the caller fails after the write", failure.getMessage());
        changes.readFor(Duration.ofSeconds(2));
        assertEquals(List.of(), changes.forKey("component:default/rolled-back"));
        asAlice().when().get("/api/catalog/entities/by-name/component/default/rolled-back").then().statusCode(404);
    }

    @Test
    void theRelayVacuumsTheOutboxItEmpties() throws Exception {
        long vacuumsBefore = outboxVacuums();
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < dev.portal.events.outbox.OutboxRelay.VACUUM_AFTER_ROWS; i++) {
            yaml.append("---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: churn-").append(i)
                    .append("\nspec:\n  type: bucket\n  owner: team-a\n");
        }
        seedYaml(yaml.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outboxVacuums() == vacuumsBefore && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(outboxVacuums() > vacuumsBefore, "a VACUUM of the outbox after "
                + dev.portal.events.outbox.OutboxRelay.VACUUM_AFTER_ROWS + " published events");
    }

    /** Explicit VACUUMs of this schema's outbox (autovacuum's runs are counted apart). */
    private long outboxVacuums() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT vacuum_count FROM pg_stat_user_tables "
                     + "WHERE relname = 'outbox' AND schemaname = current_schema()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Event> waitFor(String key, int count) {
        changes.readUntil(seen -> seen.stream().filter(e -> e.key().equals(key)).count() >= count);
        List<Event> events = changes.forKey(key);
        assertTrue(events.size() >= count, "expected " + count + " events for " + key + ", got " + events);
        return events;
    }
}
