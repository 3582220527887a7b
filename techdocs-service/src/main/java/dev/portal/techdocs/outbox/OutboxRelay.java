package dev.portal.techdocs.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;

import dev.portal.events.EventType;
import dev.portal.events.KafkaTopicsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes techdocs' outbox to {@code portal.techdocs.changes} (key = entity ref) in the order the rows were written,
 * deleting each row only after Kafka acknowledged it; a {@code removed} event is followed by a tombstone for the same
 * key so compaction forgets the entity. One replica relays at a time (an advisory lock per schema); it wakes on the
 * outbox's NOTIFY. The relay itself is the shared {@link dev.portal.events.outbox.OutboxRelay}; this bean configures,
 * starts and stops it.
 */
@ApplicationScoped
public class OutboxRelay {

    private final dev.portal.events.outbox.OutboxRelay relay;

    public OutboxRelay(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       KafkaTopicsConfig topics) {
        this.relay = new dev.portal.events.outbox.OutboxRelay(new dev.portal.events.outbox.OutboxRelay.Settings(
                dataSource, kafkaConfig,
                // A built event carries every page's text (capped by portal.techdocs.max-event-bytes below
                // Kafka's 1 MB).
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                "techdocs-outbox-relay", topics.techdocsChanges(), URI.create("/techdocs-service"),
                "portal_techdocs_outbox", "portal.techdocs-outbox-relay", "outbox",
                "SELECT id, entity_ref, event_type, payload FROM outbox ORDER BY id LIMIT ?",
                rs -> new dev.portal.events.outbox.OutboxRelay.Row(rs.getLong(1), rs.getString(2),
                        EventType.fromType(rs.getString(3)).orElseThrow(), rs.getString(4)),
                Set.of(EventType.TECHDOCS_REMOVED), 100, Duration.ofSeconds(1), "techdocs-outbox-relay",
                "Techdocs outbox relay"));
    }

    void start(@Observes StartupEvent startup) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        relay.stop();
    }
}
