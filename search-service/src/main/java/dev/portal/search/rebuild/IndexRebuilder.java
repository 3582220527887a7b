package dev.portal.search.rebuild;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.SearchIndices;
import dev.portal.search.index.WriteOutcome;
import dev.portal.search.indexing.ChangeWriter;
import io.smallrye.common.annotation.Identifier;

/**
 * Rebuilds a type's index without downtime: replays the compacted topic from offset 0 into a new physical index while
 * searches keep using the old one (writing only each key's last message, as if compaction had run), catches up with changes published meanwhile, swaps the read alias atomically, takes
 * in what arrived during the swap, and deletes the old index. A rebuild that receives no document does not swap
 * (Backstage's rule: an empty replay more likely means a broken source than an empty catalog).
 *
 * <p>No coordination with the live consumers is needed: they write to the alias, so before the swap their writes go to
 * the old index and are also replayed from the topic by the catch-up passes, and after it they go to the new one.
 * Every write is idempotent (see {@link ChangeWriter}), so writing a change twice, or an older one late, is harmless.
 */
@ApplicationScoped
public class IndexRebuilder {

    private static final Logger LOG = Logger.getLogger(IndexRebuilder.class);
    /** Catch-up passes before the swap continue while more than this many messages arrived during the previous one. */
    private static final long SMALL_GAP = 500;
    private static final int MAX_CATCH_UP_PASSES = 5;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int WRITE_ATTEMPTS = 10;

