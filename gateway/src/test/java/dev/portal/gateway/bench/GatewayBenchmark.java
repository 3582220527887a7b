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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.PortalStack;
import dev.portal.events.Json;
import dev.portal.devstack.Await;
import dev.portal.gateway.support.RealServices;

/**
 * The gateway benchmark (docs/benchmarks.md "Gateway"), run by benchmarks/run-gateway-benchmark.sh: the five services
 * as their own processes ({@link PortalServices}, isolated), a synthetic organisation seeded into the catalog, and —
 * once the gateway's event-fed cache, search and the scorecards hold all of it — the entity page query (entity +
 * owner + system + relations with their targets + docs + scorecards + integrations) from concurrent clients in this
 * JVM. Reports latency percentiles, downstream HTTP calls per query and each service's CPU per query and RSS (the
 * gateway's are its own: it runs in its own process). Only runs with -Dgateway.benchmark=true.
 */
@EnabledIfSystemProperty(named = "gateway.benchmark", matches = "true")
class GatewayBenchmark {

    static final String PAGE = "query($ref: String!) { entity(ref: $ref) { id ref kind name title description tags"
            + " annotations { key value } links { url title } relations { type targetRef target { ref title } }"
            + " docs { hasDocs status nav { title path } brokenLinks { target } }"
            + " scorecards { id level checks { id status remediation } } integrations { id url }"
            + " ... on Component { type lifecycle owner { ref title } system { ref title }"
            + "   dependsOn { ref title } dependents { ref } providesApis { ref title } consumesApis { ref title } }"
            + " ... on System { owner { ref title } domain { ref } components { ref title } apis { ref } resources { ref } } } }";

    /** Every n-th component has real docs (deploy/demo's payments-api-service), so pages show built docs too. */
    static final int DOCS_EVERY = 50;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PortalServices services;
    private URI graphql;

    @Test
    void entityPage() throws Exception {
        int entities = Integer.getInteger("gateway.benchmark.entities", 100_000);
        int clients = Integer.getInteger("gateway.benchmark.clients", 16);
        int seconds = Integer.getInteger("gateway.benchmark.seconds", 30);
        String gatewayHeap = System.getProperty("gateway.benchmark.heap", "192m");
        Path demoDocs = RealServices.rootOf().resolve("deploy/demo/systems/payments/payments-api-service");
        PortalServices.Builder builder = PortalServices.builder()
                .logDir(Path.of("target", "gateway-benchmark-logs"))
                .fileRoots(demoDocs.getParent())
                .set(Service.GATEWAY, "portal.gateway.cache-max-entities", String.valueOf(entities * 2));
        for (Service s : Service.values()) {
            builder.jvmOptions(s, "-XX:TieredStopAtLevel=4"); // full JIT, as ./portal up runs the services
        }
        // The gateway, whose RSS and latency this measures, as ./portal up runs it (deploy/service-jvm.options), its
        // heap's maximum as asked; the others keep the harness's options.
        builder.asTheStackRunsIt(Service.GATEWAY).jvmOptions(Service.GATEWAY, "-Xmx" + gatewayHeap);
        long startAt = System.nanoTime();
        try (PortalServices started = builder.start()) {
            services = started;
            graphql = URI.create(services.url(Service.GATEWAY) + "/graphql");
            System.out.printf("services ready in %.0f s; gateway pid %d%n", (System.nanoTime() - startAt) / 1e9,
                    services.pid(Service.GATEWAY));
            run(entities, clients, seconds, gatewayHeap, demoDocs);
        }
    }

