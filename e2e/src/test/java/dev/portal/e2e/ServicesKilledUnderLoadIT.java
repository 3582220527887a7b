package dev.portal.e2e;

import static dev.portal.e2e.support.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.Await;
import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;
import dev.portal.e2e.support.Integration;

/**
 * Issue 10, faults: each of the five services SIGKILLed and restarted while an integration streams entity changes
 * (creates, upserts with a new description, deletes, facts) to Kafka. Once the stream stops, every view must show
 * exactly the catalog's state: each streamed entity in its last version, the deleted ones nowhere, nothing twice.
 */
@Order(4)
@ExtendWith(E2eStack.Resolver.class)
class ServicesKilledUnderLoadIT {

    /** Time for every view to converge once the stream stopped (a restarted consumer catches up first). */
    private static final Duration CONVERGE = Duration.ofSeconds(180);
    /** Changes published before the kill, and after the restart before the stream stops (20 a second). */
    private static final int BEFORE_KILL = 60;
    private static final int AFTER_RESTART = 60;

    private static E2eStack stack;
    private static Integration integration;

    @BeforeAll
    static void demoOrganisation(E2eStack e2e) {
        stack = e2e;
        stack.ensureDemo(); // payments-team and the payments system the streamed components refer to
        integration = new Integration(stack.services);
    }

