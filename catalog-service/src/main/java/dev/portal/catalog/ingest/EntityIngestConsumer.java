package dev.portal.catalog.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityConflictException;
import dev.portal.catalog.entity.EntityService;
import dev.portal.events.InvalidEventException;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.consume.ChangeConsumers;
import dev.portal.events.consume.ConsumerLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes {@code portal.entity.ingest}: upserts and deletes from integrations, validated like every other write.
 * A message that cannot be parsed or validated goes to {@code portal.entity.ingest.dlq} with the reason; the valid
 * ones of a poll are written in one transaction, and offsets are committed only after that commit — a crash re-reads,
 * never skips.
 */
@ApplicationScoped
public class EntityIngestConsumer {

    static final String GROUP = "catalog-service-ingest";
    private static final EntityService.Origin KAFKA = EntityService.Origin.of("kafka");

    private final EntityService entities;
    private final IngestProgress progress;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final String group;
    private final ConsumerLoop loop;

    public EntityIngestConsumer(EntityService entities, IngestProgress progress,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                KafkaTopicsConfig topics) {
        this.entities = entities;
        this.progress = progress;
        this.kafkaConfig = kafkaConfig;
        this.topic = topics.entityIngest();
        this.group = topics.topicPrefix().orElse("") + GROUP; // a prefixed installation (or test) has its own group
        this.loop = new ConsumerLoop("catalog-ingest", List.of(topic),
                () -> ChangeConsumers.create(kafkaConfig, group, "catalog-ingest", 1000), kafkaConfig, this::process);
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    private void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters)
            throws Exception {
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        Map<String, Pending> upserts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            progress.read(1);
            IngestMessage message;
            try {
                message = IngestMessage.parse(record);
            } catch (InvalidEventException e) {
                dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, e.getMessage())));
                continue;
            }
            if (message instanceof IngestMessage.Upsert upsert) {
                List<String> problems = entities.problems(List.of(upsert.entity()));
                if (!problems.isEmpty()) {
                    dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, String.join("; ", problems))));
                    continue;
                }
                upserts.remove(EntityService.refOf(upsert.entity()).canonical()); // the later message wins
                upserts.put(EntityService.refOf(upsert.entity()).canonical(), new Pending(record, upsert.entity()));
            } else if (message instanceof IngestMessage.Delete delete) {
                write(upserts, deadLetters, dead); // keep the order of upserts and deletes
                upserts.clear();
                try {
                    entities.deleteIfPresentFrom(delete.entityRef(), KAFKA.source());
                    progress.written(1);
                } catch (EntityConflictException e) {
                    dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, e.getMessage())));
                }
            }
        }
        write(upserts, deadLetters, dead);
        deadLetters.flush();
        for (Future<RecordMetadata> ack : dead) {
            ack.get(30, TimeUnit.SECONDS);
        }
        progress.failed(dead.size());
    }

    /** Writes the valid upserts together; if the batch is refused as a whole, one by one, so only the bad go to DLQ. */
    private void write(Map<String, Pending> upserts, KafkaProducer<byte[], byte[]> deadLetters,
                       List<Future<RecordMetadata>> dead) {
        if (upserts.isEmpty()) {
            return;
        }
        List<JsonNode> batch = upserts.values().stream().map(Pending::entity).toList();
        try {
            entities.upsertValidated(batch, KAFKA); // each passed problems() above
            progress.written(batch.size());
        } catch (CatalogInputException | EntityConflictException batchRefused) {
            for (Pending pending : upserts.values()) {
                try {
                    entities.upsertValidated(List.of(pending.entity()), KAFKA);
                    progress.written(1);
                } catch (CatalogInputException | EntityConflictException e) {
                    dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(pending.record(), e.getMessage())));
                }
            }
        }
    }

    private record Pending(ConsumerRecord<byte[], byte[]> record, JsonNode entity) {
    }
}
