package dev.portal.events.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.kafka.KafkaMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * The transactional outbox's relay, shared by every service that has an outbox: publishes the outbox table's rows to
 * a Kafka topic as CloudEvents binary-mode records (key = the row's key) in the order they were written, and deletes
 * each row only after Kafka acknowledged it — a crash at any point re-publishes (at least once, order kept), never
 * loses. Event types in {@link Settings#tombstoneAfter()} are followed by a tombstone for the same key, so compaction
 * forgets it.
 * <p>
 * One replica relays at a time: a PostgreSQL advisory lock derived from {@link Settings#lockKey()} and the schema
 * (advisory locks are database-wide, but the outbox is the table of this installation's schema — a constant key let
 * one schema's relay hold the lock for every other schema in the database). It wakes on the outbox's NOTIFY on
 * {@link Settings#channel()} rather than polling, and retries after any failure.
 * <p>
 * Plain Java: {@link #start()} and {@link #stop()} are called by the service (e.g. a CDI bean observing Quarkus'
 * startup and shutdown events). Needs the PostgreSQL driver (for LISTEN/NOTIFY) on the classpath.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    /**
     * Deleted rows between two VACUUMs of the outbox. Under load the relay deletes thousands of rows a second, and
     * until they are vacuumed every read of the oldest rows walks them again in the id index (autovacuum comes at
     * most once a minute): reads of 20–120 ms instead of 2 were seen during an ingest of 100,000 entities.
     */
    public static final int VACUUM_AFTER_ROWS = 5_000;
    private static final String LOCK_SQL =
            "SELECT pg_try_advisory_lock(hashtextextended(CAST(? AS text) || ':' || current_schema(), 0))";

    /** One outbox row to publish: its id (write order), Kafka key, CloudEvents type and payload (null: no value). */
    public record Row(long id, String key, EventType type, String payload) {
    }

    /** Reads the current row of {@link Settings#select()}'s result. */
    @FunctionalInterface
    public interface RowReader {
        Row read(ResultSet rs) throws SQLException;
    }

    /**
     * What to relay and where.
     *
     * @param dataSource        the service's PostgreSQL data source
     * @param kafkaConfig       the broker's producer config (bootstrap servers, security); the relay adds acks=all,
     *                          idempotence (keeps per-partition order across retries), lz4 and a 5 ms linger
     * @param producerOverrides producer settings applied on top of those (e.g. linger, max request size)
     * @param clientId          the producer's client.id
     * @param topic             the topic to publish to
     * @param source            the CloudEvents source of every event
     * @param channel           the channel the outbox's insert trigger NOTIFYs
     * @param lockKey           the advisory lock's name; the lock is {@code hashtextextended(lockKey || ':' ||
     *                          current_schema(), 0)}
     * @param table             the outbox table (rows are deleted from it by {@code id}, and counted for pending)
     * @param select            the oldest rows in write order, with one parameter: the batch size, e.g. {@code SELECT
     *                          id, ref, payload FROM outbox ORDER BY id LIMIT ?}
     * @param reader            turns a row of {@code select} into a {@link Row}
     * @param tombstoneAfter    the event types followed by a tombstone
     * @param batchSize         rows per batch
     * @param idleWait          how long to wait for a NOTIFY when the outbox is empty before looking again
     * @param threadName        the relay thread's name
     * @param description       the relay's name in log messages, e.g. "Outbox relay"
     */
    public record Settings(DataSource dataSource, Map<String, Object> kafkaConfig,
                           Map<String, Object> producerOverrides, String clientId, String topic, URI source,
                           String channel, String lockKey, String table, String select, RowReader reader,
                           Set<EventType> tombstoneAfter, int batchSize, Duration idleWait, String threadName,
                           String description) {

        public Settings {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(kafkaConfig, "kafkaConfig");
            producerOverrides = producerOverrides == null ? Map.of() : Map.copyOf(producerOverrides);
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(lockKey, "lockKey");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(select, "select");
            Objects.requireNonNull(reader, "reader");
            tombstoneAfter = tombstoneAfter == null ? Set.of() : Set.copyOf(tombstoneAfter);
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
            }
            Objects.requireNonNull(idleWait, "idleWait");
            Objects.requireNonNull(threadName, "threadName");
            Objects.requireNonNull(description, "description");
        }
    }

    private final Settings settings;
    private final AtomicLong published = new AtomicLong();
    private long removedSinceVacuum;
    private volatile boolean running;
    private Thread thread;
    private Gauge pendingGauge;

    public OutboxRelay(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts the relay thread (a daemon). */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, settings.threadName());
        thread.setDaemon(true);
        thread.start();
        // What an operator alerts on when changes stop leaving the service: counted when /q/metrics is scraped
        pendingGauge = Gauge.builder("portal.outbox.pending", this, relay -> {
                    long pending = relay.pending();
                    return pending < 0 ? Double.NaN : pending;
                })
                .description("Events written to the outbox and not yet acknowledged by Kafka (NaN: database away)")
                .tag("topic", settings.topic()).strongReference(true).register(Metrics.globalRegistry);
    }

    /** Stops the relay thread and waits up to 10 s for it; rows not yet acknowledged stay for the next start. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (pendingGauge != null) {
            Metrics.globalRegistry.remove(pendingGauge);
            pendingGauge = null;
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
            thread = null;
        }
    }

    /** Events published since start. */
    public long published() {
        return published.get();
    }

    /** Events written but not yet acknowledged by Kafka; -1 if the database could not be asked. */
    public long pending() {
        try (Connection connection = settings.dataSource().getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM " + settings.table());
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = producer();
        KafkaClientMetrics producerMeters = KafkaMeters.bind(producer);
        try {
            while (running) {
                try (Connection connection = settings.dataSource().getConnection()) {
                    connection.setAutoCommit(true);
                    if (!lock(connection)) {
                        sleep(2_000); // another replica relays
                        continue;
                    }
                    try {
                        relay(connection, producer);
                    } finally {
                        release(connection);
                    }
                } catch (Exception e) {
                    if (running) {
                        LOG.warning(() -> String.format("%s paused (%s); retrying in 1 s",
                                settings.description(), e));
                        sleep(1_000);
                    }
                }
            }
        } finally {
            Thread.interrupted(); // stop() interrupts waits; closing must not see that
            producerMeters.close();
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void relay(Connection connection, KafkaProducer<String, byte[]> producer) throws Exception {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + settings.channel());
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        int idleWait = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.idleWait().toMillis()));
        while (running) {
            List<Row> batch = oldest(connection);
            if (batch.isEmpty()) {
                notifications.getNotifications(idleWait); // wait for a NOTIFY, at most idleWait
                continue;
            }
            publish(producer, batch);
            remove(connection, batch);
            published.addAndGet(batch.size());
            removedSinceVacuum += batch.size();
            if (removedSinceVacuum >= VACUUM_AFTER_ROWS) {
                vacuum(connection);
                removedSinceVacuum = 0;
            }
        }
    }

    private List<Row> oldest(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(settings.select())) {
            select.setInt(1, settings.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(settings.reader().read(rs));
                }
            }
        }
        return rows;
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<Row> batch) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Row row : batch) {
            CloudEventEnvelope envelope = CloudEventEnvelope.create(settings.source(), row.type(), row.key());
            byte[] payload = row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
            sent.add(producer.send(KafkaCloudEvents.record(settings.topic(), row.key(), envelope, payload)));
            if (settings.tombstoneAfter().contains(row.type())) {
                // then the tombstone, so compaction forgets the key
                sent.add(producer.send(KafkaCloudEvents.record(settings.topic(), row.key(), envelope, null)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            ack.get(30, TimeUnit.SECONDS); // any failure: the rows stay and the batch goes again
        }
    }

    /** Deletes exactly the published rows (a row with a lower id committed meanwhile is not among them). */
    private void remove(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM " + settings.table() + " WHERE id = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", rows.stream().map(Row::id).toArray(Long[]::new)));
            delete.executeUpdate();
        }
    }

    /** Best effort: a VACUUM that fails (e.g. the role does not own the table) leaves the work to autovacuum. */
    private void vacuum(Connection connection) {
        try (Statement vacuum = connection.createStatement()) {
            vacuum.execute("VACUUM (TRUNCATE FALSE) " + settings.table()); // truncating would lock out writers
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not vacuum {0}: {1}", new Object[] {settings.table(), e.getMessage()});
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(settings.kafkaConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // keeps per-partition order across retries
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(settings.producerOverrides());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL)) {
            lock.setString(1, settings.lockKey());
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The connection goes back to the pool, so the session's lock and LISTEN must not stay with it. */
    private static void release(Connection connection) {
        try (Statement unlock = connection.createStatement()) {
            unlock.execute("UNLISTEN *");
            unlock.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            LOG.log(Level.FINE, "could not release the relay''s session state: {0}", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
