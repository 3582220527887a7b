package dev.portal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.Await;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;
import dev.portal.e2e.support.Integration;

/**
 * The launcher's kill -9 and restart, which the fault tests build on: a service killed with SIGKILL is really gone,
 * comes back on the same port with the same isolation, and catches up with what changed while it was down.
 */
@Order(3)
@ExtendWith(E2eStack.Resolver.class)
class KillAndRestartIT {

    @Test
    void searchKilledWithSigkillIndexesWhatChangedWhileItWasDown(E2eStack stack) throws Exception {
        stack.ensureDemo();
        PortalServices services = stack.services;
        long pid = services.pid(Service.SEARCH);

        assertEquals(PortalServices.SIGKILL_EXIT, services.kill(Service.SEARCH));
        Instant killedAt = Instant.now();
        assertFalse(services.isAlive(Service.SEARCH));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");

        String name = "restart-probe-" + UUID.randomUUID().toString().substring(0, 8);
        String ref = "component:default/" + name;
        try (Integration integration = new Integration(services)) {
            integration.upsertEntity(Integration.component(name, "Published while search was down: platypus."));
        }
        // The rest of the stack follows without search.
        Await.until(ref + " through the gateway while search is down",
                () -> stack.data("alice", "{ entity(ref: \"" + ref + "\") { ref } }").get("entity"), e -> !e.isNull());

        services.restart(Service.SEARCH);
        Instant readyAt = Instant.now();
        assertNotEquals(pid, services.pid(Service.SEARCH));
        assertTrue(Files.readString(services.log(Service.SEARCH)).contains("=== start 2 of search-service"),
                "the restart should append to " + services.log(Service.SEARCH));
        // Kafka gives the dead member's partitions to the new one only when its session times out (search uses
        // Kafka's default, 45 s, counted from the kill): hence more than the default wait.
        Await.until("the restarted search to index " + ref, Duration.ofSeconds(120), () -> {
            Http.Response r = Http.get("alice", services.url(Service.SEARCH) + "/api/search/query?types=software-catalog&term=platypus");
            List<String> refs = new ArrayList<>();
            r.json().path("results").forEach(h -> refs.add(h.at("/document/entityRef").asText()));
            return refs;
        }, refs -> refs.contains(ref));
        System.out.println("e2e: search ready " + Duration.between(killedAt, readyAt).toMillis() + " ms after its SIGKILL,"
                + " indexing again " + Duration.between(killedAt, Instant.now()).toMillis() + " ms after it");
    }
}