    @AfterAll
    static void closeProducer() {
        if (integration != null) {
            integration.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyViewConvergesAfterASigkillDuringAStreamOfChanges(Service victim) throws Exception {
        PortalServices services = stack.services;
        Stream stream = new Stream(victim.module().replace("-service", "") + "-" + UUID.randomUUID().toString().substring(0, 6));
        Thread publisher = new Thread(stream, "e2e-stream");
        publisher.start();
        try {
            awaitPublished(stream, BEFORE_KILL);
            long pid = services.pid(victim);
            long killedAt = System.nanoTime();
            assertEquals(PortalServices.SIGKILL_EXIT, services.kill(victim));
            // A docs site removed while the service is down (for TechDocs: it must not come back with the restart).
            stream.deleteSoon(stream.docs.get(2));
            services.restart(victim);
            long readyAt = System.nanoTime();
            assertNotEquals(pid, services.pid(victim));
            awaitPublished(stream, stream.published() + AFTER_RESTART);
            stream.stop();
            publisher.join(30_000);
            if (stream.failure != null) {
                throw new AssertionError("the stream failed", stream.failure);
            }
            long stoppedAt = System.nanoTime();

            Await.until("every view to show the catalog's state after " + victim.module() + " was killed",
                    CONVERGE, () -> mismatches(stream), List::isEmpty);
            long convergedAt = System.nanoTime();
            // Still so a few seconds later: nothing deleted comes back (TechDocs re-checks its sites every 2 s here).
            Thread.sleep(3000);
            assertEquals(List.of(), mismatches(stream));

            System.out.println("e2e: " + victim.module() + " SIGKILLed under load: " + stream.published()
                    + " changes published (" + stream.facts.get() + " facts, " + stream.live().size() + " of "
                    + stream.all().size() + " entities live at the end), ready " + (readyAt - killedAt) / 1_000_000
                    + " ms after the kill, every view converged " + (convergedAt - stoppedAt) / 1_000_000
                    + " ms after the stream stopped");
        } finally {
            stream.stop();
            publisher.join(30_000);
        }
    }

    private static void awaitPublished(Stream stream, int count) {
        Await.until(count + " changes published", Duration.ofSeconds(120), () -> {
            if (stream.failure != null) {
                throw new AssertionError("the stream failed", stream.failure);
            }
            return stream.published();
        }, n -> n >= count);
    }

    // --- the stream ---------------------------------------------------------------------------------------------

    /**
     * An integration publishing about 20 changes a second until stopped, remembering the last version of each
     * entity. A pool of components: {@code plain} ones created, updated and deleted at random (a deleted one may be
     * created again), {@code stable} ones only updated, which also get facts, and three with TechDocs, whose docs
     * are files in the work folder: the second is deleted before the kill, the third while the victim is down.
     * Odd versions carry an on-call annotation, so the production-readiness scorecard shows which version it saw.
     */
    private static final class Stream implements Runnable {
        final String round;
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final List<String> plain = new ArrayList<>();
        final List<String> stable = new ArrayList<>();
        final List<String> docs = new ArrayList<>();
        /** name → last version published; absent when deleted or never created. */
        final Map<String, Integer> versions = new TreeMap<>();
        final Map<String, String> lastBuild = new TreeMap<>();
        final ConcurrentLinkedQueue<String> deletions = new ConcurrentLinkedQueue<>();
        final AtomicInteger changes = new AtomicInteger();
        final AtomicInteger facts = new AtomicInteger();
        private int nextVersion = 1;
        volatile boolean running = true;
        volatile Throwable failure;

        Stream(String round) {
            this.round = round;
            for (int i = 0; i < 14; i++) {
                plain.add("sk-" + round + "-p" + i);
            }
            for (int i = 0; i < 4; i++) {
                stable.add("sk-" + round + "-s" + i);
            }
            for (int i = 0; i < 3; i++) {
                String name = "sk-" + round + "-d" + i;
                docs.add(name);
                E2eStack.write(docsDir(name).resolve("mkdocs.yml"), "site_name: " + name + "\ndocs_dir: docs\nnav:\n  - Home: index.md\n");
                E2eStack.write(docsDir(name).resolve("docs/index.md"), "# " + name + "\n\nThe " + word(name) + " page.\n");
            }
        }

        @Override
        public void run() {
            try {
                synchronized (this) {
                    docs.forEach(this::upsert);
                    stable.forEach(this::upsert);
                }
                while (running) {
                    long tick = System.nanoTime();
                    step();
                    long pause = 50 - (System.nanoTime() - tick) / 1_000_000;
                    if (pause > 0) {
                        Thread.sleep(pause);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure = t;
            }
        }

        private synchronized void step() {
            String queued = deletions.poll();
            if (queued != null) {
                delete(queued);
                return;
            }
            int n = changes.get();
            if (n == 30) {
                delete(docs.get(1)); // a site removed before the kill
                return;
            }
            int dice = random.nextInt(20);
            if (dice == 0) {
                String name = stable.get(random.nextInt(stable.size()));
                String build = random.nextBoolean() ? "passing" : "failing";
                integration.reportFacts(ref(name), "github-actions", Map.of("build", build));
                lastBuild.put(name, build);
                facts.incrementAndGet();
                changes.incrementAndGet();
            } else if (dice == 1) {
                upsert(stable.get(random.nextInt(stable.size())));
            } else if (dice == 2 && versions.containsKey(docs.get(0))) {
                upsert(docs.get(0));
            } else {
                String name = plain.get(random.nextInt(plain.size()));
                if (versions.containsKey(name) && random.nextInt(6) == 0) {
                    delete(name);
                } else {
                    upsert(name);
                }
            }
        }

        private void upsert(String name) {
            int version = nextVersion++;
            integration.upsertEntity(entity(name, version));
            versions.put(name, version);
            changes.incrementAndGet();
        }

        private void delete(String name) {
            integration.deleteEntity(ref(name));
            versions.remove(name);
            changes.incrementAndGet();
        }

        private Map<String, Object> entity(String name, int version) {
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("backstage.io/source-location", "url:https://github.com/example-org/" + name + "/tree/main/");
            if (version % 2 == 1) {
                annotations.put("pagerduty.com/service-id", "P" + version);
            }
            if (docs.contains(name)) {
                annotations.put("backstage.io/managed-by-location", "file:" + docsDir(name).resolve("catalog-info.yaml"));
                annotations.put("backstage.io/techdocs-ref", "dir:.");
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name);
            metadata.put("description", description(name, version));
            metadata.put("labels", Map.of("e2e-stream", round));
            metadata.put("annotations", annotations);
            Map<String, Object> entity = new LinkedHashMap<>();
            entity.put("apiVersion", "backstage.io/v1alpha1");
            entity.put("kind", "Component");
            entity.put("metadata", metadata);
            entity.put("spec", Map.of("type", "service", "lifecycle", "production", "owner", "payments-team", "system", "payments"));
            return entity;
        }

        void deleteSoon(String name) {
            deletions.add(name);
        }

        void stop() {
            running = false;
        }

        int published() {
            return changes.get();
        }

        /** name → last version of the entities that exist now. */
        synchronized Map<String, Integer> live() {
            return new TreeMap<>(versions);
        }

        synchronized Map<String, String> builds() {
            return new TreeMap<>(lastBuild);
        }

        /** Every name the stream may have published. */
        List<String> all() {
            List<String> all = new ArrayList<>(plain);
            all.addAll(stable);
            all.addAll(docs);
            return all;
        }

        Path docsDir(String name) {
            return stack.work.resolve("streamed").resolve(name);
        }

        static String description(String name, int version) {
            return "Streamed " + name + ", version " + version + ".";
        }

        /** A made-up word unique to a docs site, for its served page and search. */
        static String word(String name) {
            return "quux" + name.replaceAll("[^a-z0-9]", "");
        }
    }

    // --- the views ----------------------------------------------------------------------------------------------

    /** Everything in which some view differs from what the stream published last; empty once all converged. */
    private static List<String> mismatches(Stream stream) {
        Map<String, Integer> live = stream.live();
        Map<String, String> expected = new TreeMap<>();
        live.forEach((name, version) -> expected.put(ref(name), Stream.description(name, version)));
        List<String> refs = stream.all().stream().map(ServicesKilledUnderLoadIT::ref).toList();
        List<String> out = new ArrayList<>();

        // The catalog, the source of truth: every live entity in its last version, nothing else of the stream.
        JsonNode page = Http.getOk("alice", stack.url(Service.CATALOG) + "/api/catalog/entities/by-query?limit=100&filter="
                + enc("metadata.labels.e2e-stream=" + stream.round));
        Map<String, String> catalog = new TreeMap<>();
        page.path("items").forEach(e -> catalog.put(ref(e.at("/metadata/name").asText()), e.at("/metadata/description").asText()));
        compare(out, "catalog", expected, catalog);
        if (page.path("items").size() != catalog.size()) {
            out.add("catalog: " + page.path("items").size() + " items for " + catalog.size() + " entities");
        }

        // The gateway: its event-fed cache (entity) and its list (entities, from the catalog).
        StringBuilder query = new StringBuilder("{ list: entities(filter: [\"metadata.labels.e2e-stream=" + stream.round
                + "\"], first: 100) { totalCount edges { node { ref description } } }");
        for (int i = 0; i < refs.size(); i++) {
            query.append(" e").append(i).append(": entity(ref: \"").append(refs.get(i)).append("\") { ref description }");
        }
        JsonNode data = stack.data("alice", query.append(" }").toString());
        Map<String, String> listed = new TreeMap<>();
        data.at("/list/edges").forEach(e -> listed.put(e.at("/node/ref").asText(), e.at("/node/description").asText()));
        compare(out, "gateway entities", expected, listed);
        if (data.at("/list/totalCount").asInt() != expected.size() || data.at("/list/edges").size() != expected.size()) {
            out.add("gateway entities: totalCount " + data.at("/list/totalCount") + ", " + data.at("/list/edges").size()
                    + " edges, expected " + expected.size());
        }
        Map<String, String> cached = new TreeMap<>();
        for (int i = 0; i < refs.size(); i++) {
            JsonNode e = data.get("e" + i);
            if (!e.isNull()) {
                cached.put(e.get("ref").asText(), e.get("description").asText());
            }
        }
        compare(out, "gateway entity(ref)", expected, cached);

        // Search: each live entity exactly once, with its last text.
        StringBuilder filters = new StringBuilder();
        refs.forEach(r -> filters.append("&filters[entityRef]=").append(enc(r)));
        Map<String, String> found = new TreeMap<>();
        for (JsonNode hit : search("types=software-catalog" + filters)) {
            String ref = hit.at("/document/entityRef").asText();
            if (found.put(ref, hit.at("/document/text").asText()) != null) {
                out.add("search: " + ref + " found twice");
            }
        }
        compare(out, "search", expected, found);

        // TechDocs: the first site served and searchable, the removed ones neither.
        String served = stream.docs.get(0);
        for (String name : stream.docs) {
            Http.Response home = Http.get("alice", stack.url(Service.TECHDOCS) + "/api/techdocs/static/docs/default/component/" + name + "/");
            boolean shown = home.status() == 200 && home.body().contains(Stream.word(name));
            if (name.equals(served) != shown) {
                out.add("techdocs: " + name + " site " + (shown ? "still served" : "not served: " + home));
            }
        }
        StringBuilder docsFilters = new StringBuilder();
        stream.docs.forEach(n -> docsFilters.append("&filters[entityRef]=").append(enc(ref(n))));
        List<String> pages = new ArrayList<>();
        search("types=techdocs" + docsFilters).forEach(h -> pages.add(h.at("/document/entityRef").asText()));
        if (!pages.equals(List.of(ref(served)))) {
            out.add("search techdocs: pages of " + pages + ", expected the one page of " + ref(served));
        }

        // Scorecards: a result for each live entity, of its last version (on-call set on odd versions; the last
        // build fact; built docs), none for the others.
        JsonNode items = Http.postOk("alice", stack.url(Service.SCORECARD) + "/api/scorecards/entities/by-refs", Map.of("entityRefs", refs)).path("items");
        Map<String, String> builds = stream.builds();
        for (JsonNode item : items) {
            String ref = item.path("entityRef").asText();
            String name = ref.substring(ref.indexOf('/') + 1);
            JsonNode cards = item.path("scorecards");
            Integer version = live.get(name);
            if (version == null) {
                if (cards.size() > 0) {
                    out.add("scorecards: deleted " + ref + " still has " + cards);
                }
                continue;
            }
            List<String> ids = new ArrayList<>();
            cards.forEach(c -> ids.add(c.path("id").asText()));
            ids.sort(null);
            if (!ids.equals(List.of("delivery", "production-readiness"))) { // the two defined here, each once
                out.add("scorecards: " + ref + " has the scorecards " + ids);
            }
            JsonNode readiness = card(cards, "production-readiness");
            String onCall = version % 2 == 1 ? "pass" : "fail";
            if (readiness == null || !onCall.equals(status(readiness, "on-call"))) {
                out.add("scorecards: " + ref + " version " + version + " should have on-call " + onCall + ": " + cards);
                continue;
            }
            if (name.equals(served) && !"pass".equals(status(readiness, "techdocs-built"))) {
                out.add("scorecards: " + ref + " should count its built docs: " + readiness);
            }
            if (builds.containsKey(name)) {
                JsonNode delivery = card(cards, "delivery");
                String ci = "passing".equals(builds.get(name)) ? "pass" : "fail";
                if (delivery == null || !ci.equals(status(delivery, "ci-passing"))) {
                    out.add("scorecards: " + ref + " should have ci-passing " + ci + " (last fact): " + delivery);
                }
            }
        }
        if (items.size() != refs.size()) {
            out.add("scorecards: " + items.size() + " items for " + refs.size() + " refs");
        }
        return out;
    }

    private static void compare(List<String> out, String view, Map<String, String> expected, Map<String, String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        expected.forEach((ref, text) -> {
            if (!actual.containsKey(ref)) {
                out.add(view + ": missing " + ref + " (" + text + ")");
            } else if (!text.equals(actual.get(ref))) {
                out.add(view + ": " + ref + " shows '" + actual.get(ref) + "', not '" + text + "'");
            }
        });
        actual.keySet().stream().filter(ref -> !expected.containsKey(ref)).forEach(ref -> out.add(view + ": deleted " + ref + " still there"));
    }

    private static List<JsonNode> search(String query) {
        List<JsonNode> hits = new ArrayList<>();
        Http.getOk("alice", stack.url(Service.SEARCH) + "/api/search/query?pageLimit=100&" + query).path("results").forEach(hits::add);
        return hits;
    }

    private static JsonNode card(JsonNode cards, String id) {
        for (JsonNode c : cards) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        return null;
    }

    private static String status(JsonNode card, String check) {
        for (JsonNode c : card.path("checks")) {
            if (check.equals(c.path("id").asText())) {
                return c.path("status").asText();
            }
        }
        return null;
    }

    private static String ref(String name) {
        return "component:default/" + name;
    }
}
