package dev.portal.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.db.Database;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.Json;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Entity rows are written only when something changed: an entity written again as it was stays the same row version
 * (PostgreSQL's {@code ctid} moves on every UPDATE, even inside one transaction), a change writes it once.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class EntityRepositoryWritesTest {

    private static final String REF = "component:default/row-writes-probe";

    @Inject
    EntityService service;

    @Inject
    EntityRepository entities;

    @Inject
    Database database;

    private static JsonNode component(String description) {
        return Json.tree(("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":"
                + "\"row-writes-probe\",\"description\":\"" + description + "\"},\"spec\":{\"type\":\"service\","
                + "\"lifecycle\":\"production\",\"owner\":\"group:default/payments-team\"}}").getBytes());
    }

    @Test
    @TestTransaction
    void writesARowOnlyWhenSomethingChanged() {
        EntityService.Origin seed = EntityService.Origin.of("seed");
        service.upsert(List.of(component("first")), seed);
        String inserted = rowVersion();
        EntityRecord stored = entities.findByRef(REF).orElseThrow();
        assertEquals(1, stored.generation);

        service.upsert(List.of(component("first")), seed);
        assertEquals(inserted, rowVersion(), "written again as it was: no UPDATE");
        assertEquals(1, entities.findByRef(REF).orElseThrow().generation);

        service.upsert(List.of(component("second")), seed);
        String changed = rowVersion();
        assertNotEquals(inserted, changed, "a new description: the row is written");
        EntityRecord updated = entities.findByRef(REF).orElseThrow();
        assertEquals(2, updated.generation);
        assertTrue(updated.raw.contains("second"), updated.raw);
        assertEquals(stored.uid, updated.uid);
        assertEquals(stored.createdAt, updated.createdAt);

        service.markOrphans(List.of(REF));
        EntityRecord orphaned = entities.findByRef(REF).orElseThrow();
        assertTrue(orphaned.orphan);
        assertEquals(3, orphaned.generation, "the orphan flag is part of the served form");
        assertEquals(updated.raw, orphaned.raw);
        assertNotEquals(changed, rowVersion());
    }

    @Test
    void concurrentWritesOfTheSameNewEntityAllSucceed() throws Exception {
        String name = "race-probe-" + System.nanoTime();
        JsonNode entity = Json.tree(("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":"
                + "{\"name\":\"" + name + "\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\","
                + "\"owner\":\"group:default/" + name + "-team\"}}").getBytes());
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                writes.add(pool.submit(() -> {
                    start.await();
                    return service.upsert(List.of(entity), EntityService.Origin.of("seed"));
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS); // none fails: the losers of the insert race run again and update
            }
            EntityRecord stored = entities.findByRef("component:default/" + name).orElseThrow();
            assertEquals(1, stored.generation, "the same entity each time: one served version");
        } finally {
            pool.shutdownNow();
            service.deleteIfPresent("component:default/" + name);
        }
    }

    private String rowVersion() {
        return database.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT ctid::text FROM entities WHERE entity_ref = ?")) {
                select.setString(1, REF);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next(), REF + " is stored");
                    return rs.getString(1);
                }
            }
        });
    }
}
