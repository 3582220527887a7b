package dev.portal.search;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;

/** Publishes to a test's change topic what the services publish (the catalog's outbox relay by default), and poison besides. */
public final class EntityChangeEvents implements AutoCloseable {

    private static final URI SOURCE = URI.create("/catalog-service");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EntityChangeEvents(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** {@code dev.portal.entity.changed.v1} with the stitched entity, keyed by its ref. */
    public void changed(JsonNode entity) {
        String ref = TestEntities.ref(entity);
        send(KafkaCloudEvents.record(topic, ref, CloudEventEnvelope.create(SOURCE, EventType.ENTITY_CHANGED, ref),
                Json.toBytes(entity)));
    }

    /** {@code dev.portal.entity.deleted.v1} with {@code {entityRef, uid, generation}}, then the tombstone. */
    public void deleted(String ref, String uid, long generation) {
        CloudEventEnvelope envelope = CloudEventEnvelope.create(SOURCE, EventType.ENTITY_DELETED, ref);
        byte[] payload = Json.toBytes(Json.mapper().createObjectNode().put("entityRef", ref).put("uid", uid)
                .put("generation", generation));
        send(KafkaCloudEvents.record(topic, ref, envelope, payload));
        tombstone(ref);
    }

    /** Only the tombstone (null value): what a compacted topic keeps of a deletion. */
    public void tombstone(String ref) {
        send(KafkaCloudEvents.record(topic, ref, CloudEventEnvelope.create(SOURCE, EventType.ENTITY_DELETED, ref), null));
    }

    /** Any Portal event on this instance's topic, keyed by the ref; a null payload is a tombstone. */
    public void event(EventType type, String ref, Object payload) {
        send(KafkaCloudEvents.record(topic, ref, CloudEventEnvelope.create(SOURCE, type, ref),
                payload == null ? null : Json.toBytes(payload)));
    }

    /** A binary-mode message with any {@code ce_type} (or none, when null) and any value. */
    public void raw(String key, String ceType, String value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes()).add("ce_id", "poison-1".getBytes())
                .add("ce_source", "/test".getBytes());
        if (ceType != null) {
            record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
        }
        send(record);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the test event", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
