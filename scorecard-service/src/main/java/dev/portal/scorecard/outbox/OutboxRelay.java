package dev.portal.scorecard.outbox;

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
 * Publishes the outbox to {@code portal.scorecard.changes} in write order, deleting rows only once Kafka acknowledged
 * them — a crash re-publishes (consumers keep the latest per key, so a duplicate is harmless), never loses, and no
 * event is ever sent for a rolled-back result (the catalog's pattern, design.md "Events"). Every row is a
 * {@code scorecard.evaluated} event; a null payload is sent as a tombstone. One replica relays at a time (advisory
 * lock per schema); it wakes on NOTIFY instead of polling. The relay itself is the shared
 * {@link dev.portal.events.outbox.OutboxRelay}; this bean configures, starts and stops it.
 */
@ApplicationScoped
public class OutboxRelay {

    private final dev.portal.events.outbox.OutboxRelay relay;

    public OutboxRelay(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                       KafkaTopicsConfig topics) {
        this.relay = new dev.portal.events.outbox.OutboxRelay(new dev.portal.events.outbox.OutboxRelay.Settings(
                dataSource, kafkaConfig, Map.of(ProducerConfig.LINGER_MS_CONFIG, 2), "scorecard-outbox-relay",
                topics.scorecardChanges(), URI.create("/scorecard-service"), "scorecard_outbox",
                "portal.scorecard-outbox", "outbox", "SELECT id, ref, payload FROM outbox ORDER BY id LIMIT ?",
                rs -> new dev.portal.events.outbox.OutboxRelay.Row(rs.getLong(1), rs.getString(2),
                        EventType.SCORECARD_EVALUATED, rs.getString(3)),
                Set.of(), 1000, Duration.ofMillis(500), "scorecard-outbox-relay", "Scorecard outbox relay"));
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
}
