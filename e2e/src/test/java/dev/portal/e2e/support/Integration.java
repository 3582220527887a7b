package dev.portal.e2e.support;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalStack;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.Topics;
import dev.portal.events.payload.FactReported;

/**
 * An integration, as design.md describes one: it publishes entities to {@code portal.entity.ingest} and facts to
 * {@code portal.facts} (CloudEvents binary mode, keyed by entity ref), on the services' prefixed topics.
 */
public final class Integration implements AutoCloseable {

    private static final URI SOURCE = URI.create("/e2e-integration");

    private final String topicPrefix;
    private final KafkaProducer<String, byte[]> producer;

    /** Publishes to the test services' prefixed topics on the local stack's Kafka. */
    public Integration(PortalServices services) {
        this(PortalStack.kafkaBootstrap(), services.topicPrefix());
    }

    /** Publishes to {@code <topicPrefix><topic>} on the Kafka at {@code bootstrap} (prefix "" for an installation's own). */
    public Integration(String bootstrap, String topicPrefix) {
        this.topicPrefix = topicPrefix;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** A Component as an integration would publish it: a production service of payments-team's payments system. */
    public static Map<String, Object> component(String name, String description) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("description", description);
        metadata.put("annotations", Map.of("backstage.io/source-location", "url:https://github.com/example-org/" + name + "/tree/main/"));
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("apiVersion", "backstage.io/v1alpha1");
        entity.put("kind", "Component");
        entity.put("metadata", metadata);
        entity.put("spec", Map.of("type", "service", "lifecycle", "production", "owner", "payments-team", "system", "payments"));
        return entity;
    }

    /** {@code dev.portal.entity.upsert.v1} with the entity (Backstage shape) as value. */
    public void upsertEntity(Map<String, Object> entity) {
        String ref = refOf(entity);
        send(Topics.ENTITY_INGEST, ref, EventType.ENTITY_UPSERT, Json.toBytes(entity));
    }

    /** {@code dev.portal.entity.delete.v1}: the ref as key, no value. */
    public void deleteEntity(String ref) {
        send(Topics.ENTITY_INGEST, ref, EventType.ENTITY_DELETE, null);
    }

    /** {@code dev.portal.fact.reported.v1}: {@code {source, facts, observedAt}}. */
    public void reportFacts(String ref, String source, Map<String, Object> facts) {
        send(Topics.FACTS, ref, EventType.FACT_REPORTED, Json.toBytes(new FactReported(source, facts, Instant.now())));
    }

    private void send(String topic, String ref, EventType type, byte[] value) {
        CloudEventEnvelope envelope = CloudEventEnvelope.create(SOURCE, type, ref);
        try {
            producer.send(KafkaCloudEvents.record(topicPrefix + topic, ref, envelope, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type.type() + " of " + ref, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String refOf(Map<String, Object> entity) {
        Map<String, Object> metadata = (Map<String, Object>) entity.get("metadata");
        return EntityRef.parse(entity.get("kind") + ":" + metadata.getOrDefault("namespace", "default") + "/"
                + metadata.get("name")).canonical();
    }

    @Override
    public void close() {
        producer.close();
    }
}