    private void run(int entities, int clients, int seconds, String gatewayHeap, Path demoDocs) throws Exception {
        String admin = token("alice");
        long seedStart = System.nanoTime();
        Organisation org = new Organisation(entities, demoDocs.resolve("catalog-info.yaml"));
        int sent = 0;
        for (List<ObjectNode> batch : org.batches(2000)) {
            post(services.url(Service.CATALOG) + "/api/catalog/admin/entities", admin, Json.toBytes(batch));
            sent += batch.size();
            if (sent % 20000 == 0) {
                System.out.printf("seeded %d / %d (%.0f s)%n", sent, org.size(), (System.nanoTime() - seedStart) / 1e9);
            }
        }
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        // Wait until every read model holds the organisation, so their catch-up does not run during the load.
        Duration settle = Duration.ofMinutes(30);
        Await.until("the gateway's cache to hold " + org.size() + " entities", settle,
                () -> metric(Service.GATEWAY, "portal_gateway_cache_entities"), n -> n >= org.size());
        double cacheSeconds = (System.nanoTime() - seedStart) / 1e9;
        Await.until("production-readiness to score " + (org.components + org.apis) + " components and APIs", settle,
                () -> json(admin, services.url(Service.SCORECARD) + "/api/scorecards/production-readiness/summary")
                        .path("entities").asInt(), n -> n == org.components + org.apis);
        Await.until("search to index " + org.size() + " entities", settle,
                () -> json(admin, services.url(Service.SEARCH) + "/api/search/query?types=software-catalog&pageLimit=1")
                        .path("numberOfResults").asInt(), n -> n >= org.size());
        Await.until("TechDocs to build the docs of " + org.componentRef(0), settle,
                () -> json(admin, services.url(Service.TECHDOCS) + "/api/techdocs/entity/default/component/svc-0/docs")
                        .path("status").asText(), "built"::equals);
        // ... and until the services are idle: scorecards, search and TechDocs follow up on their own events for a while
        Await.until("the services to be idle (below 0.3 of a core together over 10 s)", settle, this::busyCores,
                busy -> busy < 0.3);
        double settledSeconds = (System.nanoTime() - seedStart) / 1e9;

        // downstream calls per page query, for entities with few and with many relations (warm cache)
        String bob = token("bob");
        StringBuilder calls = new StringBuilder();
        for (String ref : List.of(org.componentRef(0), org.componentRef(7), org.systemRef(0), org.groupRef(0))) {
            query(bob, ref); // warm
            double before = downstreamCalls();
            JsonNode response = query(bob, ref);
            double n = downstreamCalls() - before;
            int relations = response.at("/data/entity/relations").size();
            calls.append(String.format("| `%s` | %d | %s | %.0f |%n", ref, relations,
                    response.at("/data/entity/docs/status").asText(), n));
        }

        // the load: each client picks page refs round-robin over components and systems
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            refs.add(i % 10 == 0 ? org.systemRef(i / 10) : org.componentRef(i * 7));
        }
        // a warm-up phase (the JIT compiles the hot paths of every service), then the measured phase
        int warmSeconds = Math.max(20, seconds);
        load(bob, refs, clients, warmSeconds);
        double callsBefore = downstreamCalls();
        Map<Service, Duration> cpuBefore = cpu();
        startProfile(seconds);
        Load measured = load(bob, refs, clients, seconds);
        Map<Service, Duration> cpuAfter = cpu();
        long queries = measured.latencies().length;
        long total = Math.max(1, queries);
        long[] all = measured.latencies();
        long errors = measured.errors();
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double callsPerQuery = (downstreamCalls() - callsBefore) / total;

