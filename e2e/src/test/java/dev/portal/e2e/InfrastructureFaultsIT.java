package dev.portal.e2e;

import static dev.portal.e2e.support.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.Await;
import dev.portal.devstack.PortalServices;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;
import dev.portal.e2e.support.Integration;
import dev.portal.e2e.support.PortalInstallation;

/**
 * Issue 10, faults of the infrastructure: Kafka stopped for 30 s, OpenSearch stopped, PostgreSQL restarted — on a
 * second installation made by the portal script (so the local stack other tests use is left alone). During each
 * outage changes keep coming; afterwards every view (catalog, gateway, search, scorecards, docs) converges to the
 * catalog's state, nothing lost, nothing twice, and no service had to be restarted.
 */
@Order(4)
class InfrastructureFaultsIT {

    private static final Duration CONVERGE = Duration.ofSeconds(180);
    private static final List<String> SERVICES = List.of("catalog", "search", "techdocs", "scorecard", "gateway");
    /** A demo entity with docs (deploy/demo): its site must be served again after each fault. */
    private static final String DOCS_PAGE = "/api/techdocs/static/docs/default/component/payments-api-service/";

    private static PortalInstallation portal;
    private static Map<String, Long> servicePids;

    @BeforeAll
    static void install() {
        Instant start = Instant.now();
        // The delivery scorecard over facts (src/test/resources/scorecards) beside the starter one.
        portal = PortalInstallation.start(PortalServices.repositoryRoot(), Path.of("target", "fault-installation"),
                Map.of("PORTAL_SCORECARDS_DEFINITIONS_DIR", E2eStack.testResource("scorecards").toString()));
        Await.until("the demo catalog in the installation's gateway", CONVERGE,
                () -> Http.graphqlData(portal.url("gateway"), "alice", "{ entities(first: 1) { totalCount } }", Map.of())
                        .at("/entities/totalCount").asInt(), total -> total >= 54);
        Await.until("the demo docs served", CONVERGE, () -> Http.get("bob", portal.url("techdocs") + DOCS_PAGE).status(),
                status -> status == 200);
        Await.until("the demo catalog searchable", CONVERGE, () -> searchRefs("term=payments&types=software-catalog"),
                refs -> refs.contains("component:default/payments-api-service"));
        servicePids = new LinkedHashMap<>();
        SERVICES.forEach(s -> servicePids.put(s, portal.pid(s)));
        System.out.println("e2e: a second installation with the demo catalog ready in "
                + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    static void uninstall() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void kafkaStoppedFor30SecondsLosesNoChange() throws Exception {
        List<String> names = names("kafka-outage", 20);
        portal.down("kafka");
        Instant stopped = Instant.now();

        // An integration pushes entities over HTTP meanwhile: the catalog commits them without Kafka.
        Http.Response mutation = provide("kafka-outage", names, "Written while Kafka was down, kestrel.", List.of());
        assertEquals(200, mutation.status(), mutation.toString());
        for (String name : names) {
            assertEquals(200, catalogEntity(name).status(), name + " should be served by the catalog during the outage");
        }
        sleepUntil(stopped.plusSeconds(30));
        Duration down = Duration.between(stopped, Instant.now());
        portal.up("kafka");
        Instant restarted = Instant.now();

        awaitEveryView(names, "kestrel", "Written while Kafka was down, kestrel.");
        report("Kafka stopped for " + down.toSeconds() + " s", names.size() + " entities over HTTP", restarted);
    }

    @Test
    void openSearchStoppedAndRestartedLosesNoChange() throws Exception {
        List<String> kept = names("search-outage", 10);
        List<String> removed = names("search-outage-removed", 5);
        assertEquals(200, provide("search-outage", concat(kept, removed), "Before the outage, ocelot.", List.of()).status());
        awaitEveryView(concat(kept, removed), "ocelot", "Before the outage, ocelot.");

        portal.down("opensearch");
        Await.until("search to report not ready", () -> Http.get("alice", portal.url("search") + "/q/health/ready").status(),
                status -> status == 503);
        Http.Response query = Http.get("alice", portal.url("search") + "/api/search/query?term=ocelot");
        assertEquals(503, query.status(), query.toString());
        assertEquals("ServiceUnavailableError", query.json().at("/error/name").asText(), query.toString());
        // The rest of the portal keeps serving; the entity page says search is missing only where it is asked for.
        JsonNode page = Http.graphql(portal.url("gateway"), "alice",
                "{ entity(ref: \"component:default/" + kept.get(0) + "\") { description } }", Map.of());
        assertEquals("Before the outage, ocelot.", page.at("/data/entity/description").asText(), page.toString());

        // Changes meanwhile: new descriptions for some, deletions of others.
        assertEquals(200, provide("search-outage", kept, "Changed while OpenSearch was down, ocelot.", removed).status());
        Thread.sleep(5_000); // let search consume (and hold back) the changes while OpenSearch is away
        portal.up("opensearch");
        Instant restarted = Instant.now();

        awaitEveryView(kept, "ocelot", "Changed while OpenSearch was down, ocelot.");
        for (String name : removed) {
            assertEquals(404, catalogEntity(name).status(), name);
        }
        report("OpenSearch stopped and started", kept.size() + " changed and " + removed.size() + " deleted entities", restarted);
    }

    @Test
    void postgresRestartedLosesNoChangePublishedMeanwhile() throws Exception {
        List<String> names = names("postgres-restart", 10);
        portal.down("postgres");
        Instant stopped = Instant.now();

        // An integration publishes entities and their CI results to Kafka while the catalog and scorecards cannot
        // write: nothing may be dropped or dead-lettered.
        try (Integration integration = new Integration(portal.kafkaBootstrap(), "")) {
            for (String name : names) {
                integration.upsertEntity(Integration.component(name, "Published while PostgreSQL was down, pelican."));
                integration.reportFacts("component:default/" + name, "github-actions", Map.of("build", "passing"));
            }
        }
        sleepUntil(stopped.plusSeconds(15));
        Duration down = Duration.between(stopped, Instant.now());
        portal.up("postgres");
        Instant restarted = Instant.now();

        awaitEveryView(names, "pelican", "Published while PostgreSQL was down, pelican.");
        for (String name : names) {
            Await.until(name + " Green on the build fact published during the outage", CONVERGE,
                    () -> Http.graphqlData(portal.url("gateway"), "alice", "{ entity(ref: \"component:default/" + name
                            + "\") { scorecards { id level } } }", Map.of()).at("/entity/scorecards"),
                    cards -> cards.toString().contains("{\"id\":\"delivery\",\"level\":\"Green\"}"));
        }
        // The services' connection pools work again for writes, not only reads.
        assertEquals(200, provide("postgres-restart-after", names("postgres-restart-after", 1), "Written after the restart, heron.",
                List.of()).status());
        awaitEveryView(names("postgres-restart-after", 1), "heron", "Written after the restart, heron.");
        report("PostgreSQL stopped for " + down.toSeconds() + " s", names.size() + " entities and " + names.size()
                + " facts over Kafka", restarted);
    }

    // --- what every view must show --------------------------------------------------------------------------------

    /**
     * Every view converges: the catalog serves each entity with the description, the gateway too, search finds
     * exactly these entities by the word, once each, scorecards scored each, the demo docs are served; and no
     * service was restarted to get there.
     */
    private static void awaitEveryView(List<String> names, String word, String description) {
        for (String name : names) {
            Await.until("the catalog to serve " + name, CONVERGE, () -> catalogEntity(name),
                    r -> r.status() == 200 && r.json().at("/metadata/description").asText().equals(description));
        }
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            query.append(" e").append(i).append(": entity(ref: \"component:default/").append(names.get(i)).append("\") { description }");
        }
        query.append(" }");
        Await.until("the gateway to serve the " + names.size() + " entities", CONVERGE,
                () -> Http.graphqlData(portal.url("gateway"), "alice", query.toString(), Map.of()),
                data -> {
                    for (int i = 0; i < names.size(); i++) {
                        if (!description.equals(data.at("/e" + i + "/description").asText())) {
                            return false;
                        }
                    }
                    return true;
                });
        List<String> expected = names.stream().map(n -> "component:default/" + n).sorted().toList();
        List<String> found = Await.until("search to find exactly " + expected, CONVERGE,
                () -> searchRefs("types=software-catalog&term=" + enc(word)).stream().sorted().toList(), expected::equals);
        assertEquals(expected, found, "each entity once");
        for (String name : names) {
            Await.until("the scorecards of " + name, CONVERGE, () -> Http.get("alice", portal.url("scorecard")
                    + "/api/scorecards/entities/default/component/" + name).json().path("scorecards").size(), n -> n > 0);
        }
        assertEquals(200, Http.get("bob", portal.url("techdocs") + DOCS_PAGE).status(), "the demo docs are still served");
        for (String service : SERVICES) {
            assertEquals(servicePids.get(service), portal.pid(service), service + " was started again");
            assertEquals(200, Http.get("alice", portal.url(service) + "/q/health/ready").status(), service + " ready");
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    /** A delta mutation of provider {@code provider}: adds the named components, removes the others. */
    private static Http.Response provide(String provider, List<String> names, String description, List<String> removedNames) {
        List<Map<String, Object>> added = new ArrayList<>();
        names.forEach(n -> added.add(Integration.component(n, description)));
        List<String> removed = removedNames.stream().map(n -> "component:default/" + n).toList();
        return Http.post("alice", portal.url("catalog") + "/api/catalog/providers/" + provider + "/mutations",
                Map.of("type", "delta", "added", added, "removed", removed));
    }

    private static Http.Response catalogEntity(String name) {
        return Http.get("alice", portal.url("catalog") + "/api/catalog/entities/by-name/component/default/" + name);
    }

    private static List<String> searchRefs(String query) {
        Http.Response r = Http.get("alice", portal.url("search") + "/api/search/query?pageLimit=100&" + query);
        if (r.status() != 200) {
            throw new AssertionError("search: " + r);
        }
        List<String> refs = new ArrayList<>();
        r.json().path("results").forEach(h -> refs.add(h.at("/document/entityRef").asText()));
        return refs;
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void report(String fault, String changes, Instant restarted) {
        System.out.println("e2e: " + fault + ": " + changes + " sent meanwhile reached every view "
                + Duration.between(restarted, Instant.now()).toMillis() + " ms after it was ready again");
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long ms = Duration.between(Instant.now(), when).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
