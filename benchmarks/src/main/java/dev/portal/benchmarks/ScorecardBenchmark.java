package dev.portal.benchmarks;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalStack;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.TopicProvisioner;

/**
 * The scorecard benchmark (docs/benchmarks.md, "Scorecards"). It starts its OWN scorecard-service (the built
 * {@code scorecard-service/target/quarkus-app/quarkus-run.jar}) on a spare port, with its own PostgreSQL schema and
 * Kafka topic prefix, so the shared stack's data and topics are left alone. Then:
 * <ol>
 *   <li>seeds N scored entities (Components and APIs, with owner groups, systems, docs; default 100,000) straight
 *   into the service's read model, and times a full re-evaluation against the starter scorecard (≈ 10 checks),
 *   as the admin API runs it: once when every result is new (all written), once when nothing changed;</li>
 *   <li>publishes entity changes at a fixed rate (default 200/s) to the service's {@code portal.entity.changes} —
 *   each one flips a check, so each changes the entity's level — and measures, per change, the time from sending the
 *   change to receiving the resulting {@code dev.portal.scorecard.evaluated.v1} on {@code portal.scorecard.changes}
 *   (so it includes the outbox relay).</li>
 * </ol>
 * Usage: {@code java -cp portal-benchmarks.jar dev.portal.benchmarks.ScorecardBenchmark [--entities N] [--rate R]
 * [--duration S] [--warm-up S] [--service-jvm "..."] [--keep] [--out file]}
 */
public final class ScorecardBenchmark {

    private static final String SCHEMA = "scorecard_bench";
    private static final int PORT = 18084;
    private static int groups = 2_000;

    private int entities = 100_000;
    private int rate = 200;
    private int durationSeconds = 60;
    private int warmUpSeconds = 10;
    /** As ./portal up runs the service (deploy/service-jvm.options), unless --service-jvm says otherwise. */
    private String serviceJvm = String.join(" ", PortalServices.stackJvmOptions());
    private boolean keep;
    private Path out = Path.of("benchmarks/target/scorecard-benchmark.md");
    private final String prefix = "scbench" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + ".";
    private final HttpClient http = HttpClient.newHttpClient();
    private final StringBuilder report = new StringBuilder();
    private Process service;

