package dev.portal.techdocs.outbox;

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
 * Publishes techdocs' outbox to {@code portal.techdocs.changes} (key = entity ref) in the order the rows were written,
 * deleting each row only after Kafka acknowledged it; a {@code removed} event is followed by a tombstone for the same
 * key so compaction forgets the entity. One replica relays at a time (an advisory lock per schema); it wakes on the
 * outbox's NOTIFY.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String LOCK_SQL =
            "SELECT pg_try_advisory_lock(hashtextextended('portal.techdocs-outbox-relay:' || current_schema(), 0))";
    private static final int BATCH = 100;
    private static final URI SOURCE = URI.create("/techdocs-service");

    private record Row(long id, String entityRef, EventType type, String payload) {
    }

    private final AgroalDataSource dataSource;
    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       KafkaTopicsConfig topics) {
        this.dataSource = dataSource;
        this.kafkaConfig = kafkaConfig;
        this.topic = topics.techdocsChanges();
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::run, "techdocs-outbox-relay");
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
                        LOG.warnf("Techdocs outbox relay paused (%s); retrying in 1 s", e.toString());
                        sleep(1_000);
                    }
                }
            }
        }
    }

    private void relay(Connection connection, KafkaProducer<String, byte[]> producer) throws Exception {
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN portal_techdocs_outbox");
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
            List<Row> batch = oldest(connection);
            if (batch.isEmpty()) {
                notifications.getNotifications(1_000);
                continue;
            }
            publish(producer, batch);
            remove(connection, batch);
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, List<Row> batch) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Row row : batch) {
            CloudEventEnvelope envelope = CloudEventEnvelope.create(SOURCE, row.type(), row.entityRef());
            sent.add(producer.send(KafkaCloudEvents.record(topic, row.entityRef(), envelope,
                    row.payload().getBytes(StandardCharsets.UTF_8))));
            if (row.type() == EventType.TECHDOCS_REMOVED) {
                sent.add(producer.send(KafkaCloudEvents.record(topic, row.entityRef(), envelope, null)));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            ack.get(30, TimeUnit.SECONDS); // any failure: the rows stay and the batch goes again
        }
    }

    private static List<Row> oldest(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, entity_ref, event_type, payload FROM outbox ORDER BY id LIMIT " + BATCH);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), EventType.fromType(rs.getString(3)).orElseThrow(),
                        rs.getString(4)));
            }
        }
        return rows;
    }

    private static void remove(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", rows.stream().map(Row::id).toArray(Long[]::new)));
            delete.executeUpdate();
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A built event carries every page's text (capped by portal.techdocs.max-event-bytes below Kafka's 1 MB).
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "techdocs-outbox-relay");
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
