package dev.portal.catalog.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes the outbox to {@code portal.entity.changes} in the order the rows were written, and deletes each row only
 * after Kafka acknowledged it: a crash at any point re-publishes (at least once, order kept), never loses. One replica
 * relays at a time (a PostgreSQL advisory lock per schema); it wakes on the outbox's NOTIFY rather than polling.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * The relay's advisory lock, one per outbox: advisory locks are database-wide, but the outbox is the table of this
     * installation's schema, so the key is derived from the schema (a constant key let the catalog of one schema —
     * the local stack's — hold the lock for every other schema in the database, whose outboxes then never drained).
     */
    private static final String LOCK_SQL =
            "SELECT pg_try_advisory_lock(hashtextextended('portal.outbox-relay:' || current_schema(), 0))";
    private static final int BATCH = 1000;
    private static final URI SOURCE = URI.create("/catalog-service");

    private final AgroalDataSource dataSource;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       KafkaTopicsConfig topics) {
        this.dataSource = dataSource;
        this.kafkaConfig = kafkaConfig;
        this.topic = topics.entityChanges();
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    /** Events published since start. */
    public long published() {
        return published.get();
    }

    /** Events written but not yet acknowledged by Kafka. */
    public long pending() {
        try (Connection connection = dataSource.getConnection()) {
            return OutboxRepository.pending(connection);
        } catch (SQLException e) {
            return -1;
        }
    }

    private void run() {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            while (running) {
                try (Connection connection = dataSource.getConnection()) {
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
                        LOG.warnf("Outbox relay paused (%s); retrying in 1 s", e.toString());
                        sleep(1_000);
                    }
                }
            }
        }
    }

    private void relay(Connection connection, KafkaProducer<String, byte[]> producer) throws Exception {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN portal_outbox");
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
            List<OutboxEvent> batch = OutboxRepository.oldest(connection, BATCH);
            if (batch.isEmpty()) {
                notifications.getNotifications(1_000); // wait for a NOTIFY, at most a second
                continue;
            }
            publish(producer, batch);
            OutboxRepository.remove(connection, batch);
            published.addAndGet(batch.size());
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<OutboxEvent> batch) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (OutboxEvent event : batch) {
            CloudEventEnvelope envelope = CloudEventEnvelope.create(SOURCE, event.type(), event.entityRef());
            byte[] payload = event.payload() == null ? null : event.payload().getBytes(StandardCharsets.UTF_8);
            sent.add(producer.send(KafkaCloudEvents.record(topic, event.entityRef(), envelope, payload)));
            if (event.type() == EventType.ENTITY_DELETED) {
                // then the tombstone, so compaction forgets the entity
                sent.add(producer.send(KafkaCloudEvents.record(topic, event.entityRef(), envelope, null)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            ack.get(30, TimeUnit.SECONDS); // any failure: the rows stay and the batch goes again
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // keeps per-partition order across retries
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "catalog-outbox-relay");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL)) {
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
            LOG.debugf("could not release the relay's session state: %s", e.getMessage());
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
