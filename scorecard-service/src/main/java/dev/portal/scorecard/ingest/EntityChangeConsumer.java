package dev.portal.scorecard.ingest;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.payload.EntityDeleted;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.evaluation.OwnerView;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Follows the compacted {@code portal.entity.changes} into the entity read model (replayable from offset 0) and
 * re-evaluates the changed entity — and, when a Group (or User) changes what its entities' checks read of it as
 * {@code owner} ({@link OwnerView}: not what it owns), every entity it owns. Idempotent by {@code metadata.generation}.
 */
@Singleton
public class EntityChangeConsumer extends TopicConsumer<EntityChangeConsumer.Change> {

    static final String GROUP = "scorecard-service-entities";

    sealed interface Change permits Upsert, Delete {
        String ref();
    }

    record Upsert(String ref, JsonNode entity) implements Change {
    }

    record Delete(String ref, String uid, long generation) implements Change {
    }

    public EntityChangeConsumer(Db db, EvaluationService evaluation,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                KafkaTopicsConfig topics) {
        super(db, evaluation, kafkaConfig, topics.entityChanges(), topics.topicPrefix().orElse("") + GROUP);
    }

    void start(@Observes StartupEvent startup) {
        startThread("scorecard-entity-consumer");
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopThread();
    }

    @Override
    protected Change parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null; // the tombstone after a deleted event: already handled
        }
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        return switch (envelope.type()) {
            case ENTITY_CHANGED -> {
                JsonNode entity = Json.tree(record.value());
                String kind = entity.path("kind").asText("");
                String name = entity.path("metadata").path("name").asText("");
                if (kind.isEmpty() || name.isEmpty()) {
                    throw new InvalidEventException("entity has no kind or metadata.name");
                }
                String ref = EntityRef.of(kind, entity.path("metadata").path("namespace").asText("default"), name).canonical();
                yield new Upsert(ref, entity);
            }
            case ENTITY_DELETED -> {
                EntityDeleted deleted = Json.fromBytes(record.value(), EntityDeleted.class);
                if (deleted.entityRef() == null) {
                    throw new InvalidEventException("EntityDeleted has no entityRef");
                }
                yield new Delete(EntityRef.parse(deleted.entityRef()).canonical(), deleted.uid(), deleted.generation());
            }
            default -> throw new InvalidEventException("Unexpected " + envelope.type().type() + " on entity changes");
        };
    }

    @Override
    protected Set<String> apply(Connection connection, Change change) throws SQLException {
        Set<String> affected = new LinkedHashSet<>();
        boolean owner = change.ref().startsWith("group:") || change.ref().startsWith("user:");
        JsonNode before = owner && change instanceof Upsert ? ReadModel.entity(connection, change.ref()) : null;
        boolean changed = change instanceof Upsert upsert
                ? ReadModel.upsertEntity(connection, upsert.ref(), upsert.entity())
                : ReadModel.deleteEntity(connection, change.ref(), ((Delete) change).uid(), ((Delete) change).generation());
        if (changed) {
            affected.add(change.ref());
            // what it owns reads it as owner: evaluated again unless nothing a check sees of it changed
            if (owner && (!(change instanceof Upsert upsert) || before == null
                    || !OwnerView.of(before).equals(OwnerView.of(upsert.entity())))) {
                affected.addAll(ReadModel.ownedBy(connection, change.ref()));
            }
        }
        return affected;
    }
}
