package dev.portal.gateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.PortalStack;
import dev.portal.events.Json;
import dev.portal.gateway.catalog.EntityCache;
import dev.portal.gateway.support.ServiceProcesses;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway benchmark (docs/benchmarks.md "Gateway"), run by benchmarks/run-gateway-benchmark.sh: seeds a synthetic
 * organisation into an isolated, real catalog-service, waits until the gateway's event-fed cache holds it, then sends
 * the entity page query (entity + owner + system + relations with their targets + docs + scorecards + integrations)
 * from 16 concurrent clients and reports latency percentiles and downstream HTTP calls per query. TechDocs and
 * scorecards are the contract stub (those services are not finished). Only runs with -Dgateway.benchmark=true.
 */
@QuarkusTest
@WithTestResource(value = ServiceProcesses.class, scope = TestResourceScope.MATCHING_RESOURCES)
@EnabledIfSystemProperty(named = "gateway.benchmark", matches = "true")
class GatewayBenchmark {

    static final String PAGE = "query($ref: String!) { entity(ref: $ref) { id ref kind name title description tags"
            + " annotations { key value } links { url title } relations { type targetRef target { ref title } }"
            + " docs { hasDocs status nav { title path } brokenLinks { target } }"
            + " scorecards { id level checks { id status remediation } } integrations { id url }"
            + " ... on Component { type lifecycle owner { ref title } system { ref title }"
            + "   dependsOn { ref title } dependents { ref } providesApis { ref title } consumesApis { ref title } }"
            + " ... on System { owner { ref title } domain { ref } components { ref title } apis { ref } resources { ref } } } }";

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    EntityCache cache;

