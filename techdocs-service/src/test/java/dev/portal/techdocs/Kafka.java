package dev.portal.techdocs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.payload.EntityDeleted;

/** Test side of Kafka: publishes catalog change events, reads a topic from the beginning. */
public final class Kafka {

    private Kafka() {
    }

    /** An entity as the catalog publishes it, with techdocs-ref (null: none) resolved against {@code location}. */
    public static ObjectNode entity(String kind, String name, String owner, String techdocsRef, String location, long generation) {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
        ObjectNode metadata = entity.putObject("metadata");
        metadata.put("name", name).put("namespace", "default").put("uid", "uid-" + name).put("generation", generation);
        ObjectNode annotations = metadata.putObject("annotations");
        if (techdocsRef != null) {
            annotations.put("backstage.io/techdocs-ref", techdocsRef);
        }
        if (location != null) {
            annotations.put("backstage.io/managed-by-location", location);
        }
        entity.putObject("spec").put("type", "service").put("owner", owner).put("lifecycle", "production");
        entity.putArray("relations").addObject().put("type", "ownedBy").put("targetRef", owner);
        return entity;
    }

    public static void publishChanged(String bootstrap, String topic, JsonNode entity) {
        String ref = (entity.path("kind").asText() + ":" + entity.path("metadata").path("namespace").asText("default") + "/"
                + entity.path("metadata").path("name").asText()).toLowerCase();
        send(bootstrap, topic, ref, EventType.ENTITY_CHANGED, Json.toBytes(entity), false);
    }

    public static void publishDeleted(String bootstrap, String topic, String ref) {
        send(bootstrap, topic, ref, EventType.ENTITY_DELETED, Json.toBytes(new EntityDeleted(ref, "uid", 99)), true);
    }

    public static void publishRaw(String bootstrap, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(String bootstrap, String topic, String ref, EventType type, byte[] value, boolean tombstone) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            CloudEventEnvelope envelope = CloudEventEnvelope.create(java.net.URI.create("/catalog-service"), type, ref);
            producer.send(KafkaCloudEvents.record(topic, ref, envelope, value)).get();
            if (tombstone) {
                producer.send(KafkaCloudEvents.record(topic, ref, envelope, null)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** One record of a topic: key, ce_type (null when absent), value (null for a tombstone), headers' error. */
    public record Event(String key, String type, String value, String error) {
        public JsonNode json() {
            return Json.tree(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads a topic from the beginning. */
    public static final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Event> seen = new ArrayList<>();

        public Reader(String bootstrap, String topic) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        public List<Event> readUntil(Predicate<List<Event>> until) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (!until.test(seen) && Instant.now().isBefore(deadline)) {
                poll();
            }
            return List.copyOf(seen);
        }

        public List<Event> readFor(Duration quiet) {
            Instant end = Instant.now().plus(quiet);
            while (Instant.now().isBefore(end)) {
                poll();
            }
            return List.copyOf(seen);
        }

        public List<Event> forKey(String key) {
            return seen.stream().filter(e -> key.equals(e.key())).toList();
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String type = KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.TYPE_HEADER).orElse(null);
                String error = KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.ERROR_HEADER).orElse(null);
                seen.add(new Event(record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), type,
                        record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8), error));
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Polls {@code check} until it holds (or 60 s pass). */
    public static void await(String what, java.util.function.BooleanSupplier check) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!check.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
