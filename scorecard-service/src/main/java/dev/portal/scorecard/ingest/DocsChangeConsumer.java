package dev.portal.scorecard.ingest;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsFailed;
import dev.portal.events.payload.TechDocsRemoved;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.store.Db;
import dev.portal.scorecard.store.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Follows {@code portal.techdocs.changes} into the docs status per entity and re-evaluates that entity. */
@Singleton
public class DocsChangeConsumer extends TopicConsumer<Object> {

    static final String GROUP = "scorecard-service-docs";

    public DocsChangeConsumer(Db db, EvaluationService evaluation,
                              @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, KafkaTopicsConfig topics) {
        super(db, evaluation, kafkaConfig, topics.techdocsChanges(), topics.topicPrefix().orElse("") + GROUP);
    }

    void start(@Observes StartupEvent startup) {
        startThread("scorecard-docs-consumer");
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        stopThread();
    }

    @Override
    protected Object parse(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null; // tombstone after "removed"
        }
        CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
        Object message = switch (envelope.type()) {
            case TECHDOCS_BUILT -> Json.fromBytes(record.value(), TechDocsBuilt.class);
            case TECHDOCS_FAILED -> Json.fromBytes(record.value(), TechDocsFailed.class);
            case TECHDOCS_REMOVED -> Json.fromBytes(record.value(), TechDocsRemoved.class);
            default -> throw new InvalidEventException("Unexpected " + envelope.type().type() + " on techdocs changes");
        };
        ref(message); // the ref must parse
        return message;
    }

    private static String ref(Object message) {
        String ref;
        if (message instanceof TechDocsBuilt built) {
            ref = built.entityRef();
        } else if (message instanceof TechDocsFailed failed) {
            ref = failed.entityRef();
        } else {
            ref = ((TechDocsRemoved) message).entityRef();
        }
        if (ref == null) {
            throw new InvalidEventException("docs event has no entityRef");
        }
        return EntityRef.parse(ref).canonical();
    }

    @Override
    protected Set<String> apply(Connection connection, Object message) throws SQLException {
        String ref = ref(message);
        if (message instanceof TechDocsBuilt built) {
            ReadModel.upsertDocs(connection, ref, "built", built.pages().size(), built.brokenLinks().size(),
                    built.buildTimestamp(), null);
        } else if (message instanceof TechDocsFailed failed) {
            ReadModel.docsFailed(connection, ref, failed.reason());
        } else {
            ReadModel.deleteDocs(connection, ref);
        }
        return Set.of(ref);
    }
}
