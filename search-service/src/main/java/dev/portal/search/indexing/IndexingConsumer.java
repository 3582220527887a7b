package dev.portal.search.indexing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.consume.ChangeConsumers;
import dev.portal.search.config.SearchConfig;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.IndexingStatus;
import dev.portal.search.index.WriteOutcome;
import dev.portal.search.catalog.CatalogIndexer;
import dev.portal.search.index.SearchIndices;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Follows {@code portal.entity.changes}, {@code portal.scorecard.changes} and {@code portal.techdocs.changes} into the
 * indices (see {@link ChangeWriter}). Each poll becomes one bulk write per index; offsets are committed only after
 * OpenSearch took them, so a crash re-reads and never skips (re-reading is harmless: every write is idempotent). A
 * message that cannot be read goes to {@code <topic>.dlq} with the reason, and consumption continues. While OpenSearch
 * does not take writes, consumption pauses and the same batch is retried until it does.
 */
@ApplicationScoped
public class IndexingConsumer {

    private static final Logger LOG = Logger.getLogger(IndexingConsumer.class);
    public static final String GROUP = "search-service-indexer";
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final ChangeWriter writer;
    private final CatalogIndexer indexer;
    private final SearchIndices indices;
    private final IndexingStatus status;
    private final SearchConfig.Indexing config;
    private final Map<String, Object> kafkaConfig;
    private final List<String> topics;
    private final String group;
    private volatile boolean running;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean paused;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private Instant nextPurge = Instant.now().plus(PURGE_EVERY);

    public IndexingConsumer(ChangeWriter writer, CatalogIndexer indexer, SearchIndices indices, IndexingStatus status,
                                SearchConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                                KafkaTopicsConfig topics) {
        this.writer = writer;
        this.indexer = indexer;
        this.indices = indices;
        this.status = status;
        this.config = config.indexing();
        this.kafkaConfig = kafkaConfig;
        this.topics = writer.topics();
        this.group = topics.topicPrefix().orElse("") + GROUP; // a prefixed installation (or test) has its own group
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "search-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        stopRequested.countDown();
        if (thread != null) {
            thread.join(10_000);
            if (thread.isAlive()) { // e.g. stuck in a call to OpenSearch: interrupting is the last resort
                thread.interrupt();
                thread.join(5_000);
            }
        }
    }

