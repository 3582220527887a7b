package dev.portal.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

import dev.portal.events.Topics;

/**
 * The five services as real processes — their built {@code <module>/target/quarkus-app/quarkus-run.jar}s on free loopback
 * ports — for end-to-end and fault tests. Isolated from the running stack and from other tests exactly as
 * {@link PortalStackResource} isolates a test class: catalog, TechDocs and scorecards each get their own PostgreSQL
 * schema (owned by their own role), all five share one Kafka topic prefix (so their consumer groups are prefixed too)
 * and search gets its own OpenSearch index prefix; all of it is removed by {@link #close()}.
 *
 * <pre>
 * try (PortalServices services = PortalServices.builder()
 *         .fileRoots(docsDir)
 *         .set(Service.TECHDOCS, "portal.techdocs.refresh-interval", "PT2S")
 *         .start()) {
 *     services.url(Service.GATEWAY);       // http://127.0.0.1:&lt;port&gt;
 *     services.kill(Service.SEARCH);       // SIGKILL
 *     services.restart(Service.SEARCH);    // same port and configuration; waits until ready
 *     services.restartFresh(Service.SEARCH); // new consumer group, empty read model: rebuilds from the topics
 * }
 * </pre>
 *
 * Each service's output goes to {@code <log dir>/<service>.log} (a new file per run, appended across restarts, each
 * start headed by a line naming its port, topic prefix and schema). Needs the service jars: {@code ./mvnw -o -pl catalog-service,search-service,techdocs-service,scorecard-service,gateway package -DskipTests}.
 */
public final class PortalServices implements AutoCloseable {

    /**
     * A service: its module folder (where its jar is built) and its short name (log file, messages), and the Kafka
     * consumer groups it commits offsets under, without the topic prefix (each service's {@code GROUP} constants;
     * {@link #restartFresh} fails if one of them does not exist, so a renamed group is noticed), with the topics each
     * one reads.
     */
    public enum Service {
        CATALOG("catalog-service", Map.of("catalog-service-ingest", List.of(Topics.ENTITY_INGEST))),
        SEARCH("search-service", Map.of("search-service-indexer",
                List.of(Topics.ENTITY_CHANGES, Topics.TECHDOCS_CHANGES, Topics.SCORECARD_CHANGES))),
        TECHDOCS("techdocs-service", Map.of("techdocs-service-entities", List.of(Topics.ENTITY_CHANGES))),
        SCORECARD("scorecard-service", Map.of("scorecard-service-entities", List.of(Topics.ENTITY_CHANGES),
                "scorecard-service-docs", List.of(Topics.TECHDOCS_CHANGES), "scorecard-service-facts", List.of(Topics.FACTS))),
        // The gateway's entity cache reads portal.entity.changes from offset 0 at every start, without a group.
        GATEWAY("gateway", Map.of());

        final String module;
        final Map<String, List<String>> topicsByConsumerGroup;

        Service(String module, Map<String, List<String>> topicsByConsumerGroup) {
            this.module = module;
            this.topicsByConsumerGroup = topicsByConsumerGroup;
        }

        public String module() {
            return module;
        }

        /** Its consumer groups without the topic prefix (empty for the gateway). */
        public List<String> consumerGroups() {
            return List.copyOf(topicsByConsumerGroup.keySet());
        }