        StringBuilder report = new StringBuilder();
        report.append("Run ").append(Instant.now()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(org.size()).append(" entities (").append(org.describe()).append(")\n\n")
                .append("| measure | value |\n|---|---|\n")
                .append(String.format("| seed through `POST /api/catalog/admin/entities` | %.1f s |%n", seedSeconds))
                .append(String.format("| seed start → all in the gateway's event-fed cache | %.1f s |%n", cacheSeconds))
                .append(String.format("| seed start → scored, indexed, sample docs built | %.1f s |%n", settledSeconds))
                .append("| clients | ").append(clients).append(" |\n")
                .append("| page queries in ").append(seconds).append(" s (after ").append(warmSeconds).append(" s of warm-up) | ")
                .append(queries).append(String.format(" (%.0f/s)", queries / (double) seconds)).append(" |\n")
                .append("| errors | ").append(errors).append(" |\n")
                .append(String.format("| p50 / p95 / p99 / max | %.1f / %.1f / %.1f / %.1f ms |%n", ms(all, 0.50), ms(all, 0.95),
                        ms(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6))
                .append(String.format("| downstream HTTP calls per page query (under load) | %.2f |%n", callsPerQuery))
                .append(String.format("| machine load average (1 min) at the end | %.1f |%n", loadAverage))
                .append("\nEach service's own process during the measured load (CPU per page query; RSS after):\n\n")
                .append("| service | CPU per page query | RSS / peak RSS |\n|---|---|---|\n");
        for (Service s : Service.values()) {
            double cpuMs = (cpuAfter.get(s).toNanos() - cpuBefore.get(s).toNanos()) / 1e6 / total;
            report.append(String.format("| %s%s | %.2f ms | %s |%n", s.module(), s == Service.GATEWAY ? " (-Xmx" + gatewayHeap + ")" : "",
                    cpuMs, rss(services.pid(s))));
        }
        report.append("\nDownstream calls of one page query (warm cache):\n\n| entity | relations | docs | downstream calls |\n|---|---|---|---|\n")
                .append(calls);
        System.out.println(report);
        double gatewayCpu = (cpuAfter.get(Service.GATEWAY).toNanos() - cpuBefore.get(Service.GATEWAY).toNanos()) / 1e6 / total;
        BenchmarkResults.record("gateway", String.format("entity page query, %d entities, %d clients: p99", org.size(),
                clients), String.format("%.1f ms (%.0f q/s, %d errors)", ms(all, 0.99), queries / (double) seconds, errors),
                "p99 ≤ 30 ms", errors == 0 && ms(all, 0.99) <= 30);
        BenchmarkResults.record("gateway", "downstream HTTP calls per page query (under load)",
                String.format("%.2f", callsPerQuery), "constant in the number of relations", null);
        BenchmarkResults.record("gateway", "gateway CPU per page query / RSS",
                String.format("%.1f ms / %s", gatewayCpu, rss(services.pid(Service.GATEWAY))), "RSS ≤ 350 MB", null);
        Files.writeString(RealServices.rootOf().resolve("gateway/target/gateway-benchmark.md"), report.toString());
    }

    /** One load phase: every query's latency (sorted) and how many failed. */
    record Load(long[] latencies, long errors) {
    }

    /** {@code clients} threads sending page queries for {@code seconds}; their sorted latencies. */
    private Load load(String token, List<String> refs, int clients, int seconds) throws InterruptedException {
        long[][] latencies = new long[clients][];
        AtomicLong errors = new AtomicLong();
        Thread[] threads = new Thread[clients];
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        for (int t = 0; t < clients; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                int i = id * 131;
                while (System.nanoTime() < end && n < mine.length) {
                    String ref = refs.get(i++ % refs.size());
                    long start = System.nanoTime();
                    try {
                        JsonNode r = query(token, ref);
                        if (r.has("errors") || r.at("/data/entity").isNull()) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    mine[n++] = System.nanoTime() - start;
                }
                latencies[id] = Arrays.copyOf(mine, n);
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Load(all, errors.get());
    }

    /** The cores the five services used together over the next 10 s. */
    private double busyCores() {
        Map<Service, Duration> before = cpu();
        long start = System.nanoTime();
        try {
            Thread.sleep(10_000); // the measuring window
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Service, Duration> after = cpu();
        long used = 0;
        for (Service s : Service.values()) {
            used += after.get(s).toNanos() - before.get(s).toNanos();
        }
        return used / (double) (System.nanoTime() - start);
    }

    /** With -Dgateway.benchmark.jfr=<file>: a JFR recording of the gateway process over the load. */
    private void startProfile(int seconds) throws IOException, InterruptedException {
        String file = System.getProperty("gateway.benchmark.jfr");
        if (file == null || file.isBlank()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(services.pid(Service.GATEWAY)), "JFR.start",
                "duration=" + seconds + "s", "filename=" + file).inheritIO().start();
        p.waitFor();
    }

    private Map<Service, Duration> cpu() {
        Map<Service, Duration> cpu = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            cpu.put(s, ProcessHandle.of(services.pid(s)).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO));
        }
        return cpu;
    }

    private static String rss(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
            return field(status, "VmRSS:") + " / " + field(status, "VmHWM:");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(l -> l.startsWith(name)).map(l -> l.substring(name.length()).trim()).findFirst().orElse("?");
    }

    private double downstreamCalls() {
        return metric(Service.GATEWAY, "portal_gateway_downstream_calls_total");
    }

    /** The sum of a Prometheus metric's series on a service's /q/metrics. */
    private double metric(Service service, String name) {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(services.url(service) + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode query(String token, String ref) throws IOException, InterruptedException {
        byte[] body = Json.toBytes(Map.of("query", PAGE, "variables", Map.of("ref", ref)));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(graphql).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return Json.tree(r.body());
    }

    private JsonNode json(String token, String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            return Json.tree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
     * dependsOn, providesApis, consumesApis, annotations; every {@link #DOCS_EVERY}-th with docs), APIs and
     * resources — about 60/20/15 %.
     */
    static final class Organisation {
        final int groups;
        final int users;
        final int domains;
        final int systems;
        final int components;
        final int apis;
        final int resources;
        /** A catalog file beside the docs the components with docs point at ({@code dir:.} resolves against it). */
        final Path docsLocation;

        Organisation(int total, Path docsLocation) {
            this.docsLocation = docsLocation;
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
                    + " components (every " + DOCS_EVERY + "th with docs), " + apis + " APIs, " + resources + " resources";
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
                        .put("backstage.io/kubernetes-id", "svc-" + i);
                if (i % DOCS_EVERY == 0) {
                    a.put("backstage.io/techdocs-ref", "dir:.").put("backstage.io/managed-by-location", "file:" + docsLocation);
                }
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
