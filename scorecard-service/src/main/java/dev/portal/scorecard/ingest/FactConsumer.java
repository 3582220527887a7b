package dev.portal.scorecard.ingest;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.payload.FactReported;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Follows {@code portal.facts}: keeps the latest facts per (entity, source) — an observation older than the stored
 * one is ignored — and re-evaluates the entity. A malformed fact (bad envelope, JSON, ref or source) goes to
 * {@code portal.facts.dlq}. Facts older than {@code portal.scorecards.fact-retention} stop counting.
 */
@Singleton
public class FactConsumer extends TopicConsumer<FactConsumer.Fact> {

    static final String GROUP = "scorecard-service-facts";

    record Fact(String ref, FactReported reported) {
    }

    public FactConsumer(Db db, EvaluationService evaluation,
                        @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, KafkaTopicsConfig topics) {
        super(db, evaluation, kafkaConfig, topics.facts(), topics.topicPrefix().orElse("") + GROUP);
    }

    void start(@Observes StartupEvent startup) {
        startThread("scorecard-fact-consumer");
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopThread();
    }

    @Override
    protected Fact parse(ConsumerRecord<byte[], byte[]> record) {
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        if (envelope.type() != EventType.FACT_REPORTED) {
            throw new InvalidEventException("Unexpected " + envelope.type().type() + " on portal.facts");
        }
        if (record.key() == null) {
            throw new InvalidEventException("a fact needs the entity ref as its record key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        String ref;
        try {
            ref = EntityRef.parse(key).canonical();
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("record key is not an entity ref: " + e.getMessage());
        }
        FactReported reported = Json.fromBytes(record.value(), FactReported.class);
        return new Fact(ref, reported);
    }

    @Override
    protected Set<String> apply(Connection connection, Fact fact) throws SQLException {
        Instant observed = fact.reported().observedAt() == null ? Instant.now() : fact.reported().observedAt();
        boolean stored = ReadModel.upsertFacts(connection, fact.ref(), fact.reported().source(),
                new String(Json.toBytes(fact.reported().facts()), StandardCharsets.UTF_8), observed);
        return stored ? Set.of(fact.ref()) : Set.of();
    }
}
