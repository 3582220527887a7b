package dev.portal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStack;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.Topics;

/**
 * Issue 4's crash test, against the packaged application: the catalog is killed with SIGKILL in the middle of a large
 * Kafka ingest and started again; afterwards every entity is stored with its latest version, and every change event
 * was published at least once, in per-entity order (consumers de-duplicate by {@code metadata.generation}).
 *
 * <p>What it checks, and which fault each check catches:
 * <ul>
 *   <li>every ingested entity is served, with the content of the last message sent for it — offsets committed before
 *       the write commits would lose the messages in between;</li>
 *   <li>every entity is served with all its relations (a group owns its 99 components) — stitching of peers still
 *       pending at the kill must not be lost;</li>
 *   <li>for each entity, the generations published are exactly 1 … its current generation — an event lost between the
 *       outbox and Kafka (rows deleted before Kafka acknowledged them) leaves a gap;</li>
 *   <li>no generation is published for the first time after a newer one — a reordering (rows read out of order,
 *       unordered producer retries, two relays at once) would let a consumer that de-duplicates by generation skip a
 *       change; re-publications of already published generations are the at-least-once duplicates and are counted;</li>
 *   <li>the last event of each entity carries its current generation and etag — what a compacted topic keeps.</li>
 * </ul>
 * Run with {@code ./mvnw -pl catalog-service verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=CatalogCrashIT}; the two processes' logs are in {@code target/crash-it/}.
 */
class CatalogCrashIT {

    private static final int GROUPS = 200;
    private static final int COMPONENTS = 19_800;
    /** A twice-sent entity's second version follows its first this many messages later: never in the same poll. */
    private static final int LAG = 2_500;
    /** The ingest consumer's group, under the topic prefix (EntityIngestConsumer.GROUP). */
    private static final String CONSUMER_GROUP = "catalog-service-ingest";
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final String CHANGED = EventType.ENTITY_CHANGED.type();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PortalStackResource stack;
    private static Map<String, String> config;
    private static CatalogProcess catalog;
    /** One Kafka admin client for the whole test: offsets are polled twice a second. */
    private static Admin admin;

    /** One ingest message: the entity ref it is keyed by and the entity document. */
    private record Message(String ref, String entity) {
    }

    /** One event read back from the change topic. */
    private record Change(long offset, String type, long generation, String etag, String description) {
    }