        Path jar(Path root) {
            return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    /** Exit code of a process killed by SIGKILL (128 + 9). */
    public static final int SIGKILL_EXIT = 137;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    // Small JVMs that hand freed native memory back with two malloc arenas (see launch), as ./portal up runs them;
    // unlike it (G1, a 96 MB floor, full JIT), the serial collector, a 32 MB floor and C1 only, since five JVMs start
    // at once on two cores.
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError");

    private final Path root;
    private final Path logDir;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Map<String, String>> config = new EnumMap<>(Service.class);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> starts = new EnumMap<>(Service.class);
    private final Map<Service, String> schemas = new EnumMap<>(Service.class);
    private final Map<Service, List<String>> jvmOptions = new EnumMap<>(Service.class);
    private final Set<Service> asTheStackRunsIt = EnumSet.noneOf(Service.class);
    private final List<PortalStackResource> isolation = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private String topicPrefix;
    private String indexPrefix;
    /** The index prefix of the isolation (removed with everything below it), which {@link #restartFresh} extends. */
    private String baseIndexPrefix;

    /** Kills the services if the test JVM ends without {@link #close()} (e.g. the build is interrupted). */
    private final Thread killOnExit = new Thread(() -> processes.values().forEach(Process::destroyForcibly));

    private PortalServices(Path root, Path logDir) {
        this.root = root;
        this.logDir = logDir;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What to start and how; every setting has a default that suits a test. */
    public static final class Builder {
        private final Path root = repositoryRoot();
        private Path logDir = Path.of("target", "portal-services").toAbsolutePath();
        private final List<String> staticLocations = new ArrayList<>();
        private final List<Path> fileRoots = new ArrayList<>();
        private final Map<Service, Map<String, String>> overrides = new EnumMap<>(Service.class);
        private final EnumSet<Service> started = EnumSet.allOf(Service.class);
        private final Map<Service, List<String>> jvmOptions = new EnumMap<>(Service.class);
        private final Set<Service> asTheStackRunsIt = EnumSet.noneOf(Service.class);

        /** Where the logs go (default {@code target/portal-services} of the working directory). */
        public Builder logDir(Path dir) {
            this.logDir = dir.toAbsolutePath();
            return this;
        }

        /** Catalog locations read at start-up, e.g. {@code file:/…/catalog-info.yaml} (default: none, an empty catalog). */
        public Builder staticLocations(String... locations) {
            staticLocations.addAll(List.of(locations));
            return this;
        }

        /** Folders the catalog may read {@code file} locations and TechDocs {@code file:} docs from (default: none). */
        public Builder fileRoots(Path... roots) {
            for (Path r : roots) {
                fileRoots.add(r.toAbsolutePath());
            }
            return this;
        }

        /** Any other configuration of one service (a system property of its JVM); wins over the defaults here. */
        public Builder set(Service service, String key, String value) {
            overrides.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /**
         * JVM options of one service, after the defaults (so a later {@code -Xmx} or {@code -XX:} flag wins), e.g. a
         * benchmark's bigger heap and full JIT.
         */
        public Builder jvmOptions(Service service, String... options) {
            jvmOptions.computeIfAbsent(service, s -> new ArrayList<>()).addAll(List.of(options));
            return this;
        }

        /**
         * Runs these services with the JVM options of {@code ./portal up} ({@link #stackJvmOptions}) instead of the
         * harness's: a benchmark that reports a service's memory or latency measures it as the stack runs it.
         * {@link #jvmOptions} still come after them.
         */
        public Builder asTheStackRunsIt(Service... services) {
            asTheStackRunsIt.addAll(List.of(services));
            return this;
        }

        /**
         * Starts only these services (default: all five), e.g. without the gateway when a test runs its own. The
         * others still get a port and configuration, so {@link #restart} can start one later.
         */
        public Builder only(Service... services) {
            started.clear();
            started.addAll(List.of(services));
            return this;
        }

        /**
         * Isolates, launches all five (or those of {@link #only}) at once and waits until each is ready; on failure
         * stops what it started.
         */
        public PortalServices start() {
            for (Service s : started) {
                if (!Files.exists(s.jar(root))) {
                    throw new IllegalStateException(s.jar(root) + " is missing: build the services first with "
                            + "./mvnw -B -ntp -o package -DskipTests -pl catalog-service,search-service,"
                            + "techdocs-service,scorecard-service,gateway");
                }
            }
            PortalServices services = new PortalServices(root, logDir);
            try {
                services.isolate();
                services.configure(this);
                for (Service s : started) {
                    services.launch(s);
                }
                for (Service s : started) {
                    services.awaitReady(s);
                }
                return services;
            } catch (RuntimeException e) {
                services.close();
                throw e;
            }
        }
    }

    /** {@code http://127.0.0.1:<port>} of a service (the same across restarts). */
    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    /** The Kafka topic prefix all five use, e.g. {@code t1a2b3c4d5e6f.}. */
    public String topicPrefix() {
        return topicPrefix;
    }

    /** A design.md topic name (e.g. {@code Topics.ENTITY_INGEST}) as these services know it: with the prefix. */
    public String topic(String topic) {
        return topicPrefix + topic;
    }

    /** Search's OpenSearch index prefix, e.g. {@code t1a2b3c4d5e6f-}. */
    public String indexPrefix() {
        return indexPrefix;
    }

    /** The PostgreSQL schema of catalog, TechDocs or scorecards (null for the others). */
    public String schema(Service service) {
        return schemas.get(service);
    }

    /** The service's log file. */
    public Path log(Service service) {
        return logDir.resolve(service.module + ".log");
    }

    /** The operating system's process id of the running service. */
    public long pid(Service service) {
        return processes.get(service).pid();
    }

    public boolean isAlive(Service service) {
        Process p = processes.get(service);
        return p != null && p.isAlive();
    }

    /** SIGKILL, no shutdown hooks: the service dies mid-work. Returns its exit code ({@link #SIGKILL_EXIT}). */
    public int kill(Service service) {
        Process p = processes.get(service);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(service.module + " is not running");
        }
        p.destroyForcibly(); // SIGKILL on Linux
        return awaitExit(service, p);
    }

    /**
     * Starts the services again (killing any that still runs) on the same port and config, all at once; waits until
     * each is ready.
     */
    public void restart(Service... services) {
        for (Service service : services) {
            Process p = processes.get(service);
            if (p != null && p.isAlive()) {
                kill(service);
            }
            launch(service);
        }
        for (Service service : services) {
            awaitReady(service);
        }
    }

    /**
     * Stops a service cleanly (SIGTERM: shutdown hooks run, its Kafka consumers leave their groups), SIGKILL if it
     * is still running after 30 s. Returns its exit code.
     */
    public int stop(Service service) {
        Process p = processes.get(service);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(service.module + " is not running");
        }
        p.destroy();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return awaitExit(service, p);
    }

    /**
     * Starts a service again (killing it if it still runs) with some settings changed — kept for later restarts
     * too — on the same port; waits until it is ready.
     */
    public void restart(Service service, Map<String, String> overrides) {
        config.get(service).putAll(overrides);
        restart(service);
    }

    /**
     * Starts a consuming service again as a new installation of it would start on the same topics, so that it must
     * rebuild its read model by replaying the compacted topics: stopped, its consumer groups deleted (without a
     * committed offset a group starts from the earliest one, exactly like a group of a new name), its read model
     * replaced by an empty one — search a new OpenSearch index prefix (below the old one, so {@link #close()} still
     * removes it), TechDocs and scorecards a new PostgreSQL schema (the old one stays until {@link #close()}) — and
     * started; waits until it is ready (ready is not caught up: the test waits for that). The gateway keeps no state
     * and replays from offset 0 at every start, so for it this is a plain restart. What is not on a topic is lost
     * with the old schema, as it would be for a real new installation: sites uploaded to TechDocs, scorecard
     * exemptions, definitions put through the admin API, history. Not for the catalog, whose schema is the source of
     * truth.
     */
    public void restartFresh(Service service) {
        if (service == Service.CATALOG) {
            throw new IllegalArgumentException("the catalog's schema is the source of truth: there is nothing to rebuild it from");
        }
        if (isAlive(service)) {
            stop(service);
        }
        for (String group : service.consumerGroups()) {
            deleteConsumerGroup(topicPrefix + group);
        }
        Map<String, String> fresh = new LinkedHashMap<>();
        switch (service) {
            case SEARCH -> {
                indexPrefix = baseIndexPrefix + "fresh" + starts.get(service) + "-";
                fresh.put(PortalStackResource.INDEX_PREFIX, indexPrefix);
            }
            case TECHDOCS, SCORECARD -> {
                Map<String, String> db = isolated(Map.of("components", "postgres", "database-user", role(service)));
                fresh.putAll(db);
                schemas.put(service, db.get("quarkus.flyway.schemas"));
            }
            default -> {
            }
        }
        restart(service, fresh);
    }

    /**
     * Waits until every consumer group of the running services has committed the end of every partition of the topics it
     * reads, twice in a row a second apart — what one consumer handles last may be published by its relay a moment
     * later for the next one to read. Then nothing is in flight between the services (a view may still wait for an
     * OpenSearch refresh). A view can look final while a consumer is still replaying: a site built and then removed
     * further along the topics shows for a moment on the way.
     */
    public void awaitConsumersCaughtUp(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        Instant deadline = Instant.now().plus(timeout);
        String lag = "";
        try (Admin admin = Admin.create(props)) {
            int quietChecks = 0;
            while (quietChecks < 2) {
                lag = lagOfOurGroups(admin);
                quietChecks = lag.isEmpty() ? quietChecks + 1 : 0;
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the consumers did not catch up within " + timeout + ": " + lag);
                }
                if (quietChecks < 2) {
                    sleep(1000);
                }
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the consumer groups' offsets", e);
        }
    }

    /**
     * "group topic-partition: n behind" for each partition of the topics a running service's group reads that the
     * group has not committed to its end (a partition it never committed to counts from offset 0, so a group that has
     * committed nothing yet is behind on every topic that holds records); "" if none.
     */
    private String lagOfOurGroups(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        List<String> behind = new ArrayList<>();
        // a topic nothing wrote to yet may not exist: a group reading it is behind on nothing there
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        for (Service service : processes.keySet().stream().filter(this::isAlive).toList()) {
            for (Map.Entry<String, List<String>> reads : service.topicsByConsumerGroup.entrySet()) {
                String group = topicPrefix + reads.getKey();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
                List<String> topics = reads.getValue().stream().map(this::topic).filter(existing::contains).toList();
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                        description.partitions().forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).forEach((partition, end) -> {
                    OffsetAndMetadata at = committed.get(partition);
                    long behindBy = end.offset() - (at == null ? 0 : at.offset());
                    if (behindBy > 0) {
                        behind.add(group + " " + partition + ": " + behindBy + " behind");
                    }
                });
            }
        }
        return String.join(", ", behind);
    }