    public static void main(String[] args) throws Exception {
        ScorecardBenchmark benchmark = new ScorecardBenchmark();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entities" -> benchmark.entities = Integer.parseInt(args[++i]);
                case "--rate" -> benchmark.rate = Integer.parseInt(args[++i]);
                case "--duration" -> benchmark.durationSeconds = Integer.parseInt(args[++i]);
                case "--warm-up" -> benchmark.warmUpSeconds = Integer.parseInt(args[++i]);
                case "--service-jvm" -> benchmark.serviceJvm = args[++i];
                case "--keep" -> benchmark.keep = true;
                case "--out" -> benchmark.out = Path.of(args[++i]);
                default -> {
                    System.out.println("usage: ScorecardBenchmark [--entities N] [--rate R] [--duration S] [--warm-up S]"
                            + " [--service-jvm \"opts\"] [--keep] [--out file]");
                    System.exit(args[i].equals("--help") || args[i].equals("-h") ? 0 : 2);
                }
            }
        }
        groups = Math.max(1, benchmark.entities / 50);
        try {
            benchmark.run();
        } finally {
            benchmark.stopService();
        }
    }

    private void run() throws Exception {
        line("# Scorecard benchmark");
        line("");
        line("- when: " + Instant.now() + "; machine: " + Runtime.getRuntime().availableProcessors() + " cores, load "
                + Machine.loadAverage());
        line("- scored entities: " + entities + " (Components and APIs) + " + (entities / 50) + " groups; starter scorecard "
                + "\"Production readiness\" (9 checks, 3 levels); service JVM: " + serviceJvm);
        prepareSchemaAndTopics();
        startService();
        seed();
        String token = KeycloakTokens.accessToken("alice");
        Map<String, Object> first = fullEvaluation(token, "all results new");
        Map<String, Object> second = fullEvaluation(token, "nothing changed");
        line("");
        line("## Full evaluation (POST /api/scorecards/admin/evaluation)");
        line("");
        line("| run | entities | results changed | wall (service-measured) | CPU scorecard-service | CPU PostgreSQL | machine |");
        line("|---|---|---|---|---|---|---|");
        for (Map<String, Object> run : List.of(first, second)) {
            line("| " + run.get("label") + " | " + run.get("done") + " | " + run.get("changed") + " | "
                    + String.format("%.1f s", (double) run.get("seconds")) + " | "
                    + String.format("%.1f s", (double) run.get("serviceCpu")) + " | "
                    + String.format("%.1f s", (double) run.get("postgresCpu")) + " | " + run.get("cores") + " |");
            BenchmarkResults.record("scorecards", String.format("full evaluation of %s entities, %s", run.get("done"),
                    run.get("label")), String.format("%.1f s", (double) run.get("seconds")), "≤ 30 s",
                    (double) run.get("seconds") <= 30);
        }
        latency();
        line("");
        double peakRss = Machine.memoryMiB(service.pid(), "VmHWM");
        line("- service peak RSS (VmHWM): " + String.format("%.0f MiB", peakRss));
        BenchmarkResults.record("scorecards", "scorecard-service peak RSS (VmHWM)", String.format("%.0f MiB", peakRss),
                "≤ 350 MB", peakRss * 1.048576 <= 350);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println("\nreport written to " + out);
    }

    private void prepareSchemaAndTopics() throws Exception {
        try (Connection c = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = c.createStatement()) {
            sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            sql.execute("CREATE SCHEMA " + SCHEMA + " AUTHORIZATION scorecard");
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(config)) {
            new TopicProvisioner(admin).createMissing(TopicProvisioner.topics(prefix, 3, (short) 1));
        }
        System.out.println("schema " + SCHEMA + " and topics " + prefix + "* ready");
    }

    private static String bootstrap() {
        return System.getenv().getOrDefault("PORTAL_KAFKA_BOOTSTRAP",
                "127.0.0.1:" + System.getenv().getOrDefault("PORTAL_KAFKA_PORT", "59092"));
    }

    private void startService() throws Exception {
        Path jar = Path.of("scorecard-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build scorecard-service first: ./mvnw -pl scorecard-service package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(List.of(serviceJvm.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as ./portal up
        builder.environment().put("PORTAL_SCORECARD_PORT", Integer.toString(PORT));
        builder.environment().put("PORTAL_TOPIC_PREFIX", prefix);
        builder.environment().put("QUARKUS_FLYWAY_SCHEMAS", SCHEMA);
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", PortalStack.jdbcUrl("portal") + "?currentSchema=" + SCHEMA);
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.redirectErrorStream(true);
        builder.redirectOutput(Path.of("benchmarks/target/scorecard-benchmark-service.log").toFile());
        service = builder.start();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    System.out.println("scorecard-service ready (pid " + service.pid() + ", port " + PORT + ")");
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!service.isAlive()) {
                throw new IllegalStateException("scorecard-service exited; see benchmarks/target/scorecard-benchmark-service.log");
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("scorecard-service not ready after 120 s");
    }

    private void stopService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
        if (!keep) {
            try (Connection c = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
                 Statement sql = c.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } catch (Exception e) {
                System.out.println("could not drop schema " + SCHEMA + ": " + e.getMessage());
            }
            try {
                Properties config = new Properties();
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
                try (Admin admin = Admin.create(config)) {
                    List<String> mine = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
                    admin.deleteTopics(mine).all().get();
                }
            } catch (Exception e) {
                System.out.println("could not delete topics " + prefix + "*: " + e.getMessage());
            }
        }
    }

    static String component(int i) {
        return (i % 10 == 9 ? "api:bench/api-" : "component:bench/svc-") + i;
    }

    /** A stitched entity: Components and APIs with a realistic spread of missing fields (so levels spread). */
    private static ObjectNode entity(int i, long generation, SplittableRandom random, boolean flip) {
        boolean api = i % 10 == 9;
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("apiVersion", "backstage.io/v1alpha1");
        e.put("kind", api ? "API" : "Component");
        ObjectNode metadata = e.putObject("metadata");
        metadata.put("name", (api ? "api-" : "svc-") + i);
        metadata.put("namespace", "bench");
        metadata.put("uid", "uid-" + i);
        metadata.put("etag", "e" + generation);
        metadata.put("generation", generation);
        boolean described = random.nextInt(100) < 85;
        if (described ^ flip) {
            metadata.put("description", "Entity " + i + " does useful things for the business.");
        }
        ObjectNode annotations = metadata.putObject("annotations");
        if (random.nextInt(100) < 80) {
            annotations.put("backstage.io/source-location", "url:https://github.com/example/repo-" + i + "/tree/main/");
        }
        if (random.nextInt(100) < 70) {
            annotations.put("pagerduty.com/service-id", "P" + i);
        }
        metadata.putArray("tags").add("java").add("team-" + (i % 50));
        ObjectNode spec = e.putObject("spec");
        String group = "group:bench/team-" + (i % groups);
        spec.put("type", api ? "openapi" : "service");
        if (random.nextInt(100) < 95) {
            spec.put("lifecycle", "production");
        }
        spec.put("owner", group);
        ArrayNode relations = e.putArray("relations");
        relations.addObject().put("type", "ownedBy").put("targetRef", group);
        if (random.nextInt(100) < 75) {
            String system = "system:bench/system-" + (i % 500);
            spec.put("system", "system-" + (i % 500));
            relations.addObject().put("type", "partOf").put("targetRef", system);
        }
        if (api) {
            spec.put("definition", random.nextInt(100) < 90
                    ? "openapi: 3.0.0\ninfo:\n  title: API " + i + "\n  version: 1.0.0\npaths: {}\n"
                    : "openapi: [this does not parse");
        }
        return e;
    }

    private void seed() throws Exception {
        Instant start = Instant.now();
        try (Connection c = DriverManager.getConnection(PortalStack.jdbcUrl("portal") + "?currentSchema=" + SCHEMA,
                "postgres", "")) {
            StringBuilder rows = new StringBuilder();
            StringBuilder docs = new StringBuilder();
            for (int g = 0; g < groups; g++) {
                ObjectNode group = Json.mapper().createObjectNode();
                group.put("apiVersion", "backstage.io/v1alpha1");
                group.put("kind", "Group");
                group.putObject("metadata").put("name", "team-" + g).put("namespace", "bench").put("generation", 1);
                group.putObject("spec").put("type", "team");
                ArrayNode relations = group.putArray("relations");
                for (int m = 0; m < 1 + g % 4; m++) { // a quarter of the teams have one member only
                    relations.addObject().put("type", "hasMember").put("targetRef", "user:bench/u" + g + "-" + m);
                }
                row(rows, "group:bench/team-" + g, "group", 1, null, group.toString());
            }
            for (int i = 0; i < entities; i++) {
                ObjectNode e = entity(i, 1, new SplittableRandom(i), false);
                String ref = component(i);
                row(rows, ref, e.get("kind").asText().toLowerCase(), 1, "group:bench/team-" + (i % groups), e.toString());
                if (i % 10 != 9 && i % 3 != 0) {
                    docs.append(ref).append('\t').append(i % 7 == 0 ? "failed" : "built").append('\t')
                            .append(1 + i % 12).append("\t0\t2026-01-01 00:00:00+00\n");
                }
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY entity (ref, kind, generation, owner_ref, body) FROM STDIN", new StringReader(rows.toString()));
            copy.copyIn("COPY docs (ref, status, page_count, broken_links, last_build_at) FROM STDIN", new StringReader(docs.toString()));
            try (Statement sql = c.createStatement()) {
                sql.execute("ANALYZE entity");
                sql.execute("ANALYZE docs");
            }
        }
        System.out.printf("seeded %d entities + %d groups in %d ms%n", entities, groups,
                Duration.between(start, Instant.now()).toMillis());
    }

    private static void row(StringBuilder rows, String ref, String kind, long generation, String owner, String json) {
        rows.append(ref).append('\t').append(kind).append('\t').append(generation).append('\t')
                .append(owner == null ? "\\N" : owner).append('\t')
                .append(json.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")).append('\n');
    }

    private Map<String, Object> fullEvaluation(String token, String label) throws Exception {
        Instant start = Instant.now();
        Machine.Cpu cpuBefore = Machine.Cpu.now(service.pid());
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/api/scorecards/admin/evaluation"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /admin/evaluation: " + started.statusCode() + " " + started.body());
        }
        while (true) {
            Thread.sleep(250);
            HttpResponse<String> progress = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + PORT + "/api/scorecards/admin/evaluation"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            var json = Json.tree(progress.body().getBytes(StandardCharsets.UTF_8));
            String state = json.path("state").asText();
            if (state.equals("done") || state.equals("failed")) {
                if (state.equals("failed")) {
                    throw new IllegalStateException("re-evaluation failed: " + progress.body());
                }
                double seconds = Duration.between(Instant.parse(json.get("startedAt").asText()),
                        Instant.parse(json.get("finishedAt").asText())).toMillis() / 1000.0;
                Machine.Cpu cpuAfter = Machine.Cpu.now(service.pid());
                double serviceCpu = cpuAfter.catalog() - cpuBefore.catalog();
                double postgresCpu = cpuAfter.postgres() - cpuBefore.postgres();
                String cores = cpuAfter.since(cpuBefore).replace("catalog", "scorecard-service");
                System.out.printf("full evaluation (%s): %d entities, %d changed, %.1f s (wall %.1f s); CPU: service %.1f s,"
                                + " postgres %.1f s; %s%n", label, json.get("done").asLong(), json.get("changed").asLong(),
                        seconds, Duration.between(start, Instant.now()).toMillis() / 1000.0, serviceCpu, postgresCpu, cores);
                return Map.of("label", label, "done", json.get("done").asLong(), "changed", json.get("changed").asLong(),
                        "seconds", seconds, "serviceCpu", serviceCpu, "postgresCpu", postgresCpu, "cores", cores);
            }
        }
    }

    private void latency() throws Exception {
        String changes = prefix + "portal.entity.changes";
        String scorecards = prefix + "portal.scorecard.changes";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean done = new AtomicBoolean(false);
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "bench-reader");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        long[] received = {0};
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(scorecards));
                while (!done.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        Long sent = sentAt.remove(record.key());
                        if (sent != null) {
                            received[0]++;
                            if (measuring.get()) {
                                latencies.add(now - sent);
                            }
                        }
                    }
                }
            }
        }, "bench-reader");
        reader.start();
        Thread.sleep(3_000); // let the reader join its group before the first change
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer())) {
            long total = (long) rate * (warmUpSeconds + durationSeconds);
            long startNanos = System.nanoTime();
            long intervalNanos = 1_000_000_000L / rate;
            for (long n = 0; n < total; n++) {
                long due = startNanos + n * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (n == (long) rate * warmUpSeconds) {
                    measuring.set(true);
                }
                long components = entities / 10 * 9; // indexes ending in 0..8 are Components
                long k = n % components;
                int i = (int) (k / 9 * 10 + k % 9); // distinct refs until every component had a change
                String ref = component(i);
                long generation = 2 + n / components;
                // flipping the description flips has-description (a Bronze check): the level changes every time
                ObjectNode e = entity(i, generation, new SplittableRandom(i), generation % 2 == 0);
                sentAt.put(ref, System.nanoTime());
                producer.send(KafkaCloudEvents.record(changes, ref,
                        CloudEventEnvelope.create(URI.create("/benchmark"), EventType.ENTITY_CHANGED, ref),
                        e.toString().getBytes(StandardCharsets.UTF_8)));
                sent++;
            }
            producer.flush();
        }
        Instant drainDeadline = Instant.now().plusSeconds(30);
        while (!sentAt.isEmpty() && Instant.now().isBefore(drainDeadline)) {
            Thread.sleep(100);
        }
        done.set(true);
        reader.join();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        line("");
        line("## Event to updated result (" + rate + " entity changes/s for " + durationSeconds + " s after a "
                + warmUpSeconds + " s warm-up)");
        line("");
        line("Latency = from sending the change on portal.entity.changes to receiving its dev.portal.scorecard.evaluated.v1"
                + " on portal.scorecard.changes (consumer → read model → evaluation → result + outbox commit → relay → Kafka).");
        line("");
        line("| changes sent | events received | measured | p50 | p95 | p99 | max | unanswered |");
        line("|---|---|---|---|---|---|---|---|");
        line("| " + sent + " | " + received[0] + " | " + sorted.length + " | " + ms(sorted, 50) + " | " + ms(sorted, 95)
                + " | " + ms(sorted, 99) + " | " + (sorted.length == 0 ? "-" : String.format("%.0f ms", sorted[sorted.length - 1] / 1e6))
                + " | " + sentAt.size() + " |");
        double p95 = sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(0.95 * sorted.length) - 1)] / 1e6;
        BenchmarkResults.record("scorecards", String.format("event → result at %d changes/s: p95 (unanswered %d)",
                rate, sentAt.size()), ms(sorted, 95), "p95 ≤ 200 ms", sentAt.isEmpty() && p95 <= 200);
    }

    private static String ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return "-";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return String.format("%.0f ms", sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6);
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }
}
