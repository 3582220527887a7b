package dev.portal.search.rebuild;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

import dev.portal.events.EntityRef;
import dev.portal.events.InvalidEventException;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.SearchIndices;
import dev.portal.search.index.WriteOutcome;
import dev.portal.search.indexing.ChangeWriter;
import dev.portal.search.scorecard.ScorecardChange;
import io.smallrye.common.annotation.Identifier;

/**
 * Rebuilds a type's index without downtime: replays the compacted topic from offset 0 into a new physical index while
 * searches keep using the old one — each document written once, whole: only each key's last message, as if compaction
 * had run, with the entity's last scorecard levels in it — catches up with changes published meanwhile, swaps the read
 * alias atomically, takes in what arrived during the swap, and deletes the old index. A rebuild that receives no document does not swap
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
    /** Bulk requests of a first replay in flight at once: OpenSearch indexes them on two cores while Kafka is read. */
    private static final int PARALLEL_WRITES = 2;
    private static final int LEVELS_PER_WRITE = 1000;
    private static final int KEY_READERS = 2;

    private final SearchIndices indices;
    private final ChangeWriter writer;
    private final Map<String, Object> kafkaConfig;
    private final Map<DocumentType, Progress> rebuilds = new ConcurrentHashMap<>();
    /** One thread per type: the two indices rebuild side by side (one of each type at a time, see start). */
    private final ExecutorService executor = daemonThreads(DocumentType.values().length, "index-rebuild");

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
            // Each document is written once, whole. First the scorecard levels are read (the last per entity);
            // then, of the entity changes, only each key's last message up to `end` is written — what a fully
            // compacted topic would hold (Kafka compacts closed segments only, so a busy topic can hold ten or more
            // versions of every entity) — with its levels in it.
            Optional<String> levelsTopic = writer.levelsTopic(type);
            List<TopicPartition> levelPartitions = partitions.stream()
                    .filter(p -> levelsTopic.isPresent() && p.topic().equals(levelsTopic.get())).toList();
            List<TopicPartition> documentPartitions = partitions.stream().filter(p -> !levelPartitions.contains(p)).toList();
            ChangeWriter.FirstWrites firstWrites = new ChangeWriter.FirstWrites(
                    readLevels(consumer, partitions, restrict(end, levelPartitions), progress));
            Map<TopicPartition, Map<String, Long>> latest = lastOffsetPerKey(documentPartitions, begin,
                    restrict(end, documentPartitions), progress);
            consumer.pause(partitions);
            consumer.resume(documentPartitions);
            replayLatest(consumer, restrict(end, documentPartitions), progress, latest, firstWrites);
            writeLevelsLeft(firstWrites, progress);
            consumer.resume(partitions);
            for (int pass = 0; pass < MAX_CATCH_UP_PASSES; pass++) {
                end = consumer.endOffsets(partitions);
                long gap = behind(end, positions(consumer, partitions));
                if (gap <= SMALL_GAP) {
                    break;
                }
                progress.total += gap;
                replay(consumer, end, progress);
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
            replay(consumer, end, progress);
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
     * The last scorecard levels per entity in these partitions up to {@code end} (none for a type without levels).
     * A tombstone forgets the entity's levels; a message that cannot be read was dead-lettered by the live consumer.
     */
    private Map<String, ScorecardChange> readLevels(KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions, Map<TopicPartition, Long> end, Progress progress) throws Exception {
        Map<String, ScorecardChange> levels = new ConcurrentHashMap<>();
        if (end.isEmpty()) {
            return levels;
        }
        consumer.pause(partitions);
        consumer.resume(end.keySet());
        readUntil(consumer, end, records -> {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                try {
                    Optional<ScorecardChange> change = ScorecardChange.parse(record);
                    if (change.isPresent()) {
                        levels.merge(change.get().entityRef(), change.get(),
                                (old, now) -> now.evaluatedAt() >= old.evaluatedAt() ? now : old);
                    } else if (record.key() != null) {
                        levels.remove(EntityRef.parse(new String(record.key(), StandardCharsets.UTF_8)).canonical());
                    }
                } catch (InvalidEventException | IllegalArgumentException e) {
                    LOG.debugf("Rebuild skips an unreadable scorecard result: %s", e.getMessage());
                }
            }
            progress.scanned += records.count();
            progress.read += records.count();
        });
        rewindTo(consumer, end);
        LOG.infof("Rebuilding %s: %d messages hold the scorecard levels of %d entities", progress.type.id(),
                progress.read, levels.size());
        return levels;
    }

    /** The levels of entities the replay wrote no document for: kept in hidden placeholders, as live indexing does. */
    private void writeLevelsLeft(ChangeWriter.FirstWrites firstWrites, Progress progress) throws Exception {
        List<ScorecardChange> left = new ArrayList<>(firstWrites.scorecardLevels().values());
        for (int from = 0; from < left.size(); from += LEVELS_PER_WRITE) {
            List<ScorecardChange> chunk = left.subList(from, Math.min(left.size(), from + LEVELS_PER_WRITE));
            progress.count(retrying(() -> writer.writeLevels(progress.index, chunk)));
        }
    }

    private static Map<TopicPartition, Long> restrict(Map<TopicPartition, Long> offsets, List<TopicPartition> to) {
        Map<TopicPartition, Long> restricted = new HashMap<>();
        to.forEach(p -> restricted.put(p, offsets.get(p)));
        return restricted;
    }

    /**
     * The offset of the last message of each key in each partition, from {@code begin} to {@code end}. Reads keys
     * only (values are not even copied), about 100 bytes of memory per distinct key. The partitions are read side by
     * side by up to {@link #KEY_READERS} consumers: decompressing the messages is most of the work, and the cores are
     * otherwise idle meanwhile.
     */
    private Map<TopicPartition, Map<String, Long>> lastOffsetPerKey(List<TopicPartition> partitions,
            Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end, Progress progress) throws Exception {
        int readers = Math.max(1, Math.min(KEY_READERS, partitions.size()));
        List<List<TopicPartition>> groups = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < partitions.size(); i++) {
            groups.get(i % readers).add(partitions.get(i));
        }
        Map<TopicPartition, Map<String, Long>> latest = new ConcurrentHashMap<>();
        ExecutorService pool = daemonThreads(readers, "index-rebuild-keys");
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (List<TopicPartition> group : groups) {
                reads.add(pool.submit(() -> {
                    readKeys(group, begin, end, progress, latest);
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                await(read);
            }
        } finally {
            pool.shutdownNow();
        }
        LOG.infof("Rebuilding %s: %d messages hold %d keys", progress.type.id(), progress.scanned,
                latest.values().stream().mapToInt(Map::size).sum());
        return latest;
    }

    private void readKeys(List<TopicPartition> partitions, Map<TopicPartition, Long> begin,
                          Map<TopicPartition, Long> end, Progress progress, Map<TopicPartition, Map<String, Long>> latest) {
        Map<String, Object> settings = consumerSettings();
        // Small polls: the records of a poll are what a young collection finds alive and copies; more of them
        // overflow into the old generation, filling it with garbage only full collections clear.
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
        Map<TopicPartition, Long> until = restrict(end, partitions);
        try (KafkaConsumer<byte[], Void> keys = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new Skipped())) {
            keys.assign(partitions);
            partitions.forEach(p -> {
                keys.seek(p, begin.get(p));
                latest.put(p, new HashMap<>());
            });
            Instant lastProgress = Instant.now();
            while (behind(until, positions(keys, partitions)) > 0) {
                var records = keys.poll(Duration.ofMillis(500));
                if (records.isEmpty() && Instant.now().isAfter(lastProgress.plus(STALL_TIMEOUT))) {
                    throw new IllegalStateException("Reading the keys of " + partitions + " stalled");
                }
                for (ConsumerRecord<byte[], Void> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.key() != null && record.offset() < until.get(partition)) {
                        latest.get(partition).put(key(record.key()), record.offset());
                    }
                }
                if (!records.isEmpty()) {
                    lastProgress = Instant.now();
                    progress.countScanned(records.count());
                }
            }
        }
    }

    /** Whether a record is the last of its key up to the end of the key pass (per {@code latest}), or has no key. */
    private static boolean isLatest(ConsumerRecord<byte[], byte[]> record,
                                    Map<TopicPartition, Map<String, Long>> latest) {
        if (record.key() == null) {
            return true;
        }
        Long last = latest.getOrDefault(new TopicPartition(record.topic(), record.partition()), Map.of())
                .get(key(record.key()));
        return last == null || last == record.offset();
    }

    /**
     * A record key as a map key: its bytes one char each (a plain copy). Not a {@code ByteBuffer}, whose hash of
     * keys alike but for their last characters — entity refs — collides so often that the map degrades to trees.
     */
    private static String key(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    /**
     * The first replay of a topic into the new index: only each key's last message up to {@code end} is written
     * (the others are read and skipped), and since each document is then written once, by one of its kind, batches
     * go to OpenSearch side by side ({@link #PARALLEL_WRITES}) while the next ones are read from Kafka.
     */
    private void replayLatest(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Progress progress,
                              Map<TopicPartition, Map<String, Long>> latest, ChangeWriter.FirstWrites firstWrites)
            throws Exception {
        ChangeWriter.Target target = target(progress, firstWrites);
        ExecutorService writes = daemonThreads(PARALLEL_WRITES, "index-rebuild-write");
        Deque<Future<?>> inFlight = new ArrayDeque<>();
        try {
            readUntil(consumer, end, records -> {
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(record -> {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && isLatest(record, latest)) {
                        batch.add(record);
                    }
                });
                while (inFlight.size() >= PARALLEL_WRITES) {
                    await(inFlight.removeFirst());
                }
                inFlight.add(writes.submit(() -> {
                    progress.count(write(target, batch));
                    return null;
                }));
                progress.read += records.count();
            });
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst());
            }
            rewindTo(consumer, end);
        } finally {
            writes.shutdownNow();
        }
    }

    /** Reads every partition up to {@code end} into the new index, every message in order (the catch-up passes). */
    private void replay(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Progress progress)
            throws Exception {
        ChangeWriter.Target target = target(progress, null);
        readUntil(consumer, end, records -> {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
            records.forEach(batch::add);
            progress.count(write(target, batch));
            progress.read += records.count();
        });
    }

    /** What to do with each poll's records. */
    private interface Records {
        void take(ConsumerRecords<byte[], byte[]> records) throws Exception;
    }

    /** Polls until the consumer's position reaches {@code end} in every one of its partitions. */
    private static void readUntil(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Records take)
            throws Exception {
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
            take.take(records);
        }
    }

    /**
     * Puts the consumer back at {@code end} where a poll took it further: the messages past {@code end} were not
     * written (they are newer than the key pass saw) and belong to the catch-up passes, which write every message in
     * order.
     */
    private static void rewindTo(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        end.forEach((partition, offset) -> {
            if (consumer.position(partition) > offset) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** A pool of daemon threads: a rebuild never keeps the service from stopping. */
    private static ExecutorService daemonThreads(int threads, String name) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void await(Future<?> write) throws Exception {
        try {
            write.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The new index for the records of the type being rebuilt; docs pages read their entities from the live alias. */
    private ChangeWriter.Target target(Progress progress, ChangeWriter.FirstWrites firstWrites) {
        String catalogAlias = indices.alias(DocumentType.SOFTWARE_CATALOG);
        return progress.type == DocumentType.SOFTWARE_CATALOG
                ? new ChangeWriter.Target(progress.index, null, false, catalogAlias, firstWrites)
                : new ChangeWriter.Target(null, progress.index, false, catalogAlias, firstWrites);
    }

    private List<WriteOutcome> write(ChangeWriter.Target target, List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        return retrying(() -> writer.write(target, records));
    }

    /** A write, tried again while OpenSearch does not take it (every write is idempotent). */
    private static <T> T retrying(Callable<T> write) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.call();
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
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: the live offsets stay as they are
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "search-index-rebuild");
        // Fetches well below the young generation: a larger response is one array allocated straight in the old
        // generation, and a full collection with it (with 8 MB per partition, one per fetch: a third of the time).
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024);
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

        synchronized void countScanned(int messages) {
            scanned += messages;
        }

        /** Counts a batch's writes (called by the writing threads). */
        synchronized void count(List<WriteOutcome> outcomes) {
            for (WriteOutcome outcome : outcomes) {
                if (outcome.kind() == WriteOutcome.Kind.WRITTEN || outcome.kind() == WriteOutcome.Kind.DELETED) {
                    indexed++;
                }
                if (outcome.kind() == WriteOutcome.Kind.WRITTEN) {
                    documents++;
                }
            }
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
