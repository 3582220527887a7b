package dev.portal.catalog.ingest;

import static dev.portal.catalog.CatalogTestData.asAlice;
import static dev.portal.catalog.CatalogTestData.catalogFilesDir;
import static dev.portal.catalog.CatalogTestData.seedYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Integrations publish entities to portal.entity.ingest; bad messages go to its DLQ and consumption continues. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class KafkaIngestTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    private static String component(String name) {
        return "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"platform-team\"}}";
    }

    @Test
    void ingestsABinaryModeCloudEventAndDeletesByRef() throws Exception {
        String ref = "component:default/from-binary";
        send(ref, EventType.ENTITY_UPSERT, component("from-binary"));
        awaitStatus("from-binary", 200);
        send(ref, EventType.ENTITY_DELETE, null);
        awaitStatus("from-binary", 404);
    }

    /** A Location entity published over Kafka has its targets read; deleting it over Kafka orphans what they gave. */
    @Test
    void aLocationEntityPublishedOverKafkaHasItsTargetsRead() throws Exception {
        Path file = catalogFilesDir("kafka-location").resolve("catalog-info.yaml");
        Files.writeString(file, component("read-through-kafka-location"));
        String ref = "location:default/from-kafka";
        send(ref, EventType.ENTITY_UPSERT, "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Location\","
                + "\"metadata\":{\"name\":\"from-kafka\"},\"spec\":{\"type\":\"file\",\"target\":\"" + file + "\"}}");
        awaitStatus("read-through-kafka-location", 200);
        send(ref, EventType.ENTITY_DELETE, null);
        Instant deadline = Instant.now().plusSeconds(20);
        String orphan = null;
        while (!"true".equals(orphan) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            orphan = asAlice().when().get("/api/catalog/entities/by-name/component/default/read-through-kafka-location")
                    .then().extract().jsonPath().getString("metadata.annotations.'backstage.io/orphan'");
        }
        assertEquals("true", orphan, "the component its file gave is an orphan once the Location entity is deleted");
    }

    @Test
    void ingestsAPlainDocumentPublishedWithKcat() throws Exception {
        kcat("component:default/from-kcat", component("from-kcat"));
        awaitStatus("from-kcat", 200);
        kcat("component:default/from-kcat-structured", "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/ci\","
                + "\"type\":\"dev.portal.entity.upsert.v1\",\"data\":" + component("from-kcat-structured") + "}");
        awaitStatus("from-kcat-structured", 200);
    }

    @Test
    void sendsPoisonMessagesToTheDeadLetterTopicWithTheReasonAndKeepsConsuming() throws Exception {
        {
            seedYaml("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: seeded-elsewhere}\n"
                    + "spec: {type: service, lifecycle: production, owner: platform-team}\n");
            kcat("component:default/malformed", "{\"apiVersion\": oops");
            kcat("component:default/invalid", "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\","
                    + "\"metadata\":{\"name\":\"invalid!\"},\"spec\":{\"type\":\"service\"}}");
            sendRaw("component:default/unknown-type", "dev.portal.entity.teleport.v1", component("unknown-type"));
            // Another source's entity: neither replaced nor deleted over Kafka.
            send("component:default/seeded-elsewhere", EventType.ENTITY_UPSERT, component("seeded-elsewhere"));
            send("component:default/seeded-elsewhere", EventType.ENTITY_DELETE, null);
            send("component:default/after-the-poison", EventType.ENTITY_UPSERT, component("after-the-poison"));

            awaitStatus("after-the-poison", 200);
            List<String> reasons = deadLetterReasons(5);
            assertEquals(5, reasons.size(), reasons.toString());
            assertTrue(reasons.get(0).contains("JSON") || reasons.get(0).toLowerCase().contains("malformed"), reasons.get(0));
            assertTrue(reasons.get(1).contains("metadata.name"), reasons.get(1));
            assertTrue(reasons.get(2).contains("dev.portal.entity.teleport.v1"), reasons.get(2));
            assertTrue(reasons.get(3).contains("component:default/seeded-elsewhere is provided by seed"), reasons.get(3));
            assertTrue(reasons.get(4).contains("component:default/seeded-elsewhere is provided by seed"), reasons.get(4));
        }
        asAlice().when().get("/api/catalog/entities/by-name/component/default/invalid").then().statusCode(404);
        awaitStatus("seeded-elsewhere", 200);
    }

    private void awaitStatus(String name, int status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = asAlice().when().get("/api/catalog/entities/by-name/component/default/" + name).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        fail(name + " answered " + last + ", expected " + status);
    }

    private void send(String key, EventType type, String value) throws Exception {
        try (var producer = producer()) {
            CloudEventEnvelope envelope = CloudEventEnvelope.create(URI.create("/test/integration"), type, key);
            producer.send(KafkaCloudEvents.record(topics.entityIngest(), key, envelope,
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A binary-mode message with a type string of our choosing (EventType would refuse an unknown one). */
    private void sendRaw(String key, String type, String value) throws Exception {
        try (var producer = producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.entityIngest(), key,
                    value.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes()).add("ce_id", "x-1".getBytes())
                    .add("ce_source", "/test".getBytes()).add("ce_type", type.getBytes());
            producer.send(record).get();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Publishes one message the way an integration's script would: Debian's kcat, key and value from stdin. */
    private void kcat(String key, String value) throws IOException, InterruptedException {
        Process kcat = new ProcessBuilder("kcat", "-b", bootstrap, "-t", topics.entityIngest(), "-P", "-K", "\t")
                .redirectErrorStream(true).start();
        kcat.getOutputStream().write((key + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8));
        kcat.getOutputStream().close();
        assertTrue(kcat.waitFor(30, TimeUnit.SECONDS), "kcat did not finish");
        String output = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, kcat.exitValue(), "kcat failed: " + output);
    }

    /** The portal_error headers on the ingest topic's DLQ, in order, once {@code count} are there (or after 20 s). */
    private List<String> deadLetterReasons(int count) {
        String dlq = Topics.dlq(topics.entityIngest());
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<String> reasons = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(20);
            while (reasons.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> reasons.add(
                        KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.ERROR_HEADER).orElse("<no reason>")));
            }
        }
        return reasons;
    }
}