    private final SearchIndices indices;
    private final ChangeWriter writer;
    private final Map<String, Object> kafkaConfig;
    private final Map<DocumentType, Progress> rebuilds = new ConcurrentHashMap<>();
    /** One thread per type: the two indices rebuild side by side (one of each type at a time, see start). */
    private final ExecutorService executor = Executors.newFixedThreadPool(DocumentType.values().length, runnable -> {
        Thread thread = new Thread(runnable, "index-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    public IndexRebuilder(SearchIndices indices, ChangeWriter writer,
                          @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.indices = indices;
        this.writer = writer;
        this.kafkaConfig = kafkaConfig;
    }

    /**
     * Starts a rebuild of the type's index in the background.
     *
     * @throws ClientErrorException 409 when one is already running for the type
     */
    public synchronized RebuildStatus start(DocumentType type) {
        Progress running = rebuilds.get(type);
        if (running != null && running.state == RebuildStatus.State.RUNNING) {
            throw new ClientErrorException("A rebuild of " + type.id() + " is already running (into " + running.index
                    + ")", 409);
        }
        Progress progress = new Progress(type);
        rebuilds.put(type, progress);
        executor.submit(() -> run(progress));
        return progress.status();
    }

    /** The running or last rebuild of the type since this instance started. */
    public Optional<RebuildStatus> status(DocumentType type) {
        return Optional.ofNullable(rebuilds.get(type)).map(Progress::status);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    private void run(Progress progress) {
        DocumentType type = progress.type;
        boolean swapped = false;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            progress.index = indices.createPhysicalIndexForBulkLoad(type);
            List<String> topics = writer.topics(type);
            LOG.infof("Rebuilding %s into %s from %s", type.id(), progress.index, topics);
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            progress.total = behind(end, begin);
            // Only each key's last message up to `end` is written: what a fully compacted topic would hold. Kafka
            // compacts closed segments only, so a busy topic can hold ten or more versions of every entity.
            Map<TopicPartition, Map<ByteBuffer, Long>> latest = lastOffsetPerKey(partitions, begin, end, progress);
            replay(consumer, end, progress, latest);
            for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
                end = consumer.endOffsets(partitions);
                long gap = behind(end, positions(consumer, partitions));
                if (gap <= SMALL_GAP) {
                    break;
                }
                progress.total += gap;
                replay(consumer, end, progress, null);
            }
            if (progress.documents == 0) {
                indices.deleteQuietly(progress.index);
                progress.finish(RebuildStatus.State.NOT_SWAPPED, "The replay received no documents: the alias stays on "
                        + indices.indicesBehind(type));
                LOG.warnf("Rebuild of %s received no documents; not swapped", type.id());
                return;
            }
            indices.finishBulkLoad(progress.index);
            List<String> old = indices.swapAlias(type, progress.index);
            swapped = true;
            // What the live consumers wrote to the old index just before the swap: take it in from the topic.
            end = consumer.endOffsets(partitions);
            progress.total += behind(end, positions(consumer, partitions));
            replay(consumer, end, progress, null);
            old.forEach(indices::deleteQuietly);
            progress.replaced = old;
            progress.finish(RebuildStatus.State.SWAPPED, null);
            LOG.infof("Rebuilt %s: %d messages, %d documents; alias moved from %s to %s", type.id(), progress.read,
                    progress.indexed, old, progress.index);
        } catch (Exception e) {
            LOG.errorf(e, "Rebuild of %s failed", type.id());
            if (progress.index != null && !swapped) {
                indices.deleteQuietly(progress.index);
            }
            progress.finish(RebuildStatus.State.FAILED, swapped
                    ? "Swapped, but taking in the last changes failed (the live consumers have them): " + e.getMessage()
                    : e.getMessage());
        }
    }

    /**
     * The offset of the last message of each key in each partition, from {@code begin} to {@code end}. Reads keys
     * only (values are not even copied), about 100 bytes of memory per distinct key.
     */
    private Map<TopicPartition, Map<ByteBuffer, Long>> lastOffsetPerKey(List<TopicPartition> partitions,
            Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end, Progress progress) {
        Map<TopicPartition, Map<ByteBuffer, Long>> latest = new HashMap<>();
        Map<String, Object> settings = consumerSettings();
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        try (KafkaConsumer<byte[], Void> keys = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new Skipped())) {
            keys.assign(partitions);
            begin.forEach(keys::seek);
            Instant lastProgress = Instant.now();
            while (behind(end, positions(keys, partitions)) > 0) {
                var records = keys.poll(Duration.ofMillis(500));
                if (records.isEmpty() && Instant.now().isAfter(lastProgress.plus(STALL_TIMEOUT))) {
                    throw new IllegalStateException("Reading the keys of " + partitions + " stalled");
                }
                for (ConsumerRecord<byte[], Void> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.key() != null && record.offset() < end.get(partition)) {
                        latest.computeIfAbsent(partition, p -> new HashMap<>()).put(ByteBuffer.wrap(record.key()), record.offset());
                    }
                }
                if (!records.isEmpty()) {
                    lastProgress = Instant.now();
                    progress.scanned += records.count();
                }
            }
        }
        LOG.infof("Rebuilding %s: %d messages hold %d keys", progress.type.id(), progress.scanned,
                latest.values().stream().mapToInt(Map::size).sum());
        return latest;
    }

    /**
     * Whether a record is to be written: the last of its key up to {@code end} (per {@code latest}), or past
     * {@code end} (newer than anything the key pass saw), or without a key.
     */
    private static boolean isLatest(ConsumerRecord<byte[], byte[]> record, Map<TopicPartition, Long> end,
                                    Map<TopicPartition, Map<ByteBuffer, Long>> latest) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (latest == null || record.key() == null || record.offset() >= end.get(partition)) {
            return true;
        }
        Long last = latest.getOrDefault(partition, Map.of()).get(ByteBuffer.wrap(record.key()));
        return last == null || last == record.offset();
    }

    /**
     * Reads every partition up to {@code end} into the new index; with {@code latest}, only each key's last message
     * (the others are read and skipped).
     */
    private void replay(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Progress progress,
                        Map<TopicPartition, Map<ByteBuffer, Long>> latest) throws Exception {
        Instant lastProgress = Instant.now();
        while (behind(end, positions(consumer, end.keySet().stream().toList())) > 0) {
            var records = consumer.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                if (Instant.now().isAfter(lastProgress.plus(STALL_TIMEOUT))) {
                    throw new IllegalStateException("The replay of " + end.keySet() + " stalled");
                }
                continue;
            }
            lastProgress = Instant.now();
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
            records.forEach(record -> {
                if (isLatest(record, end, latest)) {
                    batch.add(record);
                }
            });
            // A record that cannot be read (FAILED) was dead-lettered by the live consumer already.
            for (WriteOutcome outcome : write(target(progress), batch)) {
                if (outcome.kind() == WriteOutcome.Kind.WRITTEN || outcome.kind() == WriteOutcome.Kind.DELETED) {
                    progress.indexed++;
                }
                if (outcome.kind() == WriteOutcome.Kind.WRITTEN) {
                    progress.documents++;
                }
            }
            progress.read += records.count();
        }
    }

    /** The new index for the records of the type being rebuilt; docs pages read their entities from the live alias. */
    private ChangeWriter.Target target(Progress progress) {
        String catalogAlias = indices.alias(DocumentType.SOFTWARE_CATALOG);
        return progress.type == DocumentType.SOFTWARE_CATALOG
                ? new ChangeWriter.Target(progress.index, null, false, catalogAlias)
                : new ChangeWriter.Target(null, progress.index, false, catalogAlias);
    }

    private List<WriteOutcome> write(ChangeWriter.Target target, List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.write(target, records);
            } catch (IndexUnavailableException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<?, ?> consumer,
                                                       List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        return positions;
    }

    /** Messages from {@code from} to {@code to}, over all partitions. */
    private static long behind(Map<TopicPartition, Long> to, Map<TopicPartition, Long> from) {
        return to.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L))).sum();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> settings = consumerSettings();
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: the live offsets stay as they are
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "search-index-rebuild");
        return settings;
    }

    /** Values not read at all: the key pass needs only keys and offsets. */
    private static final class Skipped implements Deserializer<Void> {
        @Override
        public Void deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public Void deserialize(String topic, Headers headers, ByteBuffer data) {
            return null;
        }
    }

    /** A rebuild's mutable progress, written by its thread and read by status requests. */
    private static final class Progress {
        final DocumentType type;
        final Instant startedAt = Instant.now();
        volatile RebuildStatus.State state = RebuildStatus.State.RUNNING;
        volatile String index;
        volatile long total;
        volatile long scanned;
        volatile long read;
        volatile long indexed;
        volatile long documents;
        volatile List<String> replaced;
        volatile Instant finishedAt;
        volatile String message;

        Progress(DocumentType type) {
            this.type = type;
        }

        void finish(RebuildStatus.State state, String message) {
            this.message = message;
            this.finishedAt = Instant.now();
            this.state = state;
        }

        RebuildStatus status() {
            return new RebuildStatus(type.id(), state, index, startedAt, finishedAt, total, scanned, read, indexed,
                    replaced, message);
        }
    }
}