    /** Stops every service (SIGTERM, then SIGKILL after 15 s) and removes the schemas, topics, groups and indices. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        processes.forEach((s, p) -> {
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        processes.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        if (topicPrefix != null) {
            deleteConsumerGroups();
        }
        for (PortalStackResource r : isolation) {
            r.stop();
        }
        isolation.clear();
    }

    // --- isolation and configuration ----------------------------------------------------------------------------

    private void isolate() {
        // One PortalStackResource per database role (each schema is owned by its service's role), and one for the
        // Kafka topics, the OpenSearch prefix and Keycloak that all five share.
        for (Service s : List.of(Service.CATALOG, Service.TECHDOCS, Service.SCORECARD)) {
            Map<String, String> db = isolated(Map.of("components", "postgres", "database-user", role(s)));
            config.computeIfAbsent(s, x -> new LinkedHashMap<>()).putAll(db);
            schemas.put(s, db.get("quarkus.flyway.schemas"));
        }
        Map<String, String> shared = isolated(Map.of("components", "kafka,opensearch,keycloak"));
        topicPrefix = shared.get(PortalStackResource.TOPIC_PREFIX);
        indexPrefix = shared.get(PortalStackResource.INDEX_PREFIX);
        baseIndexPrefix = indexPrefix;
        for (Service s : Service.values()) {
            Map<String, String> c = config.computeIfAbsent(s, x -> new LinkedHashMap<>());
            c.put("kafka.bootstrap.servers", shared.get("kafka.bootstrap.servers"));
            c.put(PortalStackResource.TOPIC_PREFIX, topicPrefix);
            c.put("quarkus.oidc.auth-server-url", shared.get("quarkus.oidc.auth-server-url"));
        }
        config.get(Service.SEARCH).put("portal.opensearch.url", shared.get("portal.opensearch.url"));
        config.get(Service.SEARCH).put(PortalStackResource.INDEX_PREFIX, indexPrefix);
    }

    /** The database role owning a service's schema: catalog, techdocs, scorecard. */
    private static String role(Service service) {
        return service.module.replace("-service", "");
    }