    private void run() {
        KafkaProducer<byte[], byte[]> deadLetters = deadLetterProducer();
        try {
            while (running) {
                try (KafkaConsumer<byte[], byte[]> created = consumer()) {
                    ChangeWriter.Target target = awaitIndices();
                    consumer = created;
                    created.subscribe(topics, new PauseNewPartitionsWhilePaused(created));
                    while (running) {
                        ConsumerRecords<byte[], byte[]> records = created.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            process(records, created, deadLetters, target);
                            created.commitSync();
                        }
                        purgeDeletedMarkers(target.catalog());
                    }
                } catch (WakeupException | InterruptedException e) {
                    // stopping
                } catch (Exception e) {
                    if (running) {
                        // Uncommitted records are read again by the next consumer: nothing is skipped.
                        LOG.warnf(e, "Indexing restarts in 2 s after: %s", e.toString());
                        waitQuietly(Duration.ofSeconds(2));
                    }
                }
            }
        } finally {
            Thread.interrupted(); // a last-resort interrupt from stop() must not break closing
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    /** The aliases to write to, once OpenSearch answers and the indices exist (created on first start). */
    private ChangeWriter.Target awaitIndices() throws InterruptedException {
        Duration backoff = config.retryBackoff();
        while (running) {
            try {
                String catalog = indices.ensureAlias(DocumentType.SOFTWARE_CATALOG);
                String docs = indices.ensureAlias(DocumentType.TECHDOCS);
                status.resumed();
                return new ChangeWriter.Target(catalog, docs, true, catalog, null);
            } catch (Exception e) {
                status.paused("OpenSearch index not available: " + e.getMessage());
                LOG.debugf("Waiting for OpenSearch: %s", e.toString());
                waitUnlessStopping(backoff);
                backoff = next(backoff);
            }
        }
        throw new InterruptedException("stopping");
    }

    private void process(ConsumerRecords<byte[], byte[]> records, KafkaConsumer<byte[], byte[]> consumer,
                         KafkaProducer<byte[], byte[]> deadLetters, ChangeWriter.Target target) throws Exception {
        status.received(records.count());
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> accepted = new ArrayList<>(records.count());
        records.forEach(accepted::add);
        List<WriteOutcome> outcomes = writeUntilTaken(consumer, target, accepted);
        for (int i = 0; i < outcomes.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            switch (outcome.kind()) {
                case WRITTEN -> status.written(1);
                case DELETED -> status.deleted(1);
                case SKIPPED -> status.skipped(1);
                case FAILED -> {
                    ConsumerRecord<byte[], byte[]> record = accepted.get(i);
                    LOG.warnf("Dead-lettering %s@%d/%d: %s", record.topic(), record.partition(), record.offset(),
                            outcome.reason());
                    dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, outcome.reason())));
                }
            }
        }
        deadLetters.flush();
        for (Future<RecordMetadata> ack : dead) {
            ack.get(30, TimeUnit.SECONDS); // the offsets are committed only once the DLQ has the message
        }
        status.deadLettered(dead.size());
    }

    /**
     * Writes the batch, retrying while OpenSearch does not take it; meanwhile the partitions are paused (the consumer
     * keeps polling, so it stays in its group, but receives nothing new) and resumed once the write went through.
     */
    private List<WriteOutcome> writeUntilTaken(KafkaConsumer<byte[], byte[]> consumer, ChangeWriter.Target target,
                                               List<ConsumerRecord<byte[], byte[]>> records) throws InterruptedException {
        Duration backoff = config.retryBackoff();
        try {
            while (true) {
                try {
                    return writer.write(target, records);
                } catch (IndexUnavailableException e) {
                    if (!running) {
                        throw new InterruptedException("stopping");
                    }
                    if (!paused) {
                        LOG.warnf("OpenSearch does not take writes (%s); indexing paused until it does", e.getMessage());
                    }
                    paused = true;
                    status.paused(e.getMessage());
                    consumer.pause(consumer.assignment());
                    waitUnlessStopping(backoff);
                    backoff = next(backoff);
                    consumer.poll(Duration.ZERO); // heartbeat the group; paused partitions return nothing
                    try {
                        // in case an index itself was removed
                        indices.ensureAlias(DocumentType.SOFTWARE_CATALOG);
                        indices.ensureAlias(DocumentType.TECHDOCS);
                    } catch (Exception unavailable) {
                        LOG.debugf("OpenSearch still unavailable: %s", unavailable.toString());
                    }
                }
            }
        } finally {
            if (paused) {
                paused = false;
                consumer.resume(consumer.paused());
                status.resumed();
                LOG.info("OpenSearch takes writes again; indexing resumed");
            }
        }
    }

    /** Deleted-entity markers are kept for a while (see {@code EntityChange.DeletedMarker}), then removed. */
    private void purgeDeletedMarkers(String alias) {
        if (Instant.now().isBefore(nextPurge)) {
            return;
        }
        nextPurge = Instant.now().plus(PURGE_EVERY);
        try {
            long purged = indexer.purgeDeletedBefore(alias,
                    OffsetDateTime.now(ZoneOffset.UTC).minus(config.deletedRetention()));
            if (purged > 0) {
                LOG.infof("Removed %d markers of deleted entities", purged);
            }
        } catch (Exception e) {
            LOG.debugf("Could not purge deleted markers: %s", e.toString());
        }
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : doubled;
    }

    /** Partitions assigned while a batch waits for OpenSearch stay paused too, until the batch went through. */
    private final class PauseNewPartitionsWhilePaused implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> consumer;

        PauseNewPartitionsWhilePaused(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return ChangeConsumers.create(kafkaConfig, group, "search-indexer", config.batchSize());
    }

    private KafkaProducer<byte[], byte[]> deadLetterProducer() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "search-indexer-dlq");
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Waits, but ends at once when the service stops. Stopping does not interrupt the thread: an interrupt would also
     * break the Kafka consumer's close (leaving its group uncleanly, with errors in the log).
     */
    private void waitUnlessStopping(Duration duration) throws InterruptedException {
        if (stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("stopping");
        }
    }

    private void waitQuietly(Duration duration) {
        try {
            waitUnlessStopping(duration);
        } catch (InterruptedException e) {
            // stopping: the loop ends
        }
    }
}
