package dev.portal.scorecard.outbox;

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
 * Publishes the outbox to {@code portal.scorecard.changes} in write order, deleting rows only once Kafka acknowledged
 * them — a crash re-publishes (consumers keep the latest per key, so a duplicate is harmless), never loses, and no
 * event is ever sent for a rolled-back result (the catalog's pattern, design.md "Events"). One replica relays at a
 * time (advisory lock per schema); it wakes on NOTIFY instead of polling.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL =
            "SELECT pg_try_advisory_lock(hashtextextended('portal.scorecard-outbox:' || current_schema(), 0))";
    private static final int BATCH = 1000;
    private static final URI SOURCE = URI.create("/scorecard-service");

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
        this.topic = topics.scorecardChanges();
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "scorecard-outbox-relay");
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

    public long published() {
        return published.get();
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = producer();
        try {
            while (running) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(true);
                    if (!lock(connection)) {
                        sleep(2_000);
                        continue;
                    }
                    try {
                        relay(connection, producer);
                    } finally {
                        release(connection);
                    }
                } catch (Exception e) {
                    if (running) {
                        LOG.warnf("Scorecard outbox relay paused (%s); retrying in 1 s", e.toString());
                        sleep(1_000);
                    }
                }
            }
        } finally {
            Thread.interrupted(); // stop() interrupts waits; closing must not see that
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    private record Row(long id, String ref, String payload) {
    }

    private void relay(Connection connection, KafkaProducer<String, byte[]> producer) throws Exception {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN scorecard_outbox");
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
            List<Row> batch = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, ref, payload FROM outbox ORDER BY id LIMIT " + BATCH);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(new Row(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
            if (batch.isEmpty()) {
                notifications.getNotifications(500);
                continue;
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Row row : batch) {
                CloudEventEnvelope envelope = CloudEventEnvelope.create(SOURCE, EventType.SCORECARD_EVALUATED, row.ref());
                byte[] value = row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(KafkaCloudEvents.record(topic, row.ref(), envelope, value)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id <= ?")) {
                delete.setLong(1, batch.get(batch.size() - 1).id());
                delete.executeUpdate();
            }
            published.addAndGet(batch.size());
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "scorecard-outbox-relay");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static boolean lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_SQL); ResultSet rs = lock.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

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