    private Map<String, String> isolated(Map<String, String> args) {
        PortalStackResource resource = new PortalStackResource();
        resource.init(args);
        isolation.add(resource); // before start(): close() cleans up whatever part of it was made
        return resource.start();
    }

    private void configure(Builder builder) {
        for (Service s : Service.values()) {
            ports.put(s, freePort());
            Map<String, String> c = config.get(s);
            c.put("quarkus.http.host", "127.0.0.1");
            c.put("quarkus.http.port", String.valueOf(ports.get(s)));
            c.put("quarkus.log.console.json.enabled", "false"); // logs for people reading a failed test
        }
        Map<String, String> catalog = config.get(Service.CATALOG);
        catalog.put("portal.catalog.static-locations", String.join(",", builder.staticLocations));
        // Catalog files and docs may be served by the test on loopback; locations are read again only when asked.
        catalog.put("portal.catalog.reading.allow", "127.0.0.1");
        catalog.put("portal.catalog.reading.allow-private-addresses", "true");
        catalog.put("portal.catalog.refresh-interval", "PT1H");
        String fileRoots = builder.fileRoots.stream().map(Path::toString).collect(Collectors.joining(","));
        catalog.put("portal.catalog.reading.file-roots", fileRoots);

        Map<String, String> techdocs = config.get(Service.TECHDOCS);
        techdocs.put("portal.techdocs.file-roots", fileRoots);
        techdocs.put("portal.techdocs.reading.allow", "127.0.0.1");
        techdocs.put("portal.techdocs.reading.allow-private-addresses", "true");
        techdocs.put("portal.techdocs.refresh-interval", "PT1H");

        Map<String, String> gateway = config.get(Service.GATEWAY);
        gateway.put("portal.gateway.catalog-url", url(Service.CATALOG));
        gateway.put("portal.gateway.search-url", url(Service.SEARCH));
        gateway.put("portal.gateway.techdocs-url", url(Service.TECHDOCS));
        gateway.put("portal.gateway.scorecard-url", url(Service.SCORECARD));

        builder.overrides.forEach((s, values) -> config.get(s).putAll(values));
        jvmOptions.putAll(builder.jvmOptions);
        asTheStackRunsIt.addAll(builder.asTheStackRunsIt);
    }

