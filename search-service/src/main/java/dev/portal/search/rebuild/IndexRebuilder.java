package dev.portal.search.rebuild;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ClientErrorException;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.SearchIndices;
import dev.portal.search.index.WriteOutcome;
import dev.portal.search.indexing.ChangeWriter;
import io.smallrye.common.annotation.Identifier;

/**
 * Rebuilds a type's index without downtime: replays the compacted topic from offset 0 into a new physical index while
 * searches keep using the old one, catches up with changes published meanwhile, swaps the read alias atomically, takes
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
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
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
            replay(consumer, end, progress);
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

    /** Reads every partition up to {@code end} into the new index. */
    private void replay(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, Progress progress)
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
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
            records.forEach(batch::add);
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

    private static Map<TopicPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer,
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
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group: the live offsets stay as they are
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "search-index-rebuild");
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A rebuild's mutable progress, written by its thread and read by status requests. */
    private static final class Progress {
        final DocumentType type;
        final Instant startedAt = Instant.now();
        volatile RebuildStatus.State state = RebuildStatus.State.RUNNING;
        volatile String index;
        volatile long total;
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
            return new RebuildStatus(type.id(), state, index, startedAt, finishedAt, total, read, indexed, replaced,
                    message);
        }
    }
}
