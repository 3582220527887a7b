package dev.portal.scorecard.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import dev.portal.events.InvalidEventException;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.consume.ChangeConsumers;
import dev.portal.events.consume.ConsumerLoop;
import dev.portal.scorecard.evaluation.EvaluationService;
import dev.portal.scorecard.store.Db;

/**
 * The transport layer shared by the three consumers (entity changes, docs, facts): a plain Kafka consumer loop in
 * its own thread. Each poll is parsed ({@link #parse}; a record that cannot be read goes to {@code <topic>.dlq} with
 * the reason), applied to the read model and the affected entities re-evaluated in one transaction per run of at most
 * {@link #MAX_CHUNK_BYTES} of messages; offsets are committed only after the poll's last commit, so a crash re-reads and never skips (every step is idempotent). A poll whose
 * transaction fails is retried record by record, and a record that fails alone is dead-lettered — unless the database
 * itself is away, when the whole poll is read again later.
 */
public abstract class TopicConsumer<M> {

    private static final Logger LOG = Logger.getLogger(TopicConsumer.class);
    /** Message bytes parsed and applied in one transaction (see {@link #chunks}). */
    static final long MAX_CHUNK_BYTES = 2_000_000;
    /** Entities evaluated (loaded, locked) in one transaction. */
    private static final int MAX_EVALUATED_TOGETHER = 500;

    private final Db db;
    private final EvaluationService evaluation;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final String group;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private ConsumerLoop loop;

    protected TopicConsumer(Db db, EvaluationService evaluation, Map<String, Object> kafkaConfig, String topic,
                            String group) {
        this.db = db;
        this.evaluation = evaluation;
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.group = group;
    }

    /** The message in a record, or null to skip it (a tombstone); throws InvalidEventException for the DLQ. */
    protected abstract M parse(ConsumerRecord<byte[], byte[]> record);

    /** Applies a message to the read model; returns the refs to re-evaluate. */
    protected abstract Set<String> apply(Connection connection, M message) throws SQLException;

    public long applied() {
        return applied.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    protected void startThread(String name) {
        loop = new ConsumerLoop(name, List.of(topic), () -> ChangeConsumers.create(kafkaConfig, group, group, 500),
                kafkaConfig, this::process);
        loop.start();
    }

    protected void stopThread() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    private record Parsed<M>(ConsumerRecord<byte[], byte[]> record, M message) {
    }

    private void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters)
            throws Exception {
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> chunk : chunks(records, MAX_CHUNK_BYTES)) {
            applyChunk(chunk, deadLetters, dead);
        }
        deadLetters.flush();
        for (Future<RecordMetadata> ack : dead) {
            ack.get(30, TimeUnit.SECONDS); // offsets are committed only once the DLQ has the message
        }
        deadLettered.addAndGet(dead.size());
    }

    /**
     * The poll in runs of at most {@code maxBytes} of message values (a larger message alone), in order. A poll is
     * bounded by its record count, and 500 entities of a large organisation (teams with hundreds of relations) parsed
     * at once ran a 256 MB heap out of memory; each run is parsed and applied on its own.
     */
    static <K> List<List<ConsumerRecord<K, byte[]>>> chunks(Iterable<ConsumerRecord<K, byte[]>> records, long maxBytes) {
        List<List<ConsumerRecord<K, byte[]>>> chunks = new ArrayList<>();
        List<ConsumerRecord<K, byte[]>> chunk = new ArrayList<>();
        long bytes = 0;
        for (ConsumerRecord<K, byte[]> record : records) {
            long size = record.value() == null ? 0 : record.value().length;
            if (!chunk.isEmpty() && bytes + size > maxBytes) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(record);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private void applyChunk(List<ConsumerRecord<byte[], byte[]>> records, KafkaProducer<byte[], byte[]> deadLetters,
                            List<Future<RecordMetadata>> dead) {
        List<Parsed<M>> parsed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                M message = parse(record);
                if (message != null) {
                    parsed.add(new Parsed<>(record, message));
                }
            } catch (InvalidEventException | IllegalArgumentException e) {
                LOG.warnf("Dead-lettering %s@%d/%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(record, e.getMessage())));
            }
        }
        try {
            applyAll(parsed);
        } catch (RuntimeException batchFailed) {
            throwIfDatabaseIsAway(batchFailed);
            LOG.warnf("A batch of %d from %s failed (%s); applying one by one", parsed.size(), topic, batchFailed.toString());
            for (Parsed<M> one : parsed) {
                try {
                    applyAll(List.of(one));
                } catch (RuntimeException e) {
                    throwIfDatabaseIsAway(e);
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    dead.add(deadLetters.send(KafkaCloudEvents.deadLetter(one.record(), reason)));
                }
            }
        }
    }

    /**
     * A failure while PostgreSQL is stopped or restarting says nothing about the records: they must not be
     * dead-lettered (that would lose every fact and change of the outage). Throwing makes the loop read the batch
     * again from the last committed offset once it restarts, 2 s later.
     */
    private void throwIfDatabaseIsAway(RuntimeException failure) {
        if (Db.isUnavailable(failure) || !db.answers()) {
            throw failure;
        }
    }

    private void applyAll(List<Parsed<M>> parsed) {
        if (parsed.isEmpty()) {
            return;
        }
        List<String> affected = db.transaction(connection -> {
            Set<String> refs = new LinkedHashSet<>();
            for (Parsed<M> one : parsed) {
                refs.addAll(apply(connection, one.message()));
            }
            List<String> all = new ArrayList<>(refs);
            evaluation.evaluate(connection, all.subList(0, Math.min(all.size(), MAX_EVALUATED_TOGETHER)));
            return all;
        });
        // A team's change re-evaluates everything it owns (thousands of entities in a large organisation): the rest
        // in runs of their own, each loading and locking a bounded number of entities. A crash in between reads the
        // poll again, and evaluating again is harmless.
        for (int from = MAX_EVALUATED_TOGETHER; from < affected.size(); from += MAX_EVALUATED_TOGETHER) {
            List<String> slice = affected.subList(from, Math.min(affected.size(), from + MAX_EVALUATED_TOGETHER));
            db.transaction(connection -> evaluation.evaluate(connection, slice));
        }
        applied.addAndGet(parsed.size());
    }
}