    @Inject
    MeterRegistry metrics;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void entityPage() throws Exception {
        int entities = Integer.getInteger("gateway.benchmark.entities", 100_000);
        int clients = Integer.getInteger("gateway.benchmark.clients", 16);
        int seconds = Integer.getInteger("gateway.benchmark.seconds", 30);
        StringBuilder report = new StringBuilder();
        String admin = token("alice");

        long seedStart = System.nanoTime();
        Organisation org = new Organisation(entities);
        int sent = 0;
        for (List<ObjectNode> batch : org.batches(2000)) {
            post(ServiceProcesses.current.catalogUrl + "/api/catalog/admin/entities", admin, Json.toBytes(batch));
            sent += batch.size();
            if (sent % 20000 == 0) {
                System.out.printf("seeded %d / %d (%.0f s)%n", sent, org.size(), (System.nanoTime() - seedStart) / 1e9);
            }
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        long waitStart = System.nanoTime();
        while (cache.size() < org.size() && System.nanoTime() - waitStart < Duration.ofMinutes(15).toNanos()) {
            Thread.sleep(1000);
            System.out.printf("gateway cache: %d / %d entities%n", cache.size(), org.size());
        }
        double cacheSeconds = (System.nanoTime() - seedStart) / 1e9;

        // downstream calls per page query, for entities with few and with many relations (warm cache)
        String bob = token("bob");
        StringBuilder calls = new StringBuilder();
        for (String ref : List.of(org.componentRef(1), org.componentRef(7), org.systemRef(0), org.groupRef(0))) {
            query(bob, ref); // warm
            long before = downstreamCalls();
            JsonNode response = query(bob, ref);
            long n = downstreamCalls() - before;
            int relations = response.at("/data/entity/relations").size();
            calls.append("| `").append(ref).append("` | ").append(relations).append(" | ").append(n).append(" |\n");
        }

        // the load: each client picks page refs round-robin over components and systems
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            refs.add(i % 10 == 0 ? org.systemRef(i / 10) : org.componentRef(i * 7));
        }
        long[][] latencies = new long[clients][];
        AtomicLong errors = new AtomicLong();
        long callsBefore = downstreamCalls();
        AtomicLong allQueries = new AtomicLong();
        long cpuBefore = processCpuNanos();
        Thread[] threads = new Thread[clients];
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long warmEnd = System.nanoTime() + Duration.ofSeconds(Math.min(5, seconds / 5)).toNanos();
        for (int t = 0; t < clients; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                int i = id * 131;
                while (System.nanoTime() < end) {
                    String ref = refs.get(i++ % refs.size());
                    long start = System.nanoTime();
                    try {
                        JsonNode r = query(bob, ref);
                        if (r.has("errors") || r.at("/data/entity").isNull()) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    long took = System.nanoTime() - start;
                    allQueries.incrementAndGet();
                    if (start > warmEnd && n < mine.length) {
                        mine[n++] = took;
                    }
                }
                latencies[id] = Arrays.copyOf(mine, n);
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        // CPU of this JVM per query, warm-up included: less sensitive to a busy machine than the latencies are
        double cpuPerQuery = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(1, allQueries.get());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long queries = Arrays.stream(latencies).mapToLong(a -> a.length).sum();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double measured = seconds - Math.min(5, seconds / 5);
        double callsPerQuery = (downstreamCalls() - callsBefore) / (double) Math.max(1, queries);

        report.append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(org.size()).append(" entities (").append(org.describe()).append(")\n\n")
                .append("| measure | value |\n|---|---|\n")
                .append("| seed through `POST /api/catalog/admin/entities` | ").append(String.format("%.1f s", seedSeconds)).append(" |\n")
                .append("| seed start → all in the gateway's event-fed cache | ").append(String.format("%.1f s", cacheSeconds)).append(" |\n")
                .append("| clients | ").append(clients).append(" |\n")
                .append("| page queries (after ").append(Math.min(5, seconds / 5)).append(" s warm-up) | ").append(queries)
                .append(String.format(" (%.0f/s)", queries / measured)).append(" |\n")
                .append("| errors | ").append(errors.get()).append(" |\n")
                .append(String.format("| p50 / p95 / p99 / max | %.1f / %.1f / %.1f / %.1f ms |%n", ms(all, 0.50), ms(all, 0.95),
                        ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6))
                .append(String.format("| downstream HTTP calls per page query (under load) | %.2f |%n", callsPerQuery))
                .append(String.format("| CPU of the test JVM per page query (gateway + benchmark clients + stub) | %.1f ms |%n", cpuPerQuery))
                .append(String.format("| test JVM RSS after the load / heap used | %s / %d MB |%n", rss(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20))
                .append(String.format("| machine load average (1 min) at the end | %.1f |%n", load))
                .append("\nDownstream calls of one page query (warm cache):\n\n| entity | relations | downstream calls |\n|---|---|---|\n")
                .append(calls);
        System.out.println(report);
        BenchmarkResults.record("gateway", String.format("entity page query, %d entities, %d clients: p99", org.size(),
                clients), String.format("%.1f ms (%.0f q/s, %d errors)", ms(all, 0.99), queries / measured, errors.get()),
                "p99 ≤ 30 ms", errors.get() == 0 && ms(all, 0.99) <= 30);
        BenchmarkResults.record("gateway", "downstream HTTP calls per page query (under load)",
                String.format("%.2f", callsPerQuery), "constant in the number of relations", null);
        Path out = ServiceProcesses.ROOT.resolve("gateway/target/gateway-benchmark.md");
        Files.writeString(out, report.toString());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.substring(6).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private long downstreamCalls() {
        return (long) metrics.find("portal.gateway.downstream.calls").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private JsonNode query(String token, String ref) throws IOException, InterruptedException {
        byte[] body = Json.toBytes(Map.of("query", PAGE, "variables", Map.of("ref", ref)));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(graphql).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return Json.tree(r.body());
    }

    private void post(String url, String token, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("seeding failed: HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** A fresh token (the tests' cache keeps one per JVM; a long run outlives it). */
    private String token(String user) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=portal-web&scope=openid&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(PortalStack.oidcIssuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return Json.tree(r.body()).get("access_token").asText();
    }

    /**
     * A synthetic organisation: groups (with a parent), users, domains, systems, components (owner, system,
     * dependsOn, providesApis, consumesApis, annotations), APIs and resources — about 60/20/15 %.
     */
    static final class Organisation {
        final int groups;
        final int users;
        final int domains;
        final int systems;
        final int components;
        final int apis;
        final int resources;

        Organisation(int total) {
            groups = Math.max(5, total / 500);
            users = Math.max(10, total / 100);
            domains = Math.max(2, total / 5000);
            systems = Math.max(5, total / 100);
            int rest = Math.max(20, total - groups - users - domains - systems);
            components = rest * 60 / 95;
            apis = rest * 20 / 95;
            resources = rest - components - apis;
        }

        int size() {
            return groups + users + domains + systems + components + apis + resources;
        }

        String describe() {
            return groups + " groups, " + users + " users, " + domains + " domains, " + systems + " systems, " + components
                    + " components, " + apis + " APIs, " + resources + " resources";
        }

        String componentRef(int i) {
            return "component:default/svc-" + (i % components);
        }

        String systemRef(int i) {
            return "system:default/sys-" + (i % systems);
        }

        String groupRef(int i) {
            return "group:default/team-" + (i % groups);
        }

        List<List<ObjectNode>> batches(int size) {
            List<ObjectNode> all = new ArrayList<>(size());
            for (int i = 0; i < groups; i++) {
                ObjectNode spec = entity(all, "Group", "team-" + i, "Team " + i).putObject("spec").put("type", "team");
                if (i > 0) {
                    spec.put("parent", "team-" + (i - 1) / 10);
                }
                spec.putArray("children");
            }
            for (int i = 0; i < users; i++) {
                ObjectNode spec = entity(all, "User", "user-" + i, "User " + i).putObject("spec");
                spec.putObject("profile").put("email", "user-" + i + "@example.com");
                spec.putArray("memberOf").add("team-" + i % groups);
            }
            for (int i = 0; i < domains; i++) {
                entity(all, "Domain", "domain-" + i, "Domain " + i).putObject("spec").put("owner", "team-" + i % groups);
            }
            for (int i = 0; i < systems; i++) {
                entity(all, "System", "sys-" + i, "System " + i).putObject("spec").put("owner", "team-" + i % groups)
                        .put("domain", "domain-" + i % domains);
            }
            for (int i = 0; i < components; i++) {
                ObjectNode e = entity(all, "Component", "svc-" + i, "Service " + i);
                ObjectNode a = (ObjectNode) e.path("metadata").path("annotations");
                a.put("github.com/project-slug", "example/svc-" + i).put("pagerduty.com/service-id", "P" + i)
                        .put("backstage.io/kubernetes-id", "svc-" + i).put("backstage.io/techdocs-ref", "dir:.");
                ObjectNode spec = e.putObject("spec").put("type", "service").put("lifecycle", "production")
                        .put("owner", "team-" + i % groups).put("system", "sys-" + i % systems);
                ArrayNode deps = spec.putArray("dependsOn");
                for (int d = 1; d <= i % 6; d++) {
                    deps.add(d % 2 == 0 ? "resource:db-" + (i + d) % resources : "component:svc-" + (i + d * 31) % components);
                }
                spec.putArray("providesApis").add("api-" + i % apis);
                spec.putArray("consumesApis").add("api-" + (i * 7 + 1) % apis).add("api-" + (i * 13 + 2) % apis);
            }
            for (int i = 0; i < apis; i++) {
                entity(all, "API", "api-" + i, "API " + i).putObject("spec").put("type", "openapi").put("lifecycle", "production")
                        .put("owner", "team-" + i % groups).put("system", "sys-" + i % systems).put("definition", "openapi: 3.0.0");
            }
            for (int i = 0; i < resources; i++) {
                entity(all, "Resource", "db-" + i, "Database " + i).putObject("spec").put("type", "database")
                        .put("owner", "team-" + i % groups).put("system", "sys-" + i % systems);
            }
            List<List<ObjectNode>> batches = new ArrayList<>();
            for (int i = 0; i < all.size(); i += size) {
                batches.add(all.subList(i, Math.min(all.size(), i + size)));
            }
            return batches;
        }

        private static ObjectNode entity(List<ObjectNode> all, String kind, String name, String title) {
            ObjectNode e = Json.mapper().createObjectNode().put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
            ObjectNode metadata = e.putObject("metadata").put("name", name).put("title", title)
                    .put("description", title + " of the synthetic benchmark organisation");
            metadata.putArray("tags").add("benchmark");
            metadata.putObject("annotations");
            all.add(e);
            return e;
        }
    }
}