    // --- processes ----------------------------------------------------------------------------------------------

    private void launch(Service service) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(asTheStackRunsIt.contains(service) ? stackJvmOptions() : JVM_OPTIONS);
        command.addAll(jvmOptions.getOrDefault(service, List.of()));
        config.get(service).forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(service.jar(root).toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(service.jar(root).getParent().toFile());
        // Only what is passed here configures the service: not a PORTAL_*/QUARKUS_* variable of whoever runs the test.
        builder.environment().keySet().removeIf(k -> k.startsWith("PORTAL_") || k.startsWith("QUARKUS_"));
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as ./portal up: benchmarks report these processes' RSS
        int start = starts.merge(service, 1, Integer::sum);
        try {
            Files.createDirectories(logDir);
            // A new run starts a new log; a restart appends to it.
            Files.writeString(log(service), "=== start " + start + " of " + service.module + " at " + Instant.now()
                            + " on port " + ports.get(service) + ", topic prefix " + topicPrefix
                            + (schemas.containsKey(service) ? ", schema " + schemas.get(service) : "") + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, start == 1
                            ? java.nio.file.StandardOpenOption.TRUNCATE_EXISTING : java.nio.file.StandardOpenOption.APPEND);
            processes.put(service, builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service).toFile())).start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + service.module, e);
        }
    }

    private void awaitReady(Service service) {
        Process process = processes.get(service);
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        String lastSeen = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " exited with " + process.exitValue()
                        + " before it was ready; its log " + log(service) + " ends with:\n" + logTail(service));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                lastSeen = "HTTP " + r.statusCode() + " " + r.body();
            } catch (IOException e) {
                lastSeen = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(service.module + " was not ready within " + READY_TIMEOUT.toSeconds()
                + " s at " + url(service) + "/q/health/ready; last seen: " + lastSeen + "; its log ends with:\n"
                + logTail(service));
    }

    private int awaitExit(Service service, Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(service.module + " (pid " + p.pid() + ") did not exit after SIGKILL");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last 40 lines of a service's log, for failure messages. */
    public String logTail(Service service) {
        try {
            List<String> lines = Files.readAllLines(log(service), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Deletes one consumer group. Waits up to 60 s while it still has members (a SIGKILLed instance stays a member
     * until its session times out); fails if it does not exist.
     */
    private void deleteConsumerGroup(String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        Instant deadline = Instant.now().plusSeconds(60);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        throw new IllegalStateException("there is no consumer group " + group + ": has the service"
                                + " renamed it? (PortalServices.Service lists each service's groups)", e);
                    }
                    if (!(e.getCause() instanceof GroupNotEmptyException) || Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("could not delete the consumer group " + group, e);
                    }
                    sleep(500);
                }
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not delete the consumer group " + group, e);
        }
    }

    private void deleteConsumerGroups() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            List<String> ours = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)
                    .stream().map(GroupListing::groupId).filter(g -> g.startsWith(topicPrefix)).toList();
            if (!ours.isEmpty()) {
                admin.deleteConsumerGroups(ours).all().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.err.println("could not delete the consumer groups " + topicPrefix + "*: " + e);
        }
    }

    /** A free port on the loopback interface (for a process about to be started on it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The repository: -Dportal.root (set by the build), else the first folder up from here with catalog-service/. */
    /** The JVM options {@code ./portal up} runs the services with: {@code deploy/service-jvm.options}, comments dropped. */
    public static List<String> stackJvmOptions() {
        Path file = repositoryRoot().resolve("deploy/service-jvm.options");
        try {
            return Files.readAllLines(file).stream().map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty()).flatMap(line -> List.of(line.split("\\s+")).stream()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Path repositoryRoot() {
        String configured = System.getProperty("portal.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "catalog-service"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("catalog-service")) && Files.isDirectory(dir.resolve("deploy/devstack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root; set -Dportal.root");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
