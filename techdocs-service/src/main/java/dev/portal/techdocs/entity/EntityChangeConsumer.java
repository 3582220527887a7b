package dev.portal.techdocs.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import dev.portal.events.InvalidEventException;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.consume.ChangeConsumers;
import dev.portal.events.consume.ConsumerLoop;
import dev.portal.techdocs.site.DocsService;
import dev.portal.techdocs.site.SiteRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Follows {@code portal.entity.changes}: entities with {@code backstage.io/techdocs-ref} get their docs built (when the
 * source changed), entities that lose it or are deleted lose their site, and Users/Groups feed the memberships (and
 * Users' emails) used for ownership checks. Offsets are committed after a poll was handled (a crash re-reads; handling
 * is idempotent). A message that cannot be read goes to {@code portal.entity.changes.dlq} with the reason; a failing
 * build is not a bad message — it is stored and published as {@code techdocs.failed}.
 */
@ApplicationScoped
public class EntityChangeConsumer {

    private static final Logger LOG = Logger.getLogger(EntityChangeConsumer.class);
    static final String GROUP = "techdocs-service-entities";

    private final DocsService docs;
    private final SiteRepository repository;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final String group;
    private final ConsumerLoop loop;

    public EntityChangeConsumer(DocsService docs, SiteRepository repository,
                                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                KafkaTopicsConfig topics) {
        this.docs = docs;
        this.repository = repository;
        this.kafkaConfig = kafkaConfig;
        this.topic = topics.entityChanges();
        this.group = topics.topicPrefix().orElse("") + GROUP; // a prefixed installation (or test) has its own group
        this.loop = new ConsumerLoop("techdocs-entity-changes", List.of(topic), this::consumer, kafkaConfig,
                this::process);
    }

    void start(@Observes StartupEvent startup) {
        loop.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        loop.stop();
    }

    private void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters) throws Exception {
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        List<EntityChange> changes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                changes.add(EntityChange.parse(record));
            } catch (InvalidEventException e) {
                LOG.warnf("Dead-lettering %s@%d/%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, e.getMessage())));
            }
        }
        handle(changes);
        deadLetters.flush();
        for (Future<RecordMetadata> ack : dead) {
            ack.get(30, TimeUnit.SECONDS); // offsets are committed only once the DLQ has the message
        }
    }

    /**
     * Handles a poll's changes: memberships and Users (their emails) in one transaction; entities without docs that
     * techdocs never knew are skipped with one query for the whole poll (most of the catalog has no docs); the rest
     * in order.
     */
    void handle(List<EntityChange> changes) {
        Map<String, Set<String>> memberships = new LinkedHashMap<>();
        Map<String, String> userEmails = new LinkedHashMap<>(); // the poll's last word on each User: email or null
        Set<String> candidates = new HashSet<>();
        for (EntityChange change : changes) {
            if (change instanceof EntityChange.Changed changed) {
                if (changed.memberships() != null) {
                    memberships.put(changed.entityRef(), changed.memberships());
                }
                if (changed.isUser()) {
                    userEmails.put(changed.entityRef(), changed.email());
                }
                if (changed.entity().techdocsRef() == null) {
                    candidates.add(changed.entityRef());
                }
            } else {
                memberships.put(change.entityRef(), Set.of());
                userEmails.remove(change.entityRef()); // deleted: its users row goes with its memberships
                candidates.add(change.entityRef());
            }
        }
        repository.replaceMemberships(memberships, userEmails);
        Set<String> known = new HashSet<>(repository.known(candidates));
        for (EntityChange change : changes) {
            if (change instanceof EntityChange.Changed changed) {
                if (changed.entity().techdocsRef() != null) {
                    docs.entityChanged(changed.entity());
                    known.add(changed.entityRef());
                } else if (known.remove(changed.entityRef())) {
                    docs.entityChanged(changed.entity()); // lost its annotation: the site goes
                }
            } else if (change instanceof EntityChange.Deleted deleted && known.remove(deleted.entityRef())) {
                docs.entityDeleted(deleted.entityRef());
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = ChangeConsumers.settings(kafkaConfig, group, "techdocs-entity-changes", 200);
        // Builds run in the poll loop: allow a slow batch of builds before the group gives the partitions away.
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        return ChangeConsumers.create(config);
    }
}
