package dev.portal.catalog.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.portal.events.EventType;
import dev.portal.events.KafkaTopicsConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes the outbox to {@code portal.entity.changes} in the order the rows were written, and deletes each row only
 * after Kafka acknowledged it: a crash at any point re-publishes (at least once, order kept), never loses. A delete is
 * followed by a tombstone so compaction forgets the entity. One replica relays at a time (a PostgreSQL advisory lock
 * per schema); it wakes on the outbox's NOTIFY rather than polling. The relay itself is the shared
 * {@link dev.portal.events.outbox.OutboxRelay}; this bean configures, starts and stops it.
 */
@ApplicationScoped
public class OutboxRelay {

    private final dev.portal.events.outbox.OutboxRelay relay;

    public OutboxRelay(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       KafkaTopicsConfig topics) {
        this.relay = new dev.portal.events.outbox.OutboxRelay(new dev.portal.events.outbox.OutboxRelay.Settings(
                dataSource, kafkaConfig, Map.of(), "catalog-outbox-relay", topics.entityChanges(),
                URI.create("/catalog-service"), "portal_outbox", "portal.outbox-relay", "outbox",
                "SELECT id, entity_ref, event_type, payload FROM outbox ORDER BY id LIMIT ?",
                rs -> new dev.portal.events.outbox.OutboxRelay.Row(rs.getLong(1), rs.getString(2),
                        EventType.fromType(rs.getString(3)).orElseThrow(), rs.getString(4)),
                Set.of(EventType.ENTITY_DELETED), 1000, Duration.ofSeconds(1), "outbox-relay", "Outbox relay"));
    }

    void start(@Observes StartupEvent startup) {
        relay.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        relay.stop();
    }

    /** Events published since start. */
    public long published() {
        return relay.published();
    }

    /** Events written but not yet acknowledged by Kafka. */
    public long pending() {
        return relay.pending();
    }
}