    @BeforeAll
    static void isolate() {
        stack = new PortalStackResource();
        stack.init(Map.of("components", "postgres,kafka,keycloak", "database-user", "catalog"));
        config = stack.start(); // own schema (AUTHORIZATION catalog), own topic prefix, Keycloak's issuer
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        admin = Admin.create(properties);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (catalog != null) {
                catalog.close();
            }
        } finally {
            if (admin != null) {
                try {
                    admin.deleteConsumerGroups(List.of(consumerGroup())).all().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("could not delete the consumer group " + consumerGroup() + ": " + e);
                }
                admin.close();
            }
            if (stack != null) {
                stack.stop(); // drops the schema and the topics
            }
        }
    }

    @Test
    void everyEntityAndEveryChangeEventSurviveASigkillInTheMiddleOfALargeIngest() throws Exception {
        String ingestTopic = prefix() + Topics.ENTITY_INGEST;
        String changesTopic = prefix() + Topics.ENTITY_CHANGES;
        Path logs = Path.of("target", "crash-it").toAbsolutePath();
        int port = CatalogProcess.freePort();
        List<Message> messages = new ArrayList<>();
        Map<String, Integer> expectedVersion = new LinkedHashMap<>();
        plan(messages, expectedVersion);
        int twiceSent = (int) expectedVersion.values().stream().filter(v -> v == 2).count();
        Instant testStart = Instant.now();

        // 1. The packaged catalog, then the whole ingest at once: it consumes at full speed.
        catalog = CatalogProcess.start(config, port, logs.resolve("catalog-1.log"));
        Duration firstStart = catalog.awaitReady(Duration.ofMinutes(2));
        Instant produceStart = Instant.now();
        produce(ingestTopic, messages);
        Duration producing = Duration.between(produceStart, Instant.now());

        // 2. SIGKILL once a fifth of the messages is written, while the rest is still being read, written, relayed.
        long killAt = messages.size() / 5;
        JsonNode beforeKill = awaitStatus(s -> s.path("written").asLong() >= killAt, Duration.ofMinutes(2),
                "written >= " + killAt);
        long killedPid = catalog.pid();
        int exit = catalog.kill();
        Duration killedAfter = Duration.between(produceStart, Instant.now());
        assertEquals(CatalogProcess.SIGKILL_EXIT, exit, "the catalog should have died of SIGKILL (exit 137)");
        assertTrue(beforeKill.path("written").asLong() < messages.size(),
                "the ingest had already finished when the catalog was killed (" + beforeKill + "): nothing was "
                        + "tested; raise COMPONENTS");
        long storedAtKill = count("SELECT count(*) FROM " + schema() + ".entities");
        long outboxAtKill = count("SELECT count(*) FROM " + schema() + ".outbox");
        long committedAtKill = committedOffset(ingestTopic);
        long changesAtKill = endOffset(changesTopic);

        // 3. The same catalog again, with the same configuration; it must catch up alone.
        catalog = CatalogProcess.start(config, port, logs.resolve("catalog-2.log"));
        Duration secondStart = catalog.awaitReady(Duration.ofMinutes(2));
        Instant restarted = Instant.now();
        Instant[] firstRead = {null};
        JsonNode afterRestart = awaitCaughtUp(ingestTopic, changesTopic, messages.size(), firstRead);
        Duration catchingUp = Duration.between(restarted, Instant.now());
        Duration untilFirstRead = firstRead[0] == null ? catchingUp : Duration.between(restarted, firstRead[0]);

        // 4. What the catalog serves, and what it published.
        Map<String, JsonNode> served = servedEntities();
        long componentsTotal = totalItems("kind=component");
        long groupsTotal = totalItems("kind=group");
        Map<String, List<Change>> published = readChanges(changesTopic);
        long deadLetters = endOffset(Topics.dlq(ingestTopic));

        Findings findings = new Findings();
        if (deadLetters > 0 || afterRestart.path("failed").asLong() > 0) {
            findings.add("ingest messages dead-lettered (valid entities refused)", deadLetters + " on "
                    + Topics.dlq(ingestTopic) + ", status " + afterRestart);
        }
        if (componentsTotal != COMPONENTS || groupsTotal != GROUPS) {
            findings.add("by-query totalItems differs from what was ingested", "kind=component: " + componentsTotal
                    + " (expected " + COMPONENTS + "), kind=group: " + groupsTotal + " (expected " + GROUPS + ")");
        }
        for (String ref : served.keySet()) {
            if (!expectedVersion.containsKey(ref)) {
                findings.add("served but never ingested", ref);
            }
        }
        for (String ref : published.keySet()) {
            if (!expectedVersion.containsKey(ref)) {
                findings.add("change events for an entity never ingested", ref);
            }
        }
        long events = 0;
        long duplicates = 0;
        long duplicatesAfterKill = 0;
        long replaysGoingBack = 0;
        Set<String> refsWithDuplicates = new HashSet<>();
        int atGenerationTwoOrMore = 0;
        long maxGeneration = 0;
        for (Map.Entry<String, Integer> expected : expectedVersion.entrySet()) {
            String ref = expected.getKey();
            String description = "version " + expected.getValue();
            JsonNode entity = served.get(ref);
            if (entity == null) {
                findings.add("missing from the catalog after the restart (an ingest message was skipped)", ref);
            } else if (!description.equals(entity.path("metadata").path("description").asText())
                    || ref.startsWith("component:") && !lifecycle(expected.getValue())
                            .equals(entity.path("spec").path("lifecycle").asText())) {
                findings.add("served with the wrong version (expected " + description + ")", ref + " is "
                        + entity.path("metadata").path("description").asText() + "/"
                        + entity.path("spec").path("lifecycle").asText());
            }
            if (entity != null && !relationsOf(entity).equals(expectedRelations(ref))) {
                findings.add("served with the wrong relations (a peer's stitch was lost)", ref + " has "
                        + difference(relationsOf(entity), expectedRelations(ref)));
            }
            List<Change> changes = published.getOrDefault(ref, List.of());
            events += changes.size();
            if (changes.isEmpty()) {
                findings.add("no change event published at all", ref);
                continue;
            }
            // As a consumer de-duplicating by generation reads them: new generations only ever go up.
            Set<Long> seen = new HashSet<>();
            Map<Long, Long> firstOffset = new HashMap<>();
            long highest = 0;
            for (Change change : changes) {
                if (!CHANGED.equals(change.type())) {
                    findings.add("an event other than " + CHANGED + " (nothing was deleted)", ref + " @" + change.offset()
                            + ": " + change.type());
                    continue;
                }
                long generation = change.generation();
                if (!seen.add(generation)) {
                    duplicates++;
                    refsWithDuplicates.add(ref);
                    if (change.offset() >= changesAtKill && firstOffset.get(generation) < changesAtKill) {
                        duplicatesAfterKill++;
                    }
                    if (generation < highest) {
                        replaysGoingBack++; // a replayed batch: already seen, a de-duplicating consumer drops it
                    }
                } else {
                    firstOffset.put(generation, change.offset());
                    if (generation < highest) {
                        findings.add("a generation published for the first time after a newer one (order broken)",
                                ref + ": generation " + generation + " @" + change.offset() + " after " + highest);
                    }
                }
                highest = Math.max(highest, generation);
            }
            if (entity == null) {
                continue;
            }
            long current = entity.path("metadata").path("generation").asLong();
            maxGeneration = Math.max(maxGeneration, current);
            if (current >= 2) {
                atGenerationTwoOrMore++;
            }
            Set<Long> lost = new TreeSet<>();
            for (long g = 1; g <= current; g++) {
                if (!seen.contains(g)) {
                    lost.add(g);
                }
            }
            if (!lost.isEmpty()) {
                findings.add("change events never published (generations missing from the topic)", ref
                        + " at generation " + current + " lacks " + lost);
            }
            if (highest > current) {
                findings.add("published a generation newer than the one served", ref + ": published " + highest
                        + ", served " + current);
            }
            Change last = changes.get(changes.size() - 1);
            if (last.generation() != current || !entity.path("metadata").path("etag").asText().equals(last.etag())) {
                findings.add("the last event is not the served version (what compaction keeps would be stale)",
                        ref + ": last event generation " + last.generation() + " etag " + last.etag() + ", served "
                                + current + " etag " + entity.path("metadata").path("etag").asText());
            } else if (!description.equals(last.description())) {
                findings.add("the last event does not carry the last version sent", ref + ": " + last.description());
            }
        }

        String figures = String.format("""
                CatalogCrashIT figures:
                  ingest: %d messages (%d groups, %d components; %d entities sent twice), produced in %.1f s; \
                first start ready in %.1f s
                  SIGKILL of pid %d after %.1f s: status before %s; stored entities %d; outbox rows %d; \
                committed ingest offset %d of %d; change events on the topic %d
                  restart ready in %.1f s, caught up %.1f s later (first ingest message read after %.1f s): status %s
                  catalog: %d components and %d groups served; %d entities at generation >= 2 (highest %d)
                  change topic: %d events for %d refs; duplicates %d (%d of them re-published after the kill, over \
                %d refs); replays going back in generation %d
                  whole test %.1f s""",
                messages.size(), GROUPS, COMPONENTS, twiceSent, seconds(producing), seconds(firstStart),
                killedPid, seconds(killedAfter), beforeKill, storedAtKill, outboxAtKill, committedAtKill,
                messages.size(), changesAtKill,
                seconds(secondStart), seconds(catchingUp), seconds(untilFirstRead), afterRestart,
                componentsTotal, groupsTotal, atGenerationTwoOrMore, maxGeneration,
                events, published.size(), duplicates, duplicatesAfterKill, refsWithDuplicates.size(), replaysGoingBack,
                seconds(Duration.between(testStart, Instant.now())));
        System.out.println(figures);
        if (!findings.isEmpty()) {
            fail("after a SIGKILL in the middle of the ingest and a restart:\n" + findings + "\n" + figures
                    + "\n  logs: " + logs);
        }
    }

    // --- the ingest ---

    /**
     * The groups, then the components (each owned by a group, so groups change with every batch and get many
     * generations); one component in ten and one group in ten is sent again with changed fields, a few polls later.
     */
    private static void plan(List<Message> messages, Map<String, Integer> expectedVersion) {
        for (int g = 0; g < GROUPS; g++) {
            add(messages, expectedVersion, group(g, 1));
        }
        for (int i = 0; i < COMPONENTS; i++) {
            add(messages, expectedVersion, component(i, 1));
            if (i >= LAG && (i - LAG) % 10 == 0) {
                add(messages, expectedVersion, component(i - LAG, 2));
            }
            if (i >= 1_000 && (i - 1_000) % 500 == 0 && (i - 1_000) / 50 < GROUPS) {
                add(messages, expectedVersion, group((i - 1_000) / 50, 2)); // groups 0, 10, 20, …
            }
        }
        for (int j = COMPONENTS - LAG; j < COMPONENTS; j++) {
            if (j % 10 == 0) {
                add(messages, expectedVersion, component(j, 2));
            }
        }
    }

    private static void add(List<Message> messages, Map<String, Integer> expectedVersion, Message message) {
        messages.add(message);
        expectedVersion.merge(message.ref(), 1, Integer::sum);
    }

    private static Message component(int i, int version) {
        String name = String.format("crash-c-%05d", i);
        String owner = String.format("group:default/crash-team-%03d", i % GROUPS);
        return new Message(EntityRef.of("Component", "default", name).canonical(), """
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"%s",\
                "description":"version %d","tags":["crash-test"]},\
                "spec":{"type":"service","lifecycle":"%s","owner":"%s"}}""".formatted(name, version,
                lifecycle(version), owner));
    }

    private static Message group(int g, int version) {
        String name = String.format("crash-team-%03d", g);
        return new Message(EntityRef.of("Group", "default", name).canonical(), """
                {"apiVersion":"backstage.io/v1alpha1","kind":"Group","metadata":{"name":"%s",\
                "description":"version %d"},"spec":{"type":"team","children":[]}}""".formatted(name, version));
    }

    /** What the stitched entity must relate to: a component is owned by its group, a group owns its components. */
    private static Set<String> expectedRelations(String ref) {
        Set<String> relations = new TreeSet<>();
        if (ref.startsWith("component:")) {
            int i = Integer.parseInt(ref.substring(ref.lastIndexOf('-') + 1));
            relations.add(String.format("ownedBy group:default/crash-team-%03d", i % GROUPS));
        } else {
            int g = Integer.parseInt(ref.substring(ref.lastIndexOf('-') + 1));
            for (int i = g; i < COMPONENTS; i += GROUPS) {
                relations.add(String.format("ownerOf component:default/crash-c-%05d", i));
            }
        }
        return relations;
    }

    private static Set<String> relationsOf(JsonNode entity) {
        Set<String> relations = new TreeSet<>();
        entity.path("relations").forEach(r -> relations.add(r.path("type").asText() + " " + r.path("targetRef").asText()));
        return relations;
    }

    private static String difference(Set<String> actual, Set<String> expected) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new TreeSet<>(actual);
        extra.removeAll(expected);
        return actual.size() + " relations; missing " + missing.size() + " " + missing.stream().limit(3).toList()
                + ", unexpected " + extra.stream().limit(3).toList();
    }

    private static String lifecycle(int version) {
        return version == 1 ? "experimental" : "production";
    }

    /** Binary-mode CloudEvents upserts keyed by entity ref, all acknowledged by Kafka. */
    private static void produce(String topic, List<Message> messages) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        URI source = URI.create("/test/catalog-crash");
        List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
        try (var producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            for (Message message : messages) {
                CloudEventEnvelope envelope = CloudEventEnvelope.create(source, EventType.ENTITY_UPSERT, message.ref());
                sent.add(producer.send(KafkaCloudEvents.record(topic, message.ref(), envelope,
                        message.entity().getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
    }

    // --- the catalog's API ---

    private static JsonNode status() throws IOException, InterruptedException {
        return Json.tree(get("/api/catalog/ingest/status").getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode awaitStatus(Predicate<JsonNode> until, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode status = null;
        while (Instant.now().isBefore(deadline)) {
            status = status();
            if (until.test(status)) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ingest status never showed " + what + " within " + timeout.toSeconds()
                + " s; last " + status + "; log " + catalog.log() + " ends with:\n" + catalog.logTail(30));
    }

    /**
     * Until the consumer committed the whole ingest topic, the outbox is empty and nothing more is published for
     * {@link #QUIET} (work that follows a write, such as stitching its peers, may still add events after the outbox
     * was empty once): then everything was written and published.
     */
    private static JsonNode awaitCaughtUp(String ingestTopic, String changesTopic, int messages, Instant[] firstRead)
            throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP);
        String last = "";
        long lastEnd = -1;
        Instant quietSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            if (!catalog.isAlive()) {
                fail("the restarted catalog died; its log " + catalog.log() + " ends with:\n" + catalog.logTail(40));
            }
            long committed = committedOffset(ingestTopic);
            JsonNode status = status();
            long end = endOffset(changesTopic);
            if (firstRead[0] == null && status.path("read").asLong() > 0) {
                firstRead[0] = Instant.now(); // the consumer group let the new consumer in
            }
            boolean drained = committed == messages && status.path("eventsPending").asLong() == 0;
            if (!drained || end != lastEnd) {
                quietSince = Instant.now();
                lastEnd = end;
            } else if (Duration.between(quietSince, Instant.now()).compareTo(QUIET) >= 0) {
                return status;
            }
            last = "committed ingest offset " + committed + " of " + messages + ", change topic end " + end
                    + ", status " + status;
            Thread.sleep(500);
        }
        throw new AssertionError("the restarted catalog did not catch up within " + CATCH_UP.toSeconds() + " s: " + last
                + "; log " + catalog.log() + " ends with:\n" + catalog.logTail(30));
    }

    /** Every served entity by canonical ref, with the fields the checks need (the unpaged list is streamed). */
    private static Map<String, JsonNode> servedEntities() throws IOException, InterruptedException {
        JsonNode all = Json.tree(get("/api/catalog/entities?fields=kind,metadata.namespace,metadata.name,"
                + "metadata.generation,metadata.etag,metadata.description,spec.lifecycle,relations")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, JsonNode> byRef = new HashMap<>();
        for (JsonNode entity : all) {
            JsonNode metadata = entity.path("metadata");
            byRef.put(EntityRef.of(entity.path("kind").asText(), metadata.path("namespace").asText("default"),
                    metadata.path("name").asText()).canonical(), entity);
        }
        return byRef;
    }

    private static long totalItems(String filter) throws IOException, InterruptedException {
        return Json.tree(get("/api/catalog/entities/by-query?limit=1&filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))
                .path("totalItems").asLong(-1);
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(catalog.baseUrl() + path))
                .header("Authorization", "Bearer " + KeycloakTokens.accessToken("alice"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    // --- Kafka and PostgreSQL, read directly ---

    /** The change topic from the beginning to its current end, by entity ref in topic order. */
    private static Map<String, List<Change>> readChanges(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Map<String, List<Change>> byRef = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(120);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    fail("could not read " + topic + " to its end " + end + " within 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    String type = KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.TYPE_HEADER).orElse("?");
                    Change change;
                    if (record.value() == null) {
                        change = new Change(record.offset(), type + " (tombstone)", -1, null, null);
                    } else {
                        JsonNode metadata = Json.tree(record.value()).path("metadata");
                        change = new Change(record.offset(), type, metadata.path("generation").asLong(-1),
                                metadata.path("etag").asText(null), metadata.path("description").asText(null));
                    }
                    byRef.computeIfAbsent(key, k -> new ArrayList<>()).add(change);
                }
            }
        }
        return byRef;
    }

    private static long committedOffset(String topic) throws Exception {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(consumerGroup()).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
        return committed == null ? 0 : committed.offset();
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0); // the test topics have one partition
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                .get(30, TimeUnit.SECONDS).offset();
    }

    /** A count from the test's schema, read as the superuser (whatever the catalog's state). */
    private static long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String prefix() {
        return config.get(PortalStackResource.TOPIC_PREFIX);
    }

    private static String consumerGroup() {
        return prefix() + CONSUMER_GROUP;
    }

    private static String schema() {
        return config.get("quarkus.flyway.schemas");
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** What went wrong, by kind: how many, and the first few examples of each. */
    private static final class Findings {
        private final Map<String, List<String>> byKind = new LinkedHashMap<>();

        void add(String kind, String example) {
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(example);
        }

        boolean isEmpty() {
            return byKind.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            byKind.forEach((kind, examples) -> text.append("  ").append(kind).append(": ").append(examples.size())
                    .append(", e.g. ").append(examples.subList(0, Math.min(5, examples.size()))).append('\n'));
            return text.toString();
        }
    }
}
