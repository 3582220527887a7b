package dev.portal.e2e;

import static dev.portal.e2e.support.Http.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.Await;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.events.Json;
import dev.portal.e2e.support.E2eStack;
import dev.portal.e2e.support.Http;
import dev.portal.e2e.support.Integration;

/**
 * Issue 10, faults: each consuming service started again as a new installation would start — a new consumer group
 * (its groups deleted: no committed offset) and an empty read model (search a new index prefix, TechDocs and
 * scorecards a new schema; the gateway's cache is rebuilt at every start anyway) — rebuilds from the compacted topics
 * (and the facts topic) to exactly the state every view showed before.
 */
@Order(5)
@ExtendWith(E2eStack.Resolver.class)
class ConsumersRebuiltFromScratchIT {

    /** Fields that record when a build or evaluation happened: a rebuild builds and evaluates again. */
    private static final Set<String> WHEN = Set.of("buildTimestamp", "scorecardsAt", "lastChangedAt");

    private static E2eStack stack;

    @BeforeAll
    static void stateWorthRebuilding(E2eStack e2e) {
        stack = e2e;
        stack.ensureDemo(); // entities of every kind, docs sites, scorecards
        // Beside the demo: facts (only on portal.facts), a removed docs site and an entity deleted and created again.
        String id = UUID.randomUUID().toString().substring(0, 6);
        String facts = "rb-" + id + "-facts";
        String gone = "rb-" + id + "-gone";
        String again = "rb-" + id + "-again";
        Path docs = stack.work.resolve("rebuilt").resolve(gone);
        E2eStack.write(docs.resolve("mkdocs.yml"), "site_name: " + gone + "\ndocs_dir: docs\nnav:\n  - Home: index.md\n");
        E2eStack.write(docs.resolve("docs/index.md"), "# " + gone + "\n\nA site that is removed.\n");
        try (Integration integration = new Integration(stack.services)) {
            integration.upsertEntity(Integration.component(facts, "Has a build fact."));
            integration.reportFacts(ref(facts), "github-actions", Map.of("build", "passing"));
            Map<String, Object> withDocs = Integration.component(gone, "Had docs.");
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) withDocs.get("metadata");
            metadata.put("annotations", Map.of("backstage.io/managed-by-location", "file:" + docs.resolve("catalog-info.yaml"),
                    "backstage.io/techdocs-ref", "dir:."));
            integration.upsertEntity(withDocs);
            integration.upsertEntity(Integration.component(again, "First life."));
            Await.until("the docs of " + gone + " built", () -> Http.get("alice", docsUrl(gone)), r -> r.status() == 200);
            Await.until(again + " scored", () -> scorecards(List.of(ref(again))).get(ref(again)), c -> !c.isEmpty());
            integration.deleteEntity(ref(gone));
            integration.deleteEntity(ref(again));
            Await.until(again + "'s scorecards gone", () -> scorecards(List.of(ref(again))).get(ref(again)), String::isEmpty);
            integration.upsertEntity(Integration.component(again, "Second life."));
            Await.until("the docs of " + gone + " removed", () -> Http.get("alice", docsUrl(gone)), r -> r.status() == 404);
            Await.until(facts + " Green on its build fact", () -> scorecards(List.of(ref(facts))).get(ref(facts)),
                    c -> c.contains("\"id\":\"delivery\"") && c.contains("\"level\":\"Green\""));
            Await.until(again + " scored again", () -> scorecards(List.of(ref(again))).get(ref(again)), c -> !c.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Service.class, names = {"SEARCH", "TECHDOCS", "SCORECARD", "GATEWAY"})
    void aConsumerStartedFromScratchRebuildsTheSameState(Service service) {
        // The state before, once it is quiet: two snapshots a second apart alike.
        Map<String, String> before = Await.until("the views to be quiet", Duration.ofSeconds(120), () -> {
            Map<String, String> first = snapshot();
            sleep(1000);
            return snapshot().equals(first) ? first : null;
        }, s -> s != null);

        long start = System.nanoTime();
        stack.services.restartFresh(service);
        long readyAt = System.nanoTime();
        Await.until(service.module() + ", started from scratch, to rebuild the same state",
                Duration.ofSeconds(240), () -> differences(before, snapshot()), List::isEmpty);
        long caughtUpAt = System.nanoTime();
        // The views can match while the replay is still on its way (a removed site is built and removed again late in
        // the topics): compared again once every consumer has read everything there is to read.
        stack.services.awaitConsumersCaughtUp(Duration.ofSeconds(120));
        Await.until("the views as before, every consumer caught up", Duration.ofSeconds(30),
                () -> differences(before, snapshot()), List::isEmpty);
        assertEquals(List.of(), differences(before, snapshot()), "and still so");

        System.out.println("e2e: " + service.module() + " started from scratch (new consumer group, empty read model):"
                + " ready in " + (readyAt - start) / 1_000_000 + " ms, every view as before "
                + (caughtUpAt - start) / 1_000_000 + " ms after the restart began (" + count(before, "catalog ")
                + " entities, " + count(before, "search ") + " search documents, " + count(before, "techdocs ")
                + " docs views, " + count(before, "scorecards ") + " scorecard views)");
    }

    // --- the views ----------------------------------------------------------------------------------------------

    /**
     * Every view as comparable text, one entry per item: the catalog's entities (etag), the gateway's (entity count,
     * each entity from its cache), search's documents (all types, duplicates kept apart), TechDocs' view of each
     * entity's docs and the scorecards of each entity.
     */
    private static Map<String, String> snapshot() {
        Map<String, String> view = new TreeMap<>();
        List<String> refs = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = Http.getOk("alice", stack.url(Service.CATALOG) + "/api/catalog/entities/by-query?limit=200"
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            for (JsonNode e : page.path("items")) {
                String ref = (e.path("kind").asText() + ":" + e.at("/metadata/namespace").asText("default") + "/"
                        + e.at("/metadata/name").asText()).toLowerCase();
                refs.add(ref);
                view.put("catalog " + ref, e.at("/metadata/etag").asText());
            }
            cursor = page.at("/pageInfo/nextCursor").isTextual() ? page.at("/pageInfo/nextCursor").asText() : null;
        } while (cursor != null);

        view.put("gateway count", stack.data("alice", "{ entities(first: 1) { totalCount } }").at("/entities/totalCount").asText());
        for (int from = 0; from < refs.size(); from += 50) {
            StringBuilder query = new StringBuilder("{");
            List<String> batch = refs.subList(from, Math.min(refs.size(), from + 50));
            for (int i = 0; i < batch.size(); i++) {
                query.append(" e").append(i).append(": entity(ref: \"").append(batch.get(i)).append("\") { ref uid etag description }");
            }
            JsonNode data = stack.data("alice", query.append(" }").toString());
            for (int i = 0; i < batch.size(); i++) {
                view.put("gateway " + batch.get(i), data.get("e" + i).toString());
            }
        }

        cursor = null;
        int n = 0;
        do {
            JsonNode page = Http.getOk("alice", stack.url(Service.SEARCH) + "/api/search/query?pageLimit=100"
                    + (cursor == null ? "" : "&pageCursor=" + enc(cursor)));
            for (JsonNode hit : page.path("results")) {
                String key = "search " + hit.path("type").asText() + " " + hit.at("/document/location").asText();
                // a second document at the same place is a duplicate: kept apart so the comparison sees it
                String doc = timeless(hit.get("document")).toString();
                view.merge(key, doc, (a, b) -> a + " AND " + b);
                n++;
            }
            cursor = page.path("nextPageCursor").isTextual() ? page.path("nextPageCursor").asText() : null;
        } while (cursor != null);
        view.put("search count", String.valueOf(n));

        for (int from = 0; from < refs.size(); from += 500) {
            List<String> batch = refs.subList(from, Math.min(refs.size(), from + 500));
            for (JsonNode docs : Http.postOk("alice", stack.url(Service.TECHDOCS) + "/api/techdocs/entities/docs", Map.of("entityRefs", batch)).path("items")) {
                view.put("techdocs " + docs.path("entityRef").asText(), timeless(docs).toString());
            }
        }
        scorecards(refs).forEach((ref, cards) -> view.put("scorecards " + ref, cards));
        return view;
    }

    /** ref → its scorecards as text (without times); "" when it has none. */
    private static Map<String, String> scorecards(List<String> refs) {
        Map<String, String> out = new TreeMap<>();
        for (int from = 0; from < refs.size(); from += 500) {
            List<String> batch = refs.subList(from, Math.min(refs.size(), from + 500));
            for (JsonNode item : Http.postOk("alice", stack.url(Service.SCORECARD) + "/api/scorecards/entities/by-refs", Map.of("entityRefs", batch)).path("items")) {
                JsonNode cards = item.path("scorecards");
                out.put(item.path("entityRef").asText(), cards.isEmpty() ? "" : timeless(cards).toString());
            }
        }
        return out;
    }

    /** A copy without the {@link #WHEN} fields, at any depth, its fields sorted (their order means nothing). */
    private static JsonNode timeless(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = Json.mapper().createObjectNode();
            new TreeSet<>(iterable(node.fieldNames())).stream().filter(f -> !WHEN.contains(f))
                    .forEach(f -> copy.set(f, timeless(node.get(f))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(element -> copy.add(timeless(element)));
            return copy;
        }
        return node;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /** What differs between two snapshots, at most 20 entries; empty when they are equal. */
    private static List<String> differences(Map<String, String> before, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(before);
        now.forEach(all::putIfAbsent);
        for (String key : all.keySet()) {
            String was = before.get(key);
            String is = now.get(key);
            if (was == null || !was.equals(is)) {
                out.add(key + ": was " + was + ", is " + is);
                if (out.size() == 20) {
                    break;
                }
            }
        }
        return out;
    }

    private static long count(Map<String, String> snapshot, String prefix) {
        return snapshot.keySet().stream().filter(k -> k.startsWith(prefix) && !k.endsWith(" count")).count();
    }

    private static String docsUrl(String name) {
        return stack.url(Service.TECHDOCS) + "/api/techdocs/static/docs/default/component/" + name + "/";
    }

    private static String ref(String name) {
        return "component:default/" + name;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
